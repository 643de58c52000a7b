/**
 * The one policy module: every permission of Vigil is decided here, by the HTTP API, the
 * TAXII server, the CLI, exports and search alike. Pure: it sees the actor and the resource,
 * nothing else.
 */
import { throwIllegalValue } from '@vigil/basics';
import { z } from 'zod';
import type { OrganisationId, UserId } from './ids';
import type { OrganisationType } from './organisation';
import type { Tlp } from './tlp';
import type { Role } from './user';
import { ROLES } from './user';

/** A role held in an organisation, as the policy sees it. */
export interface ActorMembership {
  readonly organisationId: OrganisationId;
  readonly organisationType: OrganisationType;
  readonly role: Role;
}

/** What an API token may do on its user's behalf. */
export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const TokenScopeSchema = z.enum(TOKEN_SCOPES);

/** Who is asking. */
export type Actor =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'user';
      readonly userId: UserId;
      readonly isAdmin: boolean;
      readonly memberships: readonly ActorMembership[];
      /** Present when the user acts through an API token: the token's scopes bound what it may do. */
      readonly tokenScopes?: readonly TokenScope[] | undefined;
    }
  /** The installation itself (migrations, demo data, CLI run by the operator on the database). */
  | { readonly kind: 'system'; readonly name: string };

/** Every action a route, a command or a feed may ask permission for. */
export const ACTIONS = [
  'session.self',
  'token.manage-own',
  'organisation.read',
  'organisation.create',
  'organisation.update',
  'user.read',
  'user.create',
  'user.update',
  'membership.manage',
  'jurisdiction.read',
  'jurisdiction.write',
  'election.read',
  'election.write',
  'audit-log.read',
  'job.read',
  'share.read',
  'share.write',
  'share.manage',
  'detect.read',
  'detect.run',
  'report.monitor',
  'report.read',
  'report.triage',
  'case.read',
  'case.write',
  'playbook.manage',
  'notice.publish',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The scope a token needs for an action. */
export function scopeOfAction(action: Action): TokenScope {
  switch (action) {
    case 'session.self':
    case 'organisation.read':
    case 'user.read':
    case 'jurisdiction.read':
    case 'election.read':
    case 'audit-log.read':
    case 'job.read':
    case 'share.read':
    case 'detect.read':
    case 'report.read':
    case 'case.read':
      return 'read';
    case 'jurisdiction.write':
    case 'election.write':
    case 'share.write':
    case 'detect.run':
    case 'report.monitor':
    case 'report.triage':
    case 'case.write':
    case 'playbook.manage':
    case 'notice.publish':
      return 'write';
    case 'share.manage':
      return 'admin';
    case 'token.manage-own':
    case 'organisation.create':
    case 'organisation.update':
    case 'user.create':
    case 'user.update':
    case 'membership.manage':
      return 'admin';
    default:
      return throwIllegalValue(action, 'action');
  }
}

/** The resource an action applies to, when the decision depends on it. */
export interface PolicyResource {
  /** The organisation the resource belongs to (for per-organisation administration). */
  readonly organisationId?: OrganisationId | undefined;
}

/** Organisation types that run or defend elections: they keep the jurisdiction tree and calendars. */
const ELECTION_BODY_TYPES: readonly OrganisationType[] = ['election-authority', 'government-agency'];

/** Roles that do analytical work (detection, triage, cases). */
const ANALYST_ROLES: readonly Role[] = ['admin', 'coordinator', 'analyst'];

/** Roles that decide for their organisation (playbooks, public notices, sharing communities). */
const DECIDING_ROLES: readonly Role[] = ['admin', 'coordinator'];

/** Roles that may publish into, revoke from and delete from the collections their organisation writes to. */
const SHARING_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'viewer');

function holds(actor: Extract<Actor, { kind: 'user' }>, test: (membership: ActorMembership) => boolean): boolean {
  return actor.memberships.some(test);
}

