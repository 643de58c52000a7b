import { expect, test } from 'vitest';
import { dayBoundary, formatDate, formatDateTime } from './format';

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
