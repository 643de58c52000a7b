import { shareRoutes } from '@vigil/api';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/use-load';
import { fieldId } from '../../lib/field-errors';
import { api } from '../../session/api-client';

/** Props of the DISARM technique picker. */
export interface DisarmPickerProps {
  readonly form: string;
  readonly value: readonly shareRoutes.DisarmTechniqueItem[];
  readonly onChange: (techniques: shareRoutes.DisarmTechniqueItem[]) => void;
  readonly errors?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Picks DISARM red techniques: a search field over id, name and tactic, results as a list of
 * "Add" buttons, and the chosen techniques with "Remove" buttons — plain buttons, so it works
 * with Tab and Enter, and screen readers hear how many results there are.
 */
export function DisarmPicker({ form, value, onChange, errors }: DisarmPickerProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const resultsId = useId();
  const results = useLoad(() => api.call(shareRoutes.listDisarmTechniques, { query: { q: query.trim() || undefined, limit: 20 } }), [query]);
  const chosen = new Set(value.map((technique) => technique.id));
  const messages = [...(errors?.entries() ?? [])].filter(([path]) => path.startsWith('disarmTechniques')).flatMap(([, list]) => list);
  const searchId = fieldId(form, 'disarmTechniques');
  return (
    <fieldset className={messages.length > 0 ? 'field-invalid' : undefined}>
      <legend>{t('share.disarm.legend')}</legend>
      <p className="hint">{t('share.disarm.hint')}</p>
      {messages.length > 0 ? <p className="field-error">{messages.join(' ')}</p> : null}
      {value.length > 0 ? (
        <>
          <h3 className="small">{t('share.disarm.chosen')}</h3>
          <ul className="plain-list" aria-label={t('share.disarm.chosen')}>
            {value.map((technique) => (
              <li key={technique.id}>
                <code>{technique.id}</code> {technique.name} <span className="muted">({technique.tacticName})</span>{' '}
                <button type="button" className="secondary small" onClick={() => onChange(value.filter((item) => item.id !== technique.id))}>
                  {t('share.disarm.remove', { id: technique.id })}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="field">
        <label htmlFor={searchId}>{t('share.disarm.search')}</label>
        <input id={searchId} type="search" value={query} onChange={(event) => setQuery(event.target.value)} aria-describedby={resultsId} autoComplete="off" />
      </div>
      <p id={resultsId} className="muted" aria-live="polite">
        {results.data ? t('share.disarm.found', { count: results.data.total, shown: results.data.items.length }) : t('common.loading')}
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
                aria-label={t('share.disarm.add', { id: technique.id, name: technique.name })}
              >
                {chosen.has(technique.id) ? t('share.disarm.added') : t('share.disarm.addShort')}
              </button>{' '}
              <code>{technique.id}</code> {technique.name} <span className="muted">— {technique.tacticName}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
