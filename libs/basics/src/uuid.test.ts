import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { isUuid } from './uuid';

test('isUuid takes the canonical form of any version in either case, and nothing around it', () => {
  const id = randomUUID();
  expect(isUuid(id)).toBe(true);
  expect(isUuid(id.toUpperCase())).toBe(true);
  expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
  expect(isUuid(` ${id}`)).toBe(false);
  expect(isUuid(id.replaceAll('-', ''))).toBe(false);
  expect(isUuid(`${id.slice(0, -1)}g`)).toBe(false);
  expect(isUuid('CASE-2026-0003')).toBe(false);
  expect(isUuid('results-website-defaced')).toBe(false);
});
