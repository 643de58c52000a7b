import { expect, test } from 'vitest';
import { matchRoute } from './match-route';

test('matches literal paths and ignores trailing slashes', () => {
  expect(matchRoute('/', '/')).toEqual({});
  expect(matchRoute('/organisations', '/organisations/')).toEqual({});
  expect(matchRoute('/organisations', '/users')).toBeNull();
});

test('captures and decodes parameters', () => {
  expect(matchRoute('/organisations/:id', '/organisations/a%20b')).toEqual({ id: 'a b' });
  expect(matchRoute('/organisations/:id', '/organisations')).toBeNull();
  expect(matchRoute('/organisations/:id', '/organisations/1/members')).toBeNull();
});

test('refuses malformed percent-encoding instead of throwing', () => {
  expect(matchRoute('/users/:id', '/users/%E0%A4%A')).toBeNull();
});
