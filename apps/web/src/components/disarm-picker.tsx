import { shareRoutes } from '@vigil/api';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../lib/field-errors';
import { api } from '../session/api-client';
import { useLoad } from './use-load';

/** Props of the DISARM technique picker. */
export interface DisarmPickerProps {
  readonly form: string;
  readonly value: readonly shareRoutes.DisarmTechniqueItem[];
  readonly onChange: (techniques: shareRoutes.DisarmTechniqueItem[]) => void;
  readonly errors?: ReadonlyMap<string, readonly string[]>;
  /** The field the chosen ids are sent as (its errors show here); `disarmTechniques` unless given. */
  readonly path?: string;
  /** What the techniques are used for on this form; a general hint unless given. */
  readonly hint?: string;
}

/**
 * Picks DISARM red techniques: a search field over id, name and tactic, results as a list of
 * "Add" buttons, and the chosen techniques with "Remove" buttons — plain buttons, so it works
 * with Tab and Enter, and screen readers hear how many results there are. Used by the sharing
 * pages (STIX objects) and respond's triage (reports).
 */
export function DisarmPicker({ form, value, onChange, errors, path = 'disarmTechniques', hint }: DisarmPickerProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const resultsId = useId();
  const results = useLoad(() => api.call(shareRoutes.listDisarmTechniques, { query: { q: query.trim() || undefined, limit: 20 } }), [query]);
  const chosen = new Set(value.map((technique) => technique.id));
  const messages = [...(errors?.entries() ?? [])].filter(([key]) => key.startsWith(path)).flatMap(([, list]) => list);
  const searchId = fieldId(form, path);
  return (
    <fieldset className={messages.length > 0 ? 'field-invalid' : undefined}>
      <legend>{t('disarm.legend')}</legend>
      <p className="hint">{hint ?? t('disarm.hint')}</p>
      {messages.length > 0 ? <p className="field-error">{messages.join(' ')}</p> : null}
      {value.length > 0 ? (
        <>
          <h3 className="small">{t('disarm.chosen')}</h3>
          <ul className="plain-list" aria-label={t('disarm.chosen')}>
            {value.map((technique) => (
              <li key={technique.id}>
                <code>{technique.id}</code> {technique.name} <span className="muted">({technique.tacticName})</span>{' '}
                <button type="button" className="secondary small" onClick={() => onChange(value.filter((item) => item.id !== technique.id))}>
                  {t('disarm.remove', { id: technique.id })}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="field">
        <label htmlFor={searchId}>{t('disarm.search')}</label>
        <input id={searchId} type="search" value={query} onChange={(event) => setQuery(event.target.value)} aria-describedby={resultsId} autoComplete="off" />
      </div>
      <p id={resultsId} className="muted" aria-live="polite">
        {results.data ? t('disarm.found', { count: results.data.total, shown: results.data.items.length }) : t('common.loading')}
      </p>
      {results.data && results.data.items.length > 0 ? (
        <ul className="plain-list">
          {results.data.items.map((technique) => (
            <li key={technique.id}>
              <button
                type="button"
                className="secondary small"
                disabled={chosen.has(technique.id)}
                onClick={() => onChange([...value, technique])}
                aria-label={t('disarm.add', { id: technique.id, name: technique.name })}
              >
                {chosen.has(technique.id) ? t('disarm.added') : t('disarm.addShort')}
              </button>{' '}
              <code>{technique.id}</code> {technique.name} <span className="muted">— {technique.tacticName}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