/**
 * Actions an anonymous caller may attempt: reading the sharing hub, where public collections
 * serve TLP:CLEAR feeds (which collection and which objects are decided by
 * `canUseCollection` and `canSeeMarked`).
 */
const ANONYMOUS_ACTIONS: readonly Action[] = ['share.read'];

/**
 * Decides whether `actor` may perform `action` on `resource`. Platform administrators may do
 * everything except act through a token beyond its scopes.
 */
export function can(actor: Actor, action: Action, resource: PolicyResource = {}): boolean {
  if (actor.kind === 'anonymous') return ANONYMOUS_ACTIONS.includes(action);
  if (actor.kind === 'system') return true;
  if (actor.tokenScopes && !actor.tokenScopes.includes(scopeOfAction(action))) return false;
  if (actor.isAdmin) return true;
  switch (action) {
    case 'session.self':
    case 'token.manage-own':
    case 'organisation.read':
    case 'jurisdiction.read':
    case 'election.read':
    case 'job.read':
    case 'share.read':
      // Which collections: `canUseCollection`; which objects: `canSeeMarked`.
      return true;
    case 'share.write':
      // Viewers read what is shared with their organisation; the other roles may also share.
      return holds(actor, (m) => SHARING_ROLES.includes(m.role));
    case 'organisation.create':
    case 'user.create':
      return false;
    case 'organisation.update':
    case 'membership.manage':
    case 'user.read':
    case 'user.update':
      return (
        resource.organisationId !== undefined &&
        holds(actor, (m) => m.role === 'admin' && m.organisationId === resource.organisationId)
      );
    case 'jurisdiction.write':
    case 'election.write':
      return holds(
        actor,
        (m) => ELECTION_BODY_TYPES.includes(m.organisationType) && (m.role === 'admin' || m.role === 'coordinator'),
      );
    case 'audit-log.read':
      return holds(actor, (m) => m.role === 'admin' || m.role === 'auditor');
    case 'share.manage':
      // Sharing communities span organisations: the election bodies that convene them run them.
      return holds(actor, (m) => ELECTION_BODY_TYPES.includes(m.organisationType) && DECIDING_ROLES.includes(m.role));
    case 'detect.read':
    case 'detect.run':
      // Social-media datasets hold personal data: analysts only, and only their organisation's
      // runs (`resource.organisationId`, checked by the handler once the run is known).
      return holds(
        actor,
        (m) => ANALYST_ROLES.includes(m.role) && (resource.organisationId === undefined || m.organisationId === resource.organisationId),
      );
    case 'report.monitor':
      // Accredited observers file reports through the monitor API and bulk import.
      return holds(actor, (m) => m.role === 'monitor' || ANALYST_ROLES.includes(m.role));
    case 'report.read':
    case 'report.triage':
      // The triage queue holds citizens' contact details: the election bodies' analysts.
      return holds(actor, (m) => ELECTION_BODY_TYPES.includes(m.organisationType) && ANALYST_ROLES.includes(m.role));
    case 'case.read':
      // Which cases: TLP and the case's organisations (`canSeeMarked`).
      return true;
    case 'case.write':
      return holds(actor, (m) => ANALYST_ROLES.includes(m.role));
    case 'playbook.manage':
    case 'notice.publish':
      return holds(actor, (m) => ELECTION_BODY_TYPES.includes(m.organisationType) && DECIDING_ROLES.includes(m.role));
    default:
      return throwIllegalValue(action, 'action');
  }
}

/**
 * Whether `actor` may attempt `action` at all: the gate at a route's door, before the
 * resource is known. For per-organisation actions it asks whether the actor administers
 * some organisation; the handler then decides on the resource with `can`.
 */
export function mayAttempt(actor: Actor, action: Action): boolean {
  if (actor.kind !== 'user' || actor.isAdmin) return can(actor, action);
  switch (action) {
    case 'organisation.update':
    case 'membership.manage':
    case 'user.read':
    case 'user.update':
      return actor.memberships.some((m) => m.role === 'admin' && can(actor, action, { organisationId: m.organisationId }));
    default:
      return can(actor, action);
  }
}

