import type { KeyboardEvent } from 'react';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../lib/field-errors';
import type { MultiSelectOption } from './multi-select-filter';
import { filterOptions } from './multi-select-filter';
import { useServerMessage } from './use-message';

export type { MultiSelectOption } from './multi-select-filter';

/** The texts of a multi-select, in the caller's words and language (it has none of its own). */
export interface MultiSelectTexts {
  /** Label of the search field. */
  readonly search: string;
  /** Name of the list of matches, e.g. "Matching organisations". */
  readonly results: string;
  /** How many are chosen, e.g. "Shared with 2 organisations"; also the chosen list's name. */
  readonly chosen: (count: number) => string;
  /** Shown when nothing is chosen. */
  readonly noneChosen: string;
  /** How many options match the search and how many are listed. */
  readonly matches: (count: number, shown: number) => string;
  /** Name of the button that adds an option, e.g. "Add Valdoria National Police". */
  readonly add: (label: string) => string;
  /** Name of the button that removes a chosen option. */
  readonly remove: (label: string) => string;
  /** Announced after adding or removing, with the new count. */
  readonly added: (label: string, count: number) => string;
  readonly removed: (label: string, count: number) => string;
}

/** Props of the searchable multi-select. */
export interface MultiSelectProps {
  readonly form: string;
  /** The body field the chosen values are sent as; its errors show here and the error summary links to the search field. */
  readonly path: string;
  readonly legend: string;
  readonly hint?: string;
  readonly options: readonly MultiSelectOption[];
  /** The chosen values, in the order chosen. */
  readonly value: readonly string[];
  readonly onChange: (values: string[]) => void;
  readonly errors?: ReadonlyMap<string, readonly string[]>;
  readonly texts: MultiSelectTexts;
  /** At most this many matches are listed (type more to narrow); 8 unless given. */
  readonly limit?: number;
}

const CHIPS = { display: 'flex', flexWrap: 'wrap', gap: '0.5rem', listStyle: 'none', padding: 0, margin: '0 0 0.75rem' } as const;
const CHIP = { display: 'inline-flex', alignItems: 'center', gap: '0.4rem', padding: '0.15rem 0.2rem 0.15rem 0.7rem', borderRadius: '999px', border: '1px solid var(--control-border)', background: 'var(--primary-soft)' } as const;

/**
 * Chooses several of many options (hundreds of organisations): a search field that filters as
 * one types (every word, any order, ignoring case and accents), the matches as "Add" buttons,
 * and the chosen options as chips with a "Remove" button each and their count.
 *
 * Keyboard: in the search field, Enter adds the only match (or moves to the first of several;
 * it never submits the form), Arrow Down moves to the matches, Escape clears the search; in the
 * matches, Arrow Up and Down move between them (up from the first returns to the search field)
 * and Escape returns to the search field. After adding or removing, focus is back in the search
 * field and the change is announced with the new count. Plain buttons, so it also works with
 * Tab and Enter alone, and with a screen reader's browse mode.
 */
export function MultiSelect({ form, path, legend, hint, options, value, onChange, errors, texts, limit = 8 }: MultiSelectProps) {
  const { t } = useTranslation();
  const translate = useServerMessage();
  const [query, setQuery] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLUListElement>(null);
  const base = useId();
  const searchId = fieldId(form, path);
  const hintId = `${base}-hint`;
  const errorId = `${base}-error`;
  const statusId = `${base}-status`;
  const countId = `${base}-count`;
  const resultsId = `${base}-results`;

  const byValue = new Map(options.map((option) => [option.value, option]));
  const chosen = value.map((v) => byValue.get(v) ?? { value: v, label: v });
  const chosenSet = new Set(value);
  const matches = filterOptions(options, query).filter((option) => !chosenSet.has(option.value));
  const shown = matches.slice(0, limit);
  const messages = [...(errors?.entries() ?? [])].filter(([key]) => key === path || key.startsWith(`${path}.`)).flatMap(([, list]) => list);

  function add(option: MultiSelectOption): void {
    onChange([...value, option.value]);
    setQuery('');
    setAnnouncement(texts.added(option.label, value.length + 1));
    searchRef.current?.focus();
  }

  function remove(option: MultiSelectOption): void {
    onChange(value.filter((v) => v !== option.value));
    setAnnouncement(texts.removed(option.label, value.length - 1));
    searchRef.current?.focus();
  }

  const resultButtons = () => [...(resultsRef.current?.querySelectorAll('button') ?? [])];

  function searchKeys(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'Enter') {
      // Enter in a text field would submit the whole form: here it picks.
      event.preventDefault();
      const only = matches.length === 1 ? matches[0] : undefined;
      if (only) add(only);
      else resultButtons()[0]?.focus();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      resultButtons()[0]?.focus();
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      setQuery('');
    }
  }

  function resultKeys(event: KeyboardEvent<HTMLButtonElement>, index: number): void {
    const buttons = resultButtons();
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      buttons[Math.min(index + 1, buttons.length - 1)]?.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (index === 0) searchRef.current?.focus();
      else buttons[index - 1]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      searchRef.current?.focus();
    }
  }

  return (
    <fieldset className={messages.length > 0 ? 'field-invalid' : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {messages.length > 0 ? (
        <p className="field-error" id={errorId}>
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {messages.map(translate).join(' ')}
        </p>
      ) : null}
      <p id={countId} data-testid="multi-select-count">
        <strong>{texts.chosen(value.length)}</strong>
      </p>
      {chosen.length > 0 ? (
        <ul aria-labelledby={countId} style={CHIPS}>
          {chosen.map((option) => (
            <li key={option.value} style={CHIP}>
              <span>{option.label}</span>
              <button type="button" className="secondary small" onClick={() => remove(option)}>
                <span aria-hidden="true">×</span>
                <span className="visually-hidden">{texts.remove(option.label)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{texts.noneChosen}</p>
      )}
      <div className="field">
        <label htmlFor={searchId}>{texts.search}</label>
        <input
          ref={searchRef}
          id={searchId}
          type="search"
          value={query}
          autoComplete="off"
          aria-controls={resultsId}
          aria-describedby={[hint ? hintId : null, messages.length > 0 ? errorId : null, statusId].filter(Boolean).join(' ')}
          {...(messages.length > 0 ? { 'aria-invalid': true } : {})}
          onChange={(event) => {
            setQuery(event.target.value);
            setAnnouncement('');
          }}
          onKeyDown={searchKeys}
        />
      </div>
      <p id={statusId} className="muted" aria-live="polite" data-testid="multi-select-status">
        {announcement ? `${announcement} ` : ''}
        {texts.matches(matches.length, shown.length)}
      </p>
      <ul id={resultsId} ref={resultsRef} className="plain-list" aria-label={texts.results}>
        {shown.map((option, index) => (
          <li key={option.value}>
            <button type="button" className="secondary small" onClick={() => add(option)} onKeyDown={(event) => resultKeys(event, index)}>
              {texts.add(option.label)}
            </button>
            {option.detail ? <span className="muted small"> {option.detail}</span> : null}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
