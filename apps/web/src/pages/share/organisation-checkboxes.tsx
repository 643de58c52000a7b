import { useTranslation } from 'react-i18next';
import { fieldId } from '../../lib/field-errors';

/** Checkboxes of organisations (the members of a community). */
export function OrganisationCheckboxes(props: {
  readonly form: string;
  readonly path: string;
  readonly legend: string;
  readonly organisations: readonly { readonly id: string; readonly name: string }[];
  readonly value: readonly string[];
  readonly onChange: (ids: string[]) => void;
  readonly errors?: ReadonlyMap<string, readonly string[]>;
}) {
  const { t } = useTranslation();
  const messages = [...(props.errors?.entries() ?? [])].filter(([path]) => path.startsWith(props.path)).flatMap(([, list]) => list);
  return (
    <fieldset id={fieldId(props.form, props.path)} className={messages.length > 0 ? 'field-invalid' : undefined}>
      <legend>{props.legend}</legend>
      {messages.length > 0 ? <p className="field-error">{messages.join(' ')}</p> : null}
      {props.organisations.length === 0 ? <p className="muted">{t('share.admin.noOrganisations')}</p> : null}
      {props.organisations.map((organisation) => {
        const id = `${props.form}-${props.path}-${organisation.id}`;
        return (
          <div key={organisation.id} className="field field-check">
            <input
              type="checkbox"
              id={id}
              checked={props.value.includes(organisation.id)}
              onChange={(event) => props.onChange(event.target.checked ? [...props.value, organisation.id] : props.value.filter((item) => item !== organisation.id))}
            />
            <label htmlFor={id}>{organisation.name}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
