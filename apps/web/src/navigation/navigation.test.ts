import type { Action } from '@vigil/domain';
import { expect, test } from 'vitest';
import { CAPABILITIES, FOUNDATION, isCurrent, visibleNavigation } from './navigation';

/** The capabilities as if none had pages yet. */
const WITHOUT_PAGES = CAPABILITIES.map((entry) => ({ ...entry, path: null }));

test('capabilities without pages are hidden, and so is their empty group', () => {
  const sections = visibleNavigation([...FOUNDATION, ...WITHOUT_PAGES], () => true);
  expect(sections.map((section) => section.group)).toEqual([
    'overview',
    'electionData',
    'administration',
    'account',
  ]);
});

test('a capability appears once it has a page', () => {
  const withPage = WITHOUT_PAGES.map((entry) =>
    entry.id === 'audit' ? { ...entry, path: '/audit' } : entry,
  );
  const capabilities = visibleNavigation(withPage, () => true).find(
    (section) => section.group === 'capabilities',
  );
  expect(capabilities?.entries.map((entry) => entry.id)).toEqual(['audit']);
});

test('the capabilities with pages show, in the order of the architecture', () => {
  const capabilities = visibleNavigation(CAPABILITIES, () => true).find(
    (section) => section.group === 'capabilities',
  );
  expect(capabilities?.entries.map((entry) => entry.id)).toEqual(
    CAPABILITIES.filter((entry) => entry.path !== null).map((entry) => entry.id),
  );
  expect(capabilities?.entries.map((entry) => entry.id)).toEqual(
    expect.arrayContaining(['respond', 'share', 'detect']),
  );
});

test('entries follow the permissions of the user', () => {
  const allowed = new Set<Action>([
    'session.self',
    'jurisdiction.read',
    'election.read',
    'token.manage-own',
  ]);
  const sections = visibleNavigation(FOUNDATION, (action) => allowed.has(action));
  expect(sections.flatMap((section) => section.entries.map((entry) => entry.id))).toEqual([
    'home',
    'jurisdictions',
    'elections',
    'tokens',
    'account',
  ]);
});

test('the eight capabilities of the architecture are registered', () => {
  expect(CAPABILITIES.map((entry) => entry.id)).toEqual([
    'assess',
    'audit',
    'respond',
    'share',
    'detect',
    'ads',
    'factcheck',
    'portal',
  ]);
});

test('current entry', () => {
  expect(isCurrent('/', '/')).toBe(true);
  expect(isCurrent('/', '/elections')).toBe(false);
  expect(isCurrent('/elections', '/elections/123')).toBe(true);
  expect(isCurrent('/account', '/account/tokens')).toBe(false);
  expect(isCurrent('/account/tokens', '/account/tokens')).toBe(true);
});
