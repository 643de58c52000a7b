import type { OrganisationId } from '@vigil/domain';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../components/fields';

/** The values the jurisdiction forms share: name, ISO code and responsible organisation. */
export interface JurisdictionFieldValues {
  readonly name: string;
  readonly code: string;
  readonly responsible: string;
}

/**
 * Name, ISO 3166 code and responsible organisation of a jurisdiction, as both the create and
 * the edit forms show them, with the server's errors tied to each field.
 */
export function JurisdictionFields({
  form,
  values,
  onChange,
  organisations,
  errors,
}: {
  readonly form: string;
  readonly values: JurisdictionFieldValues;
  readonly onChange: (values: JurisdictionFieldValues) => void;
  readonly organisations: readonly { readonly id: OrganisationId; readonly name: string }[];
  readonly errors: ReadonlyMap<string, readonly string[]>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        form={form}
        path="name"
        label={t('jurisdictions.name')}
        autoComplete="off"
        value={values.name}
        onChange={(event) => onChange({ ...values, name: event.target.value })}
        errors={errors}
        required
      />
      <TextField
        form={form}
        path="code"
        label={t('jurisdictions.code')}
        hint={t('jurisdictions.codeHint')}
        autoComplete="off"
        className="input-short"
        value={values.code}
        onChange={(event) => onChange({ ...values, code: event.target.value })}
        errors={errors}
      />
      <SelectField
        form={form}
        path="responsibleOrganisationId"
        label={t('jurisdictions.responsible')}
        hint={t('jurisdictions.responsibleHint')}
        value={values.responsible}
        emptyLabel={t('jurisdictions.noResponsible')}
        options={organisations.map((organisation) => ({
          value: organisation.id,
          label: organisation.name,
        }))}
        onChange={(event) => onChange({ ...values, responsible: event.target.value })}
        errors={errors}
      />
    </>
  );
}