/** A record that carries a TLP 2.0 marking and an owner. */
export interface MarkedRecord {
  readonly tlp: Tlp;
  /** The organisation that produced the record (null: the installation itself, e.g. an operator's import). */
  readonly ownerOrganisationId: OrganisationId | null;
  /** Organisations of the sharing community the record was shared into (GREEN and AMBER). */
  readonly communityOrganisationIds: readonly OrganisationId[];
  /** AMBER: organisations of the community with a need to know; RED: the named recipients. */
  readonly recipientOrganisationIds: readonly OrganisationId[];
}

/**
 * TLP 2.0 (FIRST): CLEAR is public; GREEN the community; AMBER the organisations of the
 * community named as needing to know (the producer always); AMBER+STRICT the producing
 * organisation only; RED the named recipients only (and the producer). System actors see all.
 */
export function canSeeMarked(actor: Actor, record: MarkedRecord): boolean {
  if (record.tlp === 'clear') return true;
  if (actor.kind === 'anonymous') return false;
  if (actor.kind === 'system') return true;
  const mine = new Set(actor.memberships.map((m) => m.organisationId));
  const intersects = (ids: readonly OrganisationId[]) => ids.some((id) => mine.has(id));
  if (record.ownerOrganisationId !== null && mine.has(record.ownerOrganisationId)) return true;
  switch (record.tlp) {
    case 'green':
      return intersects(record.communityOrganisationIds);
    case 'amber':
      return intersects(record.recipientOrganisationIds.filter((id) => record.communityOrganisationIds.includes(id)));
    case 'amber+strict':
      return false;
    case 'red':
      return intersects(record.recipientOrganisationIds);
    default:
      return throwIllegalValue(record.tlp, 'TLP');
  }
}

/** A sharing collection as the policy sees it: who may read and write it. */
export interface CollectionAccess {
  /** Anyone, anonymous callers included, may read it (a public TLP:CLEAR feed). */
  readonly publicRead: boolean;
  readonly readerOrganisationIds: readonly OrganisationId[];
  readonly writerOrganisationIds: readonly OrganisationId[];
}

/**
 * Whether `actor` may read or write a sharing collection. Rights are held by organisations;
 * platform administrators get no bypass: the intelligence partners share is theirs, not the
 * operator's. Which objects of a readable collection a reader sees is `canSeeMarked`'s call.
 */
export function canUseCollection(actor: Actor, right: 'read' | 'write', collection: CollectionAccess): boolean {
  if (actor.kind === 'system') return true;
  if (!can(actor, right === 'read' ? 'share.read' : 'share.write')) return false;
  if (right === 'read' && collection.publicRead) return true;
  if (actor.kind === 'anonymous') return false;
  if (right === 'read') return holds(actor, (m) => collection.readerOrganisationIds.includes(m.organisationId));
  // The write right must come through one membership: a viewer of a writing organisation does not write.
  return holds(actor, (m) => collection.writerOrganisationIds.includes(m.organisationId) && SHARING_ROLES.includes(m.role));
}

/**
 * Whether `actor` may delete a shared object: a writer of the collection who belongs to the
 * organisation that produced it (a partner's object is theirs to withdraw).
 */
export function canDeleteShared(actor: Actor, collection: CollectionAccess, producerOrganisationId: OrganisationId | null): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || !canUseCollection(actor, 'write', collection)) return false;
  return (
    producerOrganisationId !== null &&
    holds(actor, (m) => m.organisationId === producerOrganisationId && SHARING_ROLES.includes(m.role))
  );
}

/**
 * What `actor` may see of the marked records shared into one community, as a criterion a
 * database query can apply (the TAXII server filters and paginates in SQL): a record is
 * visible when `isInMarkedScope(scope, record)`, which agrees with `canSeeMarked` for every
 * record of that community (a property test holds them together).
 */
