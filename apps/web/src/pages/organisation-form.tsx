import type { Problem } from '@vigil/api';
import type { OrganisationType } from '@vigil/domain';
import { ORGANISATION_TYPES } from '@vigil/domain';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../components/error-summary';
import { SelectField, TextField } from '../components/fields';
import { useEnumOptions } from '../components/options';
import { fieldErrors } from '../lib/field-errors';
import { isOrganisationType } from '../lib/guards';

/** What the organisation form edits. */
export interface OrganisationValues {
  readonly name: string;
  readonly type: OrganisationType;
  readonly country: string | null;
}

/** Props of the organisation form. */
export interface OrganisationFormProps {
  readonly id: string;
  readonly initial: OrganisationValues;
  readonly submitLabel: string;
  readonly busy: boolean;
  readonly problem: Problem | null;
  readonly onSubmit: (values: OrganisationValues) => void;
  /** Only platform administrators change an organisation's type: others see it, fixed. */
  readonly typeLocked?: boolean;
}

/** Name, type and country of an organisation, for creating and editing. */
export function OrganisationForm({
  id,
  initial,
  submitLabel,
  busy,
  problem,
  onSubmit,
  typeLocked = false,
}: OrganisationFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial.name);
  const [type, setType] = useState<OrganisationType>(initial.type);
  const [country, setCountry] = useState(initial.country ?? '');
  const typeOptions = useEnumOptions(ORGANISATION_TYPES, 'organisationTypes');
  const errors = fieldErrors(problem);
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const code = country.trim().toUpperCase();
    onSubmit({ name, type, country: code === '' ? null : code });
  }
  return (
    <form id={id} onSubmit={submit} noValidate className="form">
      <ErrorSummary problem={problem} form={id} />
      <TextField
        form={id}
        path="name"
        label={t('organisations.name')}
        value={name}
        onChange={(event) => setName(event.target.value)}
        errors={errors}
        required
      />
      <SelectField
        form={id}
        path="type"
        label={t('organisations.type')}
        value={type}
        options={typeOptions}
        onChange={(event) => {
          if (isOrganisationType(event.target.value)) setType(event.target.value);
        }}
        errors={errors}
        required
        disabled={typeLocked}
        hint={typeLocked ? t('organisations.typeLocked') : undefined}
      />
      <TextField
        form={id}
        path="country"
        label={t('organisations.country')}
        hint={t('organisations.countryHint')}
        value={country}
        maxLength={2}
        className="input-short"
        autoComplete="off"
        onChange={(event) => setCountry(event.target.value)}
        errors={errors}
      />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
