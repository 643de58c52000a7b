import { expect, test } from 'vitest';
import { fieldErrors, fieldId, normalisePath } from './field-errors';

test('groups messages by normalised path', () => {
  const errors = fieldErrors({
    type: 'about:blank',
    title: 'Bad input',
    status: 400,
    errors: [
      { path: '/name', message: 'required' },
      { path: '/memberships/0/role', message: 'invalid role' },
      { path: '/name', message: 'too long' },
      { path: '', message: 'form-level' },
    ],
  });
  expect(errors.get('name')).toEqual(['required', 'too long']);
  expect(errors.get('memberships.0.role')).toEqual(['invalid role']);
  expect(errors.get('')).toEqual(['form-level']);
});

test('no problem means no errors', () => {
  expect(fieldErrors(null).size).toBe(0);
});

test('JSON pointer escapes and file positions', () => {
  expect(normalisePath('/a~1b/c~0d')).toBe('a/b.c~d');
  expect(normalisePath('line 3, column 2')).toBe('line 3, column 2');
  expect(normalisePath('/')).toBe('');
});

test('field ids are valid HTML ids', () => {
  expect(fieldId('user', 'memberships.0.role')).toBe('user-memberships-0-role');
});