export type MarkedReadScope =
  | { readonly kind: 'everything' }
  | {
      readonly kind: 'limited';
      /** Records produced by these organisations are visible at every level. */
      readonly ownOrganisationIds: readonly OrganisationId[];
      /** GREEN records are visible (the actor belongs to the community). */
      readonly green: boolean;
      /** AMBER records naming one of these organisations as recipient are visible. */
      readonly amberRecipientIds: readonly OrganisationId[];
      /** RED records naming one of these organisations as recipient are visible. */
      readonly redRecipientIds: readonly OrganisationId[];
    };

/** The read scope of `actor` over records shared into a community of `communityOrganisationIds`. */
export function markedReadScope(actor: Actor, communityOrganisationIds: readonly OrganisationId[]): MarkedReadScope {
  if (actor.kind === 'system') return { kind: 'everything' };
  if (actor.kind === 'anonymous') return { kind: 'limited', ownOrganisationIds: [], green: false, amberRecipientIds: [], redRecipientIds: [] };
  const mine = [...new Set(actor.memberships.map((m) => m.organisationId))];
  const inCommunity = mine.filter((id) => communityOrganisationIds.includes(id));
  return { kind: 'limited', ownOrganisationIds: mine, green: inCommunity.length > 0, amberRecipientIds: inCommunity, redRecipientIds: mine };
}

/** Whether `record` lies in `scope` (the in-memory form of the SQL criterion). */
export function isInMarkedScope(scope: MarkedReadScope, record: Omit<MarkedRecord, 'communityOrganisationIds'>): boolean {
  if (scope.kind === 'everything' || record.tlp === 'clear') return true;
  if (record.ownerOrganisationId !== null && scope.ownOrganisationIds.includes(record.ownerOrganisationId)) return true;
  const named = (ids: readonly OrganisationId[]) => record.recipientOrganisationIds.some((id) => ids.includes(id));
  switch (record.tlp) {
    case 'green':
      return scope.green;
    case 'amber':
      return named(scope.amberRecipientIds);
    case 'amber+strict':
      return false;
    case 'red':
      return named(scope.redRecipientIds);
    default:
      return throwIllegalValue(record.tlp, 'TLP');
  }
}

// ---- respond: cases, playbooks and contingency plans ------------------------------------------

/** A case as the policy sees it: its marking and its organisations. */
export interface CaseAccess {
  readonly tlp: Tlp;
  readonly ownerOrganisationId: OrganisationId;
  /** Organisations collaborating on the case besides the owner. */
  readonly collaboratorOrganisationIds: readonly OrganisationId[];
}

/** The case's organisations: the owner and the collaborators. */
export function caseOrganisationIds(access: CaseAccess): OrganisationId[] {
  return [...new Set([access.ownerOrganisationId, ...access.collaboratorOrganisationIds])];
}

/**
 * Whether `actor` may see a case: TLP with the case's organisations (owner and collaborators)
 * as the community and the recipients — CLEAR for every user, GREEN, AMBER and RED for the
 * case's organisations, AMBER+STRICT for the owner only. Platform administrators get no
 * bypass: cases hold partners' intelligence, not the operator's.
 */
export function canSeeCase(actor: Actor, access: CaseAccess): boolean {
  if (!can(actor, 'case.read')) return false;
  const organisations = caseOrganisationIds(access);
  return canSeeMarked(actor, {
    tlp: access.tlp,
    ownerOrganisationId: access.ownerOrganisationId,
    communityOrganisationIds: organisations,
    recipientOrganisationIds: organisations,
  });
}

/**
 * Whether `actor` may change a case (status, tasks, notes, observables, links): an analyst,
 * coordinator or administrator of one of the case's organisations. Seeing a CLEAR case does
 * not make an outsider a party to it.
 */
export function canWorkOnCase(actor: Actor, access: CaseAccess): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || !can(actor, 'case.write')) return false;
  const organisations = caseOrganisationIds(access);
  return holds(actor, (m) => ANALYST_ROLES.includes(m.role) && organisations.includes(m.organisationId));
}

