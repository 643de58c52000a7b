/**
 * The HTTP contract of Vigil's API (`/api/v1`). One entry per route; the server implements
 * each, the web app and the CLI call them through the typed client, and OpenAPI is generated
 * from them.
 */
import {
  ApiTokenIdSchema,
  AuditEventSchema,
  ElectionIdSchema,
  ElectionSchema,
  EmailSchema,
  JobIdSchema,
  JurisdictionIdSchema,
  JurisdictionSchema,
  LocaleSchema,
  NewElectionSchema,
  NewJurisdictionSchema,
  NewOrganisationSchema,
  NewUserSchema,
  OrganisationIdSchema,
  OrganisationSchema,
  OrganisationTypeSchema,
  PasswordSchema,
  RoleSchema,
  TokenScopeSchema,
  UserIdSchema,
  UserSchema,
  ContactSchema,
  Iso3166CodeSchema,
  CountryCodeSchema,
} from '@vigil/domain';
import { z } from 'zod';
import { defineRoute } from './contract';
import { PageQuerySchema, pageSchema } from './page';

const IdParams = <T extends z.ZodType>(id: T) => z.object({ id });

// ---- health and session -------------------------------------------------------------------

export const HealthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
  demo: z.boolean(),
});

export const health = defineRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Liveness and database reachability',
  tag: 'system',
  permission: 'public',
  status: 200,
  response: HealthSchema,
});

export const openApi = defineRoute({
  method: 'get',
  path: '/api/openapi.json',
  summary: 'This API described in OpenAPI 3.1',
  tag: 'system',
  permission: 'public',
  status: 200,
  response: null,
});

export const SessionSchema = z.object({ user: UserSchema, csrfToken: z.string() });

export const login = defineRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  summary: 'Log in with e-mail and password; sets the session cookie',
  tag: 'auth',
  permission: 'public',
  body: z.object({ email: EmailSchema, password: z.string().min(1, 'required').max(1024) }),
  status: 200,
  response: SessionSchema,
});

export const logout = defineRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  summary: 'End the current session',
  tag: 'auth',
  permission: 'session.self',
  status: 204,
  response: null,
});

export const currentSession = defineRoute({
  method: 'get',
  path: '/api/v1/auth/session',
  summary: 'The logged-in user and the CSRF token to send with changes',
  tag: 'auth',
  permission: 'session.self',
  status: 200,
  response: SessionSchema,
});

export const changePassword = defineRoute({
  method: 'post',
  path: '/api/v1/auth/password',
  summary: "Change the logged-in user's password; ends the user's other sessions",
  tag: 'auth',
  permission: 'session.self',
  body: z.object({ currentPassword: z.string().min(1, 'required').max(1024), newPassword: PasswordSchema }),
  status: 204,
  response: null,
});

export const updateProfile = defineRoute({
  method: 'patch',
  path: '/api/v1/auth/profile',
  summary: "Change the logged-in user's name or language",
  tag: 'auth',
  permission: 'session.self',
  body: z.object({ name: z.string().trim().min(1).max(200).optional(), locale: LocaleSchema.optional() }),
  status: 200,
  response: UserSchema,
});

// ---- API tokens -------------------------------------------------------------------------------

