import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Actor, ActorMembership, MarkedRecord } from './policy';
import { ACTIONS, can, canSeeMarked, mayAttempt } from './policy';
import type { OrganisationId, UserId } from './ids';
import { TLP_LEVELS } from './tlp';

const org = (n: number) => `00000000-0000-4000-8000-00000000000${n}` as OrganisationId;
const user = (memberships: ActorMembership[], extra: Partial<Extract<Actor, { kind: 'user' }>> = {}): Actor => ({
  kind: 'user',
  userId: 'u' as UserId,
  isAdmin: false,
  memberships,
  ...extra,
});

test('platform administrators may do everything; anonymous callers none of the platform actions', () => {
  for (const action of ACTIONS) expect(can(user([], { isAdmin: true }), action)).toBe(true);
  const platformActions = ['session.self', 'token.manage-own', 'organisation.read', 'organisation.create', 'organisation.update', 'user.read', 'user.create', 'user.update', 'membership.manage', 'jurisdiction.read', 'jurisdiction.write', 'election.read', 'election.write', 'audit-log.read', 'job.read'] as const;
  for (const action of platformActions) expect(can({ kind: 'anonymous' }, action)).toBe(false);
});

test('who may change the jurisdiction tree and calendars', () => {
  const coordinatorAt = (type: ActorMembership['organisationType']) => user([{ organisationId: org(1), organisationType: type, role: 'coordinator' }]);
  expect(can(coordinatorAt('election-authority'), 'jurisdiction.write')).toBe(true);
  expect(can(coordinatorAt('government-agency'), 'election.write')).toBe(true);
  expect(can(coordinatorAt('civil-society'), 'jurisdiction.write')).toBe(false);
  expect(can(user([{ organisationId: org(1), organisationType: 'election-authority', role: 'analyst' }]), 'election.write')).toBe(false);
  expect(can(user([{ organisationId: org(1), organisationType: 'civil-society', role: 'viewer' }]), 'jurisdiction.read')).toBe(true);
});

test('organisation admins administer their own organisation only', () => {
  const admin = user([{ organisationId: org(1), organisationType: 'civil-society', role: 'admin' }]);
  expect(can(admin, 'membership.manage', { organisationId: org(1) })).toBe(true);
  expect(can(admin, 'membership.manage', { organisationId: org(2) })).toBe(false);
  expect(can(admin, 'organisation.create')).toBe(false);
  expect(mayAttempt(admin, 'user.update')).toBe(true);
  expect(mayAttempt(user([{ organisationId: org(1), organisationType: 'civil-society', role: 'analyst' }]), 'user.update')).toBe(false);
});

test('a token never does more than its scopes allow, even for an administrator', () => {
  const readOnly = user([], { isAdmin: true, tokenScopes: ['read'] });
  expect(can(readOnly, 'organisation.read')).toBe(true);
  expect(can(readOnly, 'organisation.create')).toBe(false);
  expect(can(readOnly, 'jurisdiction.write')).toBe(false);
  expect(can(user([], { isAdmin: true, tokenScopes: ['read', 'write'] }), 'jurisdiction.write')).toBe(true);
});

// TLP 2.0 (FIRST): the table of who sees what, for a record produced by org 1, shared into a
// community of orgs 1–3, with org 2 named as recipient (need to know / RED recipient).
test.each([
  ['clear', [true, true, true, true, true]],
  ['green', [true, true, true, false, false]],
  ['amber', [true, true, false, false, false]],
  ['amber+strict', [true, false, false, false, false]],
  ['red', [true, true, false, false, false]],
] as const)('TLP:%s is seen by exactly the right organisations', (tlp, expected) => {
  const record: MarkedRecord = { tlp, ownerOrganisationId: org(1), communityOrganisationIds: [org(1), org(2), org(3)], recipientOrganisationIds: [org(2)] };
  const viewers: Actor[] = [1, 2, 3, 4].map((n) => user([{ organisationId: org(n), organisationType: 'civil-society', role: 'viewer' }]));
  viewers.push({ kind: 'anonymous' });
  expect(viewers.map((viewer) => canSeeMarked(viewer, record))).toEqual(expected);
});

test('a stricter marking is never seen by more organisations (monotone in TLP)', () => {
  fc.assert(
    fc.property(
      fc.subarray([1, 2, 3, 4, 5]),
      fc.subarray([1, 2, 3, 4, 5]),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      (community, recipients, owner, viewer) => {
        const actor = user([{ organisationId: org(viewer), organisationType: 'media', role: 'viewer' }]);
        const seen = TLP_LEVELS.map((tlp) =>
          canSeeMarked(actor, { tlp, ownerOrganisationId: org(owner), communityOrganisationIds: community.map(org), recipientOrganisationIds: recipients.map(org) }),
        );
        // clear ⊇ green ⊇ amber ⊇ amber+strict; red is for named recipients only.
        for (let i = 1; i < 4; i += 1) if (seen[i]) expect(seen[i - 1]).toBe(true);
        if (seen[4] && viewer !== owner) expect(recipients).toContain(viewer);
      },
    ),
  );
});
