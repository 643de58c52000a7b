import { expect, test } from 'vitest';
import en from '../i18n/en.json';
import { serverMessageKey } from './server-message';

test('known messages map to keys with their values', () => {
  expect(serverMessageKey('required')).toEqual({ key: 'serverMessages.required', values: {} });
  expect(serverMessageKey('at least 12 characters')).toEqual({
    key: 'serverMessages.minLength',
    values: { min: '12' },
  });
  expect(serverMessageKey('duplicate choice "Yes"')).toEqual({
    key: 'serverMessages.duplicateChoice',
    values: { choice: 'Yes' },
  });
});

test('zod number bounds keep their value', () => {
  expect(serverMessageKey('Too big: expected number to be <=366')).toEqual({
    key: 'serverMessages.numberMax',
    values: { max: '366' },
  });
  expect(serverMessageKey('Too small: expected number to be >0')).toEqual({
    key: 'serverMessages.numberAbove',
    values: { min: '0' },
  });
});

test('a case one may not see reads as not found or not shared, in the reader\'s language', () => {
  // The server's words for GET /api/v1/cases/{id} on an unknown or invisible case.
  expect(serverMessageKey('no case with this id or reference')).toEqual({ key: 'serverMessages.noSuchCase', values: {} });
  expect(en.serverMessages.noSuchCase).toMatch(/not shared with your organisation/);
});

test('unknown messages are shown as they came', () => {
  expect(serverMessageKey('the parent is not above this level')).toBeNull();
});

test('every key the patterns use exists in the translations', () => {
  const messages = en.serverMessages as Record<string, string>;
  for (const sample of [
    'required',
    'a valid e-mail address',
    'at least 1 characters',
    'at most 2 characters',
    'an ISO 3166 code such as FR or FR-IDF',
    'an ISO 3166-1 alpha-2 code such as FR',
    'a phone number such as +1',
    'a date such as 2027-05-09',
    'at least two choices',
    'at least one scope',
    'fewer seats than choices',
    'duplicate choice "x"',
    'exactly one election-day milestone',
    'see errors for each field',
    'wrong password',
    'same as the current password',
    'no user with this id',
  ]) {
    const found = serverMessageKey(sample);
    expect(found).not.toBeNull();
    expect(messages[found?.key.replace('serverMessages.', '') ?? '']).toBeTypeOf('string');
  }
});
