import type { Contact } from '@vigil/domain';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../components/fields';

/** A contact being edited: empty strings for the optional e-mail and phone. */
export interface ContactDraft {
  readonly key: number;
  readonly name: string;
  readonly role: string;
  readonly email: string;
  readonly phone: string;
}

/** Drafts of existing contacts. */
export function toDrafts(contacts: readonly Contact[]): readonly ContactDraft[] {
  return contacts.map((contact, index) => ({
    key: index + 1,
    name: contact.name,
    role: contact.role,
    email: contact.email ?? '',
    phone: contact.phone ?? '',
  }));
}

/** Contacts to send: blank e-mail and phone become `null`. */
export function fromDrafts(drafts: readonly ContactDraft[]): Contact[] {
  const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
  return drafts.map((draft) => ({
    name: draft.name,
    role: draft.role,
    email: orNull(draft.email),
    phone: orNull(draft.phone),
  }));
}

/** Props of the contacts editor. */
export interface ContactsEditorProps {
  readonly form: string;
  readonly drafts: readonly ContactDraft[];
  readonly onChange: (drafts: readonly ContactDraft[]) => void;
  readonly errors: ReadonlyMap<string, readonly string[]>;
}

/** Edits the contacts along the line of authority: add, change, remove. */
export function ContactsEditor({ form, drafts, onChange, errors }: ContactsEditorProps) {
  const { t } = useTranslation();
  const addButton = useRef<HTMLButtonElement>(null);
  function update(key: number, change: Partial<ContactDraft>): void {
    onChange(drafts.map((draft) => (draft.key === key ? { ...draft, ...change } : draft)));
  }
  return (
    <fieldset>
      <legend>{t('jurisdictions.contacts')}</legend>
      {drafts.length === 0 ? <p className="hint">{t('jurisdictions.noContacts')}</p> : null}
      {drafts.map((draft, index) => (
        <fieldset key={draft.key} className="row-group">
          <legend>{t('jurisdictions.contactNumber', { number: index + 1 })}</legend>
          <TextField
            form={form}
            path={`contacts.${index}.name`}
            label={t('jurisdictions.contactName')}
            autoComplete="off"
            value={draft.name}
            onChange={(event) => update(draft.key, { name: event.target.value })}
            errors={errors}
            required
          />
          <TextField
            form={form}
            path={`contacts.${index}.role`}
            label={t('jurisdictions.contactRole')}
            autoComplete="off"
            value={draft.role}
            onChange={(event) => update(draft.key, { role: event.target.value })}
            errors={errors}
          />
          <TextField
            form={form}
            path={`contacts.${index}.email`}
            type="email"
            autoComplete="off"
            label={t('jurisdictions.contactEmail')}
            value={draft.email}
            onChange={(event) => update(draft.key, { email: event.target.value })}
            errors={errors}
          />
          <TextField
            form={form}
            path={`contacts.${index}.phone`}
            type="tel"
            autoComplete="off"
            label={t('jurisdictions.contactPhone')}
            value={draft.phone}
            onChange={(event) => update(draft.key, { phone: event.target.value })}
            errors={errors}
          />
          <button
            type="button"
            className="secondary"
            onClick={() => {
              onChange(drafts.filter((other) => other.key !== draft.key));
              // The button leaves with its row: focus the one that adds rows.
              addButton.current?.focus();
            }}
          >
            {t('jurisdictions.removeContact', { number: index + 1 })}
          </button>
        </fieldset>
      ))}
      <button
        ref={addButton}
        type="button"
        className="secondary"
        onClick={() =>
          onChange([
            ...drafts,
            { key: (drafts.at(-1)?.key ?? 0) + 1, name: '', role: '', email: '', phone: '' },
          ])
        }
      >
        {t('jurisdictions.addContact')}
      </button>
    </fieldset>
  );
}
