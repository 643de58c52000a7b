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

// ---- respond: cases, notes and plans ------------------------------------------------------------
import type { CaseAccess } from './policy';
import { canSeeCase, canSeeCaseNote, canSignOffPlan, canWorkOnCase } from './policy';

// A case owned by org 1 with org 2 collaborating; org 3 is an outsider. Viewers: orgs 1–3,
// a platform administrator of org 4, anonymous.
const caseViewers: Actor[] = [
  ...[1, 2, 3].map((n) => user([{ organisationId: org(n), organisationType: 'government-agency', role: 'analyst' }])),
  user([{ organisationId: org(4), organisationType: 'election-authority', role: 'admin' }], { isAdmin: true }),
  { kind: 'anonymous' },
];

test.each([
  ['clear', [true, true, true, true, false]],
  ['green', [true, true, false, false, false]],
  ['amber', [true, true, false, false, false]],
  ['amber+strict', [true, false, false, false, false]],
  ['red', [true, true, false, false, false]],
] as const)('a TLP:%s case is seen by its organisations as TLP 2.0 says; administrators get no bypass', (tlp, expected) => {
  const access: CaseAccess = { tlp, ownerOrganisationId: org(1), collaboratorOrganisationIds: [org(2)] };
  expect(caseViewers.map((viewer) => canSeeCase(viewer, access))).toEqual(expected);
});

test('only analysts of the case organisations work on a case, even a CLEAR one', () => {
  const access: CaseAccess = { tlp: 'clear', ownerOrganisationId: org(1), collaboratorOrganisationIds: [org(2)] };
  expect(caseViewers.map((viewer) => canWorkOnCase(viewer, access))).toEqual([true, true, false, false, false]);
  expect(canWorkOnCase(user([{ organisationId: org(1), organisationType: 'government-agency', role: 'viewer' }]), access)).toBe(false);
  expect(canWorkOnCase({ kind: 'system', name: 'detect' }, access)).toBe(true);
});

test('a RED note on a GREEN case is seen by its author organisation and named recipients only', () => {
  const access: CaseAccess = { tlp: 'green', ownerOrganisationId: org(1), collaboratorOrganisationIds: [org(2), org(3)] };
  const viewers = [1, 2, 3, 5].map((n) => user([{ organisationId: org(n), organisationType: 'government-agency', role: 'analyst' }]));
  const red = { tlp: 'red', authorOrganisationId: org(2), recipientOrganisationIds: [org(3)] } as const;
  expect(viewers.map((viewer) => canSeeCaseNote(viewer, access, red))).toEqual([false, true, true, false]);
  const strict = { tlp: 'amber+strict', authorOrganisationId: org(1), recipientOrganisationIds: [org(2)] } as const;
  expect(viewers.map((viewer) => canSeeCaseNote(viewer, access, strict))).toEqual([true, false, false, false]);
  const green = { tlp: 'green', authorOrganisationId: null, recipientOrganisationIds: [] } as const;
  expect(viewers.map((viewer) => canSeeCaseNote(viewer, access, green))).toEqual([true, true, true, false]);
});

test('a note is never seen by someone who cannot see its case, and never beyond its own marking', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...TLP_LEVELS),
      fc.constantFrom(...TLP_LEVELS),
      fc.subarray([2, 3, 4, 5]),
      fc.subarray([1, 2, 3, 4, 5]),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      (caseTlp, noteTlp, collaborators, recipients, author, viewer) => {
        const access: CaseAccess = { tlp: caseTlp, ownerOrganisationId: org(1), collaboratorOrganisationIds: collaborators.map(org) };
        const actor = user([{ organisationId: org(viewer), organisationType: 'media', role: 'analyst' }]);
        const note = { tlp: noteTlp, authorOrganisationId: org(author), recipientOrganisationIds: recipients.map(org) };
        if (canSeeCaseNote(actor, access, note)) {
          expect(canSeeCase(actor, access)).toBe(true);
          if (noteTlp === 'red' && viewer !== author) expect(recipients).toContain(viewer);
          if (noteTlp === 'amber+strict') expect(viewer).toBe(author);
        }
      },
    ),
  );
});

test('a plan is signed off by a coordinator or administrator of its decision-owner organisation', () => {
  const plan = { decisionOwnerOrganisationId: org(1) };
  expect(canSignOffPlan(user([{ organisationId: org(1), organisationType: 'election-authority', role: 'coordinator' }]), plan)).toBe(true);
  expect(canSignOffPlan(user([{ organisationId: org(1), organisationType: 'election-authority', role: 'analyst' }]), plan)).toBe(false);
  expect(canSignOffPlan(user([{ organisationId: org(2), organisationType: 'election-authority', role: 'admin' }]), plan)).toBe(false);
  expect(canSignOffPlan({ kind: 'anonymous' }, plan)).toBe(false);
});

// ---- respond: escalation, requests and public notices (R3) ------------------------------------

import { canAnswerFor, canDecideNotice } from './policy';
import type { OrganisationType } from './organisation';
import type { Role } from './user';

