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
      return 'read';
    case 'jurisdiction.write':
    case 'election.write':
      return 'write';
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

function holds(actor: Extract<Actor, { kind: 'user' }>, test: (membership: ActorMembership) => boolean): boolean {
  return actor.memberships.some(test);
}

/**
 * Decides whether `actor` may perform `action` on `resource`. Platform administrators may do
 * everything except act through a token beyond its scopes.
 */
export function can(actor: Actor, action: Action, resource: PolicyResource = {}): boolean {
  if (actor.kind === 'anonymous') return false;
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
      return true;
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
  /** The organisation that produced the record. */
  readonly ownerOrganisationId: OrganisationId;
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
  if (mine.has(record.ownerOrganisationId)) return true;
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