/** A note or other timeline entry of a case as the policy sees it. */
export interface CaseNoteAccess {
  readonly tlp: Tlp;
  /** The organisation the author wrote for (null: the installation, e.g. an automatic entry). */
  readonly authorOrganisationId: OrganisationId | null;
  /** AMBER: the case's organisations that need to know; RED: the named recipients. */
  readonly recipientOrganisationIds: readonly OrganisationId[];
}

/**
 * Whether `actor` may see a timeline entry of a case it can see: TLP with the case's
 * organisations as the community and the note's named recipients — a RED note only for the
 * author's organisation and the recipients, AMBER+STRICT only for the author's organisation.
 */
export function canSeeCaseNote(actor: Actor, access: CaseAccess, note: CaseNoteAccess): boolean {
  if (!canSeeCase(actor, access)) return false;
  return canSeeMarked(actor, {
    tlp: note.tlp,
    ownerOrganisationId: note.authorOrganisationId,
    communityOrganisationIds: caseOrganisationIds(access),
    recipientOrganisationIds: note.recipientOrganisationIds,
  });
}

/**
 * Whether `actor` may sign off the activation or deactivation of a contingency plan: a
 * coordinator or administrator of the plan's decision-owner organisation.
 */
export function canSignOffPlan(actor: Actor, plan: { readonly decisionOwnerOrganisationId: OrganisationId }): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || !can(actor, 'case.write')) return false;
  return holds(actor, (m) => DECIDING_ROLES.includes(m.role) && m.organisationId === plan.decisionOwnerOrganisationId);
}

// ---- respond: escalation, requests and public notices (R3) ------------------------------------

/**
 * Whether `actor` may approve, publish or withdraw a public notice of a case: the case's
 * decision owner when one is named, otherwise a coordinator or administrator of the case's
 * owner organisation; either way only someone allowed to publish notices at all.
 */
export function canDecideNotice(actor: Actor, notice: { readonly decisionOwnerUserId: UserId | null; readonly ownerOrganisationId: OrganisationId }): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || !can(actor, 'notice.publish')) return false;
  if (notice.decisionOwnerUserId !== null) return actor.userId === notice.decisionOwnerUserId;
  return holds(actor, (m) => DECIDING_ROLES.includes(m.role) && m.organisationId === notice.ownerOrganisationId);
}

/**
 * Whether `actor` answers for an organisation a request is addressed to (a platform's request,
 * a peer jurisdiction's mutual-aid request): an analyst, coordinator or administrator of it.
 * Platform administrators get no bypass: the answer commits that organisation.
 */
export function canAnswerFor(actor: Actor, organisationId: OrganisationId): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user' || (actor.tokenScopes && !actor.tokenScopes.includes('write'))) return false;
  return holds(actor, (m) => ANALYST_ROLES.includes(m.role) && m.organisationId === organisationId);
}

// ---- respond: settings, plan markings (respond polish) -----------------------------------------

/** A contingency plan as the policy sees it. */
export interface PlanAccess {
  readonly tlp: Tlp;
  readonly decisionOwnerOrganisationId: OrganisationId;
  /** Organisations the plan is shared with besides the decision owner. */
  readonly sharedWithOrganisationIds: readonly OrganisationId[];
}

/**
 * Whether `actor` may see a contingency plan (in a list, on its page, its activations): TLP
 * with the decision owner as producer and the decision owner with the organisations it is
 * shared with as community and recipients, as for cases — CLEAR for every user with
 * `case.read`, GREEN, AMBER and RED for those organisations, AMBER+STRICT for the decision
 * owner only. Platform administrators get no bypass.
 */
export function canSeePlan(actor: Actor, plan: PlanAccess): boolean {
  if (!can(actor, 'case.read')) return false;
  const organisations = [...new Set([plan.decisionOwnerOrganisationId, ...plan.sharedWithOrganisationIds])];
  return canSeeMarked(actor, {
    tlp: plan.tlp,
    ownerOrganisationId: plan.decisionOwnerOrganisationId,
    communityOrganisationIds: organisations,
    recipientOrganisationIds: organisations,
  });
}
