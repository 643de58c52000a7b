import { expect, test } from 'vitest';
import { FIRST_PAGE, currentCursor, nextPage, previousPage } from './cursor-stack';

test('walks forward and back', () => {
  const second = nextPage(FIRST_PAGE, 'b');
  const third = nextPage(second, 'c');
  expect(currentCursor(third)).toBe('c');
  expect(currentCursor(previousPage(third))).toBe('b');
  expect(currentCursor(previousPage(previousPage(third)))).toBeUndefined();
  expect(previousPage(FIRST_PAGE)).toBe(FIRST_PAGE);
});
