import { useTranslation } from 'react-i18next';
import { fieldId } from '../../lib/field-errors';

/** Props of the recipients picker. */
export interface RecipientsPickerProps {
  readonly form: string;
  readonly organisations: readonly { readonly id: string; readonly name: string }[];
  readonly value: readonly string[];
  readonly onChange: (ids: string[]) => void;
  readonly errors?: ReadonlyMap<string, readonly string[]>;
  readonly level: 'amber' | 'red';
}

/** Checkboxes of the community's organisations: the named recipients of an AMBER or RED object. */
export function RecipientsPicker({ form, organisations, value, onChange, errors, level }: RecipientsPickerProps) {
  const { t } = useTranslation();
  const messages = errors?.get('recipientOrganisationIds') ?? [];
  return (
    <fieldset id={fieldId(form, 'recipientOrganisationIds')} className={messages.length > 0 ? 'field-invalid' : undefined}>
      <legend>{t('share.recipients.legend')}</legend>
      <p className="hint">{t(level === 'amber' ? 'share.recipients.amberHint' : 'share.recipients.redHint')}</p>
      {messages.length > 0 ? <p className="field-error">{messages.join(' ')}</p> : null}
      {organisations.length === 0 ? <p className="muted">{t('share.recipients.none')}</p> : null}
      {organisations.map((organisation) => {
        const id = `${form}-recipient-${organisation.id}`;
        return (
          <div key={organisation.id} className="field field-check">
            <input
              type="checkbox"
              id={id}
              checked={value.includes(organisation.id)}
              onChange={(event) => onChange(event.target.checked ? [...value, organisation.id] : value.filter((item) => item !== organisation.id))}
            />
            <label htmlFor={id}>{organisation.name}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
