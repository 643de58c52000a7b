import type { Tlp } from '@vigil/domain';
import { TLP_LEVELS } from '@vigil/domain';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../../lib/field-errors';

/** Props of the TLP picker. */
export interface TlpPickerProps {
  readonly form: string;
  readonly value: Tlp;
  readonly onChange: (tlp: Tlp) => void;
  readonly errors?: ReadonlyMap<string, readonly string[]>;
}

/**
 * The Traffic Light Protocol 2.0 levels as radio buttons, each with what it means for who
 * will see the object (FIRST TLP 2.0 and how Vigil enforces it).
 */
export function TlpPicker({ form, value, onChange, errors }: TlpPickerProps) {
  const { t } = useTranslation();
  const messages = errors?.get('tlp') ?? [];
  return (
    <fieldset id={fieldId(form, 'tlp')} className={messages.length > 0 ? 'field-invalid' : undefined}>
      <legend>{t('share.tlp.legend')}</legend>
      <p className="hint">{t('share.tlp.hint')}</p>
      {messages.length > 0 ? <p className="field-error">{messages.join(' ')}</p> : null}
      {TLP_LEVELS.map((level) => {
        const id = `${form}-tlp-${level.replace('+', '-')}`;
        return (
          <div key={level} className="field field-check">
            <input type="radio" id={id} name={`${form}-tlp`} value={level} checked={value === level} onChange={() => onChange(level)} aria-describedby={`${id}-hint`} />
            <label htmlFor={id}>{t(`share.tlp.levels.${level.replace('+', '-')}.name`)}</label>
            <p className="hint" id={`${id}-hint`}>
              {t(`share.tlp.levels.${level.replace('+', '-')}.meaning`)}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}

/** A TLP level as text, e.g. `TLP:AMBER+STRICT`. */
export function tlpLabel(tlp: Tlp): string {
  return `TLP:${tlp.toUpperCase()}`;
}
