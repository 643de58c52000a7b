import { expect, test } from 'vitest';
import { RESPOND_SECTIONS } from '../pages/respond/triage/respond-sections';
import { RESOURCES } from './resources';

const { en, fr } = RESOURCES;

/** Every leaf key of a nested translation object, as `a.b.c`. */
function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    leafKeys(child, prefix ? `${prefix}.${key}` : key),
  );
}

test('English and French have exactly the same keys', () => {
  expect(leafKeys(fr).sort()).toEqual(leafKeys(en).sort());
});

test('no translation is empty', () => {
  const values = (object: unknown): unknown[] =>
    typeof object === 'object' && object !== null
      ? Object.values(object).flatMap(values)
      : [object];
  for (const value of [...values(en), ...values(fr)]) {
    expect(typeof value === 'string' && value.trim().length > 0).toBe(true);
  }
});

test('French and English use the same interpolation variables', () => {
  const variables = (text: string) =>
    [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
  const lookup = (object: unknown, key: string): string =>
    key
      .split('.')
      .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], object) as string;
  for (const key of leafKeys(en)) {
    expect([key, variables(lookup(fr, key))]).toEqual([key, variables(lookup(en, key))]);
  }
});

/** The source of the web app, to find the keys it asks for. */
const SOURCES = import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts'], {
  eager: true,
  query: '?raw',
  import: 'default',
});

/** Whether `key` names a text in `texts` (or its i18next plural forms). */
function hasText(texts: unknown, key: string): boolean {
  const at = (full: string): unknown =>
    full
      .split('.')
      .reduce<unknown>(
        (node, part) =>
          typeof node === 'object' && node !== null
            ? (node as Record<string, unknown>)[part]
            : undefined,
        texts,
      );
  return [key, `${key}_one`, `${key}_other`].some((candidate) => typeof at(candidate) === 'string');
}

// A key missing from both languages passes the tests above and shows raw on screen (QA found
// `respond.common.sections.slaPolicyDescription` on the respond home page).
test("every key the code names literally, t('a.b') or `a.b`, has a text in English and French", () => {
  expect(Object.keys(SOURCES).length).toBeGreaterThan(50);
  const missing: string[] = [];
  let found = 0;
  for (const [file, source] of Object.entries(SOURCES)) {
    for (const match of source.matchAll(/\bt\(\s*(?:'([\w.-]+)'|`([\w.-]+)`)/g)) {
      const key = match[1] ?? match[2] ?? '';
      found += 1;
      for (const [locale, texts] of Object.entries(RESOURCES))
        if (!hasText(texts, key)) missing.push(`${file}: ${key} (${locale})`);
    }
  }
  expect(found).toBeGreaterThan(500);
  expect(missing).toEqual([]);
});

test('every part of the respond home page has a label and a description in English and French', () => {
  for (const section of RESPOND_SECTIONS)
    for (const key of [
      `respond.common.sections.${section.id}`,
      `respond.common.sections.${section.id}Description`,
    ])
      for (const texts of Object.values(RESOURCES))
        expect([key, hasText(texts, key)]).toEqual([key, true]);
});
