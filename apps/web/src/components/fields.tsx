import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../lib/field-errors';
import { useServerMessage } from './use-message';

interface FieldBase {
  /** Id of the form: with `path` it makes the element id the error summary links to. */
  readonly form: string;
  /** Dotted path of the field in the request body, as the server names it in errors. */
  readonly path: string;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly errors?: ReadonlyMap<string, readonly string[]>;
  readonly required?: boolean;
}

interface Described {
  readonly id: string;
  readonly 'aria-describedby'?: string;
  readonly 'aria-invalid'?: boolean;
  readonly required?: boolean;
}

function useField({ form, path, errors, hint, required }: FieldBase): {
  control: Described;
  hintId: string;
  errorId: string;
  messages: readonly string[];
} {
  const id = fieldId(form, path);
  const messages = errors?.get(path) ?? [];
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, messages.length > 0 ? errorId : null]
    .filter(Boolean)
    .join(' ');
  return {
    control: {
      id,
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      ...(messages.length > 0 ? { 'aria-invalid': true } : {}),
      ...(required ? { required: true } : {}),
    },
    hintId,
    errorId,
    messages,
  };
}

function FieldFrame({
  base,
  field,
  children,
}: {
  readonly base: FieldBase;
  readonly field: ReturnType<typeof useField>;
  readonly children: ReactNode;
}) {
  const { t } = useTranslation();
  const translate = useServerMessage();
  return (
    <div className={field.messages.length > 0 ? 'field field-invalid' : 'field'}>
      <label htmlFor={field.control.id}>
        {base.label}
        {base.required ? <span className="required"> ({t('form.required')})</span> : null}
      </label>
      {base.hint ? (
        <p className="hint" id={field.hintId}>
          {base.hint}
        </p>
      ) : null}
      {field.messages.length > 0 ? (
        <p className="field-error" id={field.errorId}>
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {field.messages.map(translate).join(' ')}
        </p>
      ) : null}
      {children}
    </div>
  );
}

/** Props of a text input with its label, hint and errors. */
export type TextFieldProps = FieldBase &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'form' | 'required'>;

/** A labelled input whose hint and errors are tied to it (aria-describedby, aria-invalid). */
export function TextField(props: TextFieldProps) {
  const { form, path, label, hint, errors, required, ...input } = props;
  const base = { form, path, label, hint, errors, required };
  const field = useField(base);
  return (
    <FieldFrame base={base} field={field}>
      <input type="text" {...input} {...field.control} />
    </FieldFrame>
  );
}

/** Props of a multi-line text field. */
export type TextAreaFieldProps = FieldBase &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'form' | 'required'>;

/** A labelled text area with hint and errors. */
export function TextAreaField(props: TextAreaFieldProps) {
  const { form, path, label, hint, errors, required, ...textarea } = props;
  const base = { form, path, label, hint, errors, required };
  const field = useField(base);
  return (
    <FieldFrame base={base} field={field}>
      <textarea {...textarea} {...field.control} />
    </FieldFrame>
  );
}

/** One option of a select. */
export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

/** Props of a select with its label, hint and errors. */
export type SelectFieldProps = FieldBase &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'form' | 'required'> & {
    readonly options: readonly SelectOption[];
    /** Label of an empty first option, when the field may be left empty. */
    readonly emptyLabel?: string;
  };

/** A labelled select with hint and errors. */
export function SelectField(props: SelectFieldProps) {
  const { form, path, label, hint, errors, required, options, emptyLabel, ...select } = props;
  const base = { form, path, label, hint, errors, required };
  const field = useField(base);
  return (
    <FieldFrame base={base} field={field}>
      <select {...select} {...field.control}>
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Props of a checkbox with its label and errors. */
export type CheckboxFieldProps = Omit<FieldBase, 'required'> &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'form' | 'type'>;

/** A checkbox with its label after it, hint and errors tied to it. */
export function CheckboxField(props: CheckboxFieldProps) {
  const { form, path, label, hint, errors, ...input } = props;
  const field = useField({ form, path, label, hint, errors });
  const translate = useServerMessage();
  const { t } = useTranslation();
  return (
    <div
      className={
        field.messages.length > 0 ? 'field field-check field-invalid' : 'field field-check'
      }
    >
      <input type="checkbox" {...input} {...field.control} />
      <label htmlFor={field.control.id}>{label}</label>
      {hint ? (
        <p className="hint" id={field.hintId}>
          {hint}
        </p>
      ) : null}
      {field.messages.length > 0 ? (
        <p className="field-error" id={field.errorId}>
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {field.messages.map(translate).join(' ')}
        </p>
      ) : null}
    </div>
  );
}
