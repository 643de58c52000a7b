import type { OrganisationId, OrganisationType, User, UserId } from '@vigil/domain';
import { mayAttempt } from '@vigil/domain';
import { expect, test } from 'vitest';
import { actorOf } from './actor-of';

const authority = '6f1c2a9e-0000-4000-8000-000000000001' as OrganisationId;
const monitor = '6f1c2a9e-0000-4000-8000-000000000002' as OrganisationId;

function user(overrides: Partial<User>): User {
  return {
    id: '6f1c2a9e-0000-4000-8000-0000000000aa' as UserId,
    email: 'a@example.org',
    name: 'A',
    isAdmin: false,
    locale: 'en',
    disabled: false,
    lockedUntil: null,
    createdAt: '2026-01-01T00:00:00Z',
    memberships: [],
    ...overrides,
  };
}

test('a coordinator of an election authority may write jurisdictions, not read the audit log', () => {
  const types = new Map<OrganisationId, OrganisationType>([[authority, 'election-authority']]);
  const actor = actorOf(
    user({
      memberships: [{ organisationId: authority, organisationName: 'EA', role: 'coordinator' }],
    }),
    types,
  );
  expect(mayAttempt(actor, 'jurisdiction.write')).toBe(true);
  expect(mayAttempt(actor, 'audit-log.read')).toBe(false);
  expect(mayAttempt(actor, 'user.create')).toBe(false);
});

test('memberships of unknown organisation type grant nothing', () => {
  const actor = actorOf(
    user({
      memberships: [{ organisationId: monitor, organisationName: 'M', role: 'coordinator' }],
    }),
    new Map(),
  );
  expect(mayAttempt(actor, 'jurisdiction.write')).toBe(false);
});

test('administrators may do everything', () => {
  expect(mayAttempt(actorOf(user({ isAdmin: true }), new Map()), 'organisation.create')).toBe(true);
});