export const ApiTokenSchema = z.object({
  id: ApiTokenIdSchema,
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(TokenScopeSchema).readonly(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const listTokens = defineRoute({
  method: 'get',
  path: '/api/v1/tokens',
  summary: "The logged-in user's API tokens (never their secrets)",
  tag: 'tokens',
  permission: 'token.manage-own',
  status: 200,
  response: z.object({ items: z.array(ApiTokenSchema).readonly() }),
});

export const createToken = defineRoute({
  method: 'post',
  path: '/api/v1/tokens',
  summary: 'Create an API token; its secret is shown once, in this answer only',
  tag: 'tokens',
  permission: 'token.manage-own',
  body: z.object({
    name: z.string().trim().min(1, 'required').max(100),
    scopes: z.array(TokenScopeSchema).min(1, 'at least one scope'),
    expiresInDays: z.number().int().min(1).max(366).default(90),
  }),
  status: 201,
  response: z.object({ token: ApiTokenSchema, secret: z.string() }),
});

export const revokeToken = defineRoute({
  method: 'delete',
  path: '/api/v1/tokens/{id}',
  summary: 'Revoke one of your API tokens',
  tag: 'tokens',
  permission: 'token.manage-own',
  params: IdParams(ApiTokenIdSchema),
  status: 204,
  response: null,
});

// ---- organisations ----------------------------------------------------------------------------

export const listOrganisations = defineRoute({
  method: 'get',
  path: '/api/v1/organisations',
  summary: 'Organisations, by name',
  tag: 'organisations',
  permission: 'organisation.read',
  query: PageQuerySchema.extend({ type: OrganisationTypeSchema.optional() }),
  status: 200,
  response: pageSchema(OrganisationSchema),
});

export const createOrganisation = defineRoute({
  method: 'post',
  path: '/api/v1/organisations',
  summary: 'Create an organisation',
  tag: 'organisations',
  permission: 'organisation.create',
  body: NewOrganisationSchema,
  status: 201,
  response: OrganisationSchema,
});

export const getOrganisation = defineRoute({
  method: 'get',
  path: '/api/v1/organisations/{id}',
  summary: 'One organisation',
  tag: 'organisations',
  permission: 'organisation.read',
  params: IdParams(OrganisationIdSchema),
  status: 200,
  response: OrganisationSchema,
});

export const updateOrganisation = defineRoute({
  method: 'patch',
  path: '/api/v1/organisations/{id}',
  summary: 'Rename an organisation or change its type or country',
  tag: 'organisations',
  permission: 'organisation.update',
  params: IdParams(OrganisationIdSchema),
  body: z.object({
    name: z.string().trim().min(1, 'required').max(200).optional(),
    type: OrganisationTypeSchema.optional(),
    country: CountryCodeSchema.nullable().optional(),
  }),
  status: 200,
  response: OrganisationSchema,
});

export const MemberSchema = z.object({
  userId: UserIdSchema,
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
});

export const listMembers = defineRoute({
  method: 'get',
  path: '/api/v1/organisations/{id}/members',
  summary: 'Members of an organisation with their roles',
  tag: 'organisations',
  permission: 'membership.manage',
  params: IdParams(OrganisationIdSchema),
  status: 200,
  response: z.object({ items: z.array(MemberSchema).readonly() }),
});

export const addMember = defineRoute({
  method: 'post',
  path: '/api/v1/organisations/{id}/members',
  summary: 'Give a user a role in an organisation',
  tag: 'organisations',
  permission: 'membership.manage',
  params: IdParams(OrganisationIdSchema),
  body: z.object({ userId: UserIdSchema, role: RoleSchema }),
  status: 201,
  response: MemberSchema,
});

export const removeMember = defineRoute({
  method: 'delete',
  path: '/api/v1/organisations/{id}/members/{userId}/{role}',
  summary: "Take a role in an organisation away from a user",
  tag: 'organisations',
  permission: 'membership.manage',
  params: z.object({ id: OrganisationIdSchema, userId: UserIdSchema, role: RoleSchema }),
  status: 204,
  response: null,
});

// ---- users ------------------------------------------------------------------------------------

export const listUsers = defineRoute({
  method: 'get',
  path: '/api/v1/users',
  summary: 'Users (all for administrators; members of your organisations for organisation admins)',
  tag: 'users',
  permission: 'user.read',
  query: PageQuerySchema.extend({ organisationId: OrganisationIdSchema.optional() }),
  status: 200,
  response: pageSchema(UserSchema),
});

export const createUser = defineRoute({
  method: 'post',
  path: '/api/v1/users',
  summary: 'Create a user with a password and optional memberships',
  tag: 'users',
  permission: 'user.create',
  body: NewUserSchema,
  status: 201,
  response: UserSchema,
});

export const getUser = defineRoute({
  method: 'get',
  path: '/api/v1/users/{id}',
  summary: 'One user',
  tag: 'users',
  permission: 'user.read',
  params: IdParams(UserIdSchema),
  status: 200,
  response: UserSchema,
});

export const updateUser = defineRoute({
  method: 'patch',
  path: '/api/v1/users/{id}',
  summary: 'Rename, disable or unlock a user, or make them an administrator',
  tag: 'users',
  permission: 'user.update',
  params: IdParams(UserIdSchema),
  body: z.object({
    name: z.string().trim().min(1, 'required').max(200).optional(),
    disabled: z.boolean().optional(),
    isAdmin: z.boolean().optional(),
    unlock: z.literal(true).optional(),
  }),
  status: 200,
  response: UserSchema,
});

// ---- jurisdictions ----------------------------------------------------------------------------

export const listJurisdictions = defineRoute({
  method: 'get',
  path: '/api/v1/jurisdictions',
  summary: 'Jurisdictions, top of the tree first',
  tag: 'jurisdictions',
  permission: 'jurisdiction.read',
  query: PageQuerySchema.extend({ parentId: JurisdictionIdSchema.optional() }),
  status: 200,
  response: pageSchema(JurisdictionSchema),
});

export const createJurisdiction = defineRoute({
  method: 'post',
  path: '/api/v1/jurisdictions',
  summary: 'Add a jurisdiction to the tree',
  tag: 'jurisdictions',
  permission: 'jurisdiction.write',
  body: NewJurisdictionSchema,
  status: 201,
  response: JurisdictionSchema,
});

export const getJurisdiction = defineRoute({
  method: 'get',
  path: '/api/v1/jurisdictions/{id}',
  summary: 'One jurisdiction',
  tag: 'jurisdictions',
  permission: 'jurisdiction.read',
  params: IdParams(JurisdictionIdSchema),
  status: 200,
  response: JurisdictionSchema,
});

export const updateJurisdiction = defineRoute({
  method: 'patch',
  path: '/api/v1/jurisdictions/{id}',
  summary: "Change a jurisdiction's name, code, responsible organisation or contacts",
  tag: 'jurisdictions',
  permission: 'jurisdiction.write',
  params: IdParams(JurisdictionIdSchema),
  body: z.object({
    name: z.string().trim().min(1, 'required').max(200).optional(),
    code: Iso3166CodeSchema.nullable().optional(),
    responsibleOrganisationId: OrganisationIdSchema.nullable().optional(),
    contacts: z.array(ContactSchema).max(50).optional(),
  }),
  status: 200,
  response: JurisdictionSchema,
});

export const LineOfAuthoritySchema = z.object({
  chain: z
    .array(
      z.object({
        jurisdiction: JurisdictionSchema,
        responsibleOrganisation: OrganisationSchema.nullable(),
      }),
    )
    .readonly(),
});

export const lineOfAuthority = defineRoute({
  method: 'get',
  path: '/api/v1/jurisdictions/{id}/line-of-authority',
  summary: 'The jurisdiction and every ancestor up to the top, with who is responsible at each',
  tag: 'jurisdictions',
  permission: 'jurisdiction.read',
  params: IdParams(JurisdictionIdSchema),
  status: 200,
  response: LineOfAuthoritySchema,
});

export const ImportSummarySchema = z.object({ created: z.number().int(), updated: z.number().int() });

export const importJurisdictions = defineRoute({
  method: 'post',
  path: '/api/v1/jurisdictions/import',
  summary: 'Import jurisdictions from CSV (all or nothing); existing codes are updated',
  tag: 'jurisdictions',
  permission: 'jurisdiction.write',
  mediaType: 'text/csv',
  status: 200,
  response: ImportSummarySchema,
});

export const exportJurisdictions = defineRoute({
  method: 'get',
  path: '/api/v1/jurisdictions/export',
  summary: 'Export the jurisdiction tree as CSV',
  tag: 'jurisdictions',
  permission: 'jurisdiction.read',
  mediaType: 'text/csv',
  status: 200,
  response: null,
});

// ---- elections --------------------------------------------------------------------------------

export const ElectionSummarySchema = z.object({
  id: ElectionIdSchema,
  name: z.string(),
  jurisdictionId: JurisdictionIdSchema,
  electionDay: z.string(),
  contestCount: z.number().int(),
});

export const listElections = defineRoute({
  method: 'get',
  path: '/api/v1/elections',
  summary: 'Elections, latest election day first',
  tag: 'elections',
  permission: 'election.read',
  query: PageQuerySchema,
  status: 200,
  response: pageSchema(ElectionSummarySchema),
});

export const createElection = defineRoute({
  method: 'post',
  path: '/api/v1/elections',
  summary: 'Create an election with its calendar and contests',
  tag: 'elections',
  permission: 'election.write',
  body: NewElectionSchema,
  status: 201,
  response: ElectionSchema,
});

export const getElection = defineRoute({
  method: 'get',
  path: '/api/v1/elections/{id}',
  summary: 'One election with its calendar and contests',
  tag: 'elections',
  permission: 'election.read',
  params: IdParams(ElectionIdSchema),
  status: 200,
  response: ElectionSchema,
});

// ---- audit log and jobs -----------------------------------------------------------------------

export const listAuditEvents = defineRoute({
  method: 'get',
  path: '/api/v1/audit-log',
  summary: 'Audit-log events, newest first, with filters',
  tag: 'audit-log',
  permission: 'audit-log.read',
  query: PageQuerySchema.extend({
    action: z.string().max(100).optional(),
    actorId: z.string().max(100).optional(),
    targetType: z.string().max(100).optional(),
    targetId: z.string().max(100).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  }),
  status: 200,
  response: pageSchema(AuditEventSchema),
});

export const ChainVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z
    .object({ seq: z.number().int(), reason: z.string() })
    .nullable(),
});

export const verifyAuditLog = defineRoute({
  method: 'get',
  path: '/api/v1/audit-log/verify',
  summary: 'Re-compute the hash chain and name the first broken link',
  tag: 'audit-log',
  permission: 'audit-log.read',
  status: 200,
  response: ChainVerificationSchema,
});

export const JobSchema = z.object({
  id: JobIdSchema,
  kind: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  progress: z.number().min(0).max(1),
  message: z.string().nullable(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const getJob = defineRoute({
  method: 'get',
  path: '/api/v1/jobs/{id}',
  summary: 'Progress and outcome of a background job',
  tag: 'jobs',
  permission: 'job.read',
  params: IdParams(JobIdSchema),
  status: 200,
  response: JobSchema,
});
