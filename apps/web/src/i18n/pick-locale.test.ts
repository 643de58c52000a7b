import { expect, test } from 'vitest';
import { pickLocale } from './pick-locale';

test('a saved choice wins over the browser preferences', () => {
  expect(pickLocale('fr', ['en-GB'])).toBe('fr');
});

test('falls back to the first preferred language we speak, then English', () => {
  expect(pickLocale(null, ['de-DE', 'fr-CA', 'en'])).toBe('fr');
  expect(pickLocale('klingon', ['de'])).toBe('en');
  expect(pickLocale(null, [])).toBe('en');
});