test('a notice is decided by the case’s decision owner, else by a coordinator of the owner organisation', () => {
  const org = '00000000-0000-4000-8000-0000000000a1' as OrganisationId;
  const other = '00000000-0000-4000-8000-0000000000a2' as OrganisationId;
  const member = (userId: string, role: Role, organisationId: OrganisationId, organisationType: OrganisationType = 'election-authority'): Actor => ({
    kind: 'user',
    userId: userId as UserId,
    isAdmin: false,
    memberships: [{ organisationId, organisationType, role }],
  });
  const coordinator = member('00000000-0000-4000-8000-0000000000b1', 'coordinator', org);
  const analyst = member('00000000-0000-4000-8000-0000000000b2', 'analyst', org);
  const outsider = member('00000000-0000-4000-8000-0000000000b3', 'coordinator', other);
  const civil = member('00000000-0000-4000-8000-0000000000b4', 'coordinator', org, 'civil-society');
  expect(canDecideNotice(coordinator, { decisionOwnerUserId: null, ownerOrganisationId: org })).toBe(true);
  expect(canDecideNotice(analyst, { decisionOwnerUserId: null, ownerOrganisationId: org })).toBe(false);
  expect(canDecideNotice(outsider, { decisionOwnerUserId: null, ownerOrganisationId: org })).toBe(false);
  expect(canDecideNotice(civil, { decisionOwnerUserId: null, ownerOrganisationId: org })).toBe(false);
  // A named decision owner decides alone.
  expect(canDecideNotice(coordinator, { decisionOwnerUserId: '00000000-0000-4000-8000-0000000000b3' as UserId, ownerOrganisationId: org })).toBe(false);
  expect(canDecideNotice(outsider, { decisionOwnerUserId: '00000000-0000-4000-8000-0000000000b3' as UserId, ownerOrganisationId: org })).toBe(true);
  expect(canDecideNotice({ kind: 'anonymous' }, { decisionOwnerUserId: null, ownerOrganisationId: org })).toBe(false);
  // Only members who work for the addressed organisation answer for it; a read-only token does not.
  expect(canAnswerFor(analyst, org)).toBe(true);
  expect(canAnswerFor(outsider, org)).toBe(false);
  expect(canAnswerFor(member('00000000-0000-4000-8000-0000000000b5', 'viewer', org), org)).toBe(false);
  expect(canAnswerFor({ ...(analyst as Extract<Actor, { kind: 'user' }>), tokenScopes: ['read'] }, org)).toBe(false);
  expect(canAnswerFor({ kind: 'user', userId: 'x' as UserId, isAdmin: true, memberships: [] }, org)).toBe(false);
});

// ---- respond: settings, plan markings (respond polish) -----------------------------------------

import { canSeePlan } from './policy';

test('a contingency plan is seen by its decision owner and the organisations it is shared with, as its TLP allows', () => {
  const owner = '00000000-0000-4000-8000-0000000000c1' as OrganisationId;
  const partner = '00000000-0000-4000-8000-0000000000c2' as OrganisationId;
  const outsider = '00000000-0000-4000-8000-0000000000c3' as OrganisationId;
  const analystOf = (organisationId: OrganisationId): Actor => user([{ organisationId, organisationType: 'government-agency', role: 'analyst' }]);
  const plan = (tlp: (typeof TLP_LEVELS)[number]) => ({ tlp, decisionOwnerOrganisationId: owner, sharedWithOrganisationIds: [partner] });
  // [tlp, owner, partner, outsider] from TLP 2.0 with the owner and its partners as the community.
  const table = [
    ['clear', true, true, true],
    ['green', true, true, false],
    ['amber', true, true, false],
    ['amber+strict', true, false, false],
    ['red', true, true, false],
  ] as const;
  for (const [tlp, ownerSees, partnerSees, outsiderSees] of table) {
    expect(canSeePlan(analystOf(owner), plan(tlp)), `${tlp} owner`).toBe(ownerSees);
    expect(canSeePlan(analystOf(partner), plan(tlp)), `${tlp} partner`).toBe(partnerSees);
    expect(canSeePlan(analystOf(outsider), plan(tlp)), `${tlp} outsider`).toBe(outsiderSees);
  }
  // Without case.read (the public) nothing, even CLEAR; platform administrators get no bypass.
  expect(canSeePlan({ kind: 'anonymous' }, plan('clear'))).toBe(false);
  expect(canSeePlan({ kind: 'user', userId: 'x' as UserId, isAdmin: true, memberships: [] }, plan('amber'))).toBe(false);
});

// ---- share: who writes ---------------------------------------------------------------------------

import { canDeleteShared, canUseCollection } from './policy';
import { ROLES } from './user';

test('sharing needs a role that shares, through the membership of the writing or producing organisation', () => {
  const writer = '00000000-0000-4000-8000-0000000000d1' as OrganisationId;
  const other = '00000000-0000-4000-8000-0000000000d2' as OrganisationId;
  const collection = { publicRead: false, readerOrganisationIds: [writer, other], writerOrganisationIds: [writer] };
  for (const role of ROLES) {
    const member = user([{ organisationId: writer, organisationType: 'government-agency', role }]);
    expect(can(member, 'share.write'), role).toBe(role !== 'viewer');
    expect(canUseCollection(member, 'read', collection), role).toBe(true);
    expect(canUseCollection(member, 'write', collection), role).toBe(role !== 'viewer');
    expect(canDeleteShared(member, collection, writer), role).toBe(role !== 'viewer');
  }
  // A viewer of the writing organisation who is an analyst elsewhere does not write here, nor delete its objects.
  const mixed = user([
    { organisationId: writer, organisationType: 'government-agency', role: 'viewer' },
    { organisationId: other, organisationType: 'civil-society', role: 'analyst' },
  ]);
  expect(can(mixed, 'share.write')).toBe(true);
  expect(canUseCollection(mixed, 'write', collection)).toBe(false);
  expect(canDeleteShared(mixed, collection, writer)).toBe(false);
});
