import { expect, test } from 'vitest';
import { dayBoundary, formatDate, formatDateTime, formatRelativeDue, regionalLocale } from './format';

test('calendar dates do not shift with the time zone', () => {
  expect(formatDate('2027-05-09', 'en-GB')).toBe('9 May 2027');
  expect(formatDate('2027-05-09', 'fr')).toBe('9 mai 2027');
});

test('non-dates are shown as they are', () => {
  expect(formatDateTime('soon', 'en')).toBe('soon');
});

test('day boundaries cover the whole day', () => {
  const start = dayBoundary('2026-11-22', 'start');
  const end = dayBoundary('2026-11-22', 'end');
  expect(start).toBeDefined();
  expect(new Date(end ?? '').getTime() - new Date(start ?? '').getTime()).toBe(
    24 * 3600 * 1000 - 1,
  );
  expect(dayBoundary('22/11/2026', 'start')).toBeUndefined();
});

test("dates follow the browser's variant of the interface language", () => {
  expect(regionalLocale('en', ['en-GB', 'fr-FR'])).toBe('en-GB');
  expect(regionalLocale('fr', ['en-GB', 'fr-CA', 'fr-FR'])).toBe('fr-CA');
  // A browser without the interface language: the language alone.
  expect(regionalLocale('fr', ['en-GB'])).toBe('fr');
  expect(regionalLocale('en', [])).toBe('en');
  // An explicit region is kept.
  expect(regionalLocale('en-GB', ['en-US'])).toBe('en-GB');
  expect(formatDate('2027-01-21', regionalLocale('en', ['en-GB']))).toBe('21 January 2027');
});

test('relative due times read as words', () => {
  expect(formatRelativeDue('+15m', 'en')).toBe('15 minutes');
  expect(formatRelativeDue('+1h', 'en')).toBe('1 hour');
  // French puts a no-break space between the number and the unit.
  expect(formatRelativeDue('+7d', 'fr')).toMatch(/^7\s+jours$/u);
  expect(formatRelativeDue('+2h', 'fr')).toMatch(/^2\s+heures$/u);
  expect(formatRelativeDue('soon', 'fr')).toBe('soon');
});
