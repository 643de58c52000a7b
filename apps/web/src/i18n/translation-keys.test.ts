import { expect, test } from 'vitest';
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
