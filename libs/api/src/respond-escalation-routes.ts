/**
 * HTTP contract of respond's escalation and publishing: SLA acknowledgement, escalations up
 * the jurisdiction tree and the escalation board, mutual aid, notifications and webhooks,
 * requests to platforms, sharing a case as STIX, and public notices.
 */
import { SEVERITIES, SLA_PHASES, TlpSchema } from '@vigil/domain';
import { z } from 'zod';
import { defineRoute } from './contract';
import { PageQuerySchema, pageSchema } from './page';

const uuid = z.uuid();
const CaseParams = z.object({ id: uuid });
const IdParams = z.object({ id: uuid });
const text = (min: number, max: number) => z.string().trim().min(min, `at least ${min} characters`).max(max, `at most ${max} characters`);

// ---- escalation -------------------------------------------------------------------------------

export const ESCALATION_REASONS = ['sla-acknowledge', 'sla-update', 'severity', 'manual'] as const;

export const EscalationSchema = z.object({
  id: uuid,
  caseId: uuid,
  level: z.number().int(),
  fromJurisdictionId: uuid,
  toJurisdictionId: uuid,
  toOrganisationId: uuid.nullable(),
  reason: z.enum(ESCALATION_REASONS),
  note: z.string(),
  escalatedBy: uuid.nullable(),
  escalatedByLabel: z.string(),
  at: z.string(),
});
export type Escalation = z.infer<typeof EscalationSchema>;

export const MUTUAL_AID_STATUSES = ['requested', 'accepted', 'declined', 'withdrawn'] as const;

export const MutualAidSchema = z.object({
  id: uuid,
  caseId: uuid,
  caseReference: z.string(),
  fromJurisdictionId: uuid,
  toJurisdictionId: uuid,
  toOrganisationId: uuid,
  message: z.string(),
  status: z.enum(MUTUAL_AID_STATUSES),
  responseNote: z.string().nullable(),
  requestedAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type MutualAid = z.infer<typeof MutualAidSchema>;

export const BoardCaseSchema = z.object({
  id: uuid,
  reference: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.string(),
  tlp: TlpSchema,
  jurisdictionId: uuid,
  ownerOrganisationId: uuid,
  collaboratorOrganisationIds: z.array(uuid).readonly(),
  escalationLevel: z.number().int(),
  escalatedToJurisdictionId: uuid.nullable(),
  acknowledgedAt: z.string().nullable(),
  sla: z.object({ phase: z.enum(SLA_PHASES), awaiting: z.enum(['acknowledge', 'update']), dueAt: z.string(), breached: z.boolean(), minutesLeft: z.number().int() }),
  position: z.enum(['here', 'in', 'out']),
});
export type BoardCase = z.infer<typeof BoardCaseSchema>;

export const EscalationBoardSchema = z.object({
  jurisdictionId: uuid,
  now: z.string(),
  cases: z.array(BoardCaseSchema),
  mutualAid: z.array(MutualAidSchema),
});
export type EscalationBoard = z.infer<typeof EscalationBoardSchema>;

export const escalationBoard = defineRoute({
  method: 'get',
  path: '/api/v1/escalation-board',
  summary: 'Escalation board of a jurisdiction: open cases with SLA clocks, escalated in and out, mutual aid',
  tag: 'respond',
  permission: 'case.read',
  query: z.object({ jurisdictionId: uuid }),
  status: 200,
  response: EscalationBoardSchema,
});

export const acknowledgeCase = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/acknowledge',
  summary: 'Acknowledge a case (stops its acknowledgement clock)',
  tag: 'respond',
  permission: 'case.write',
  params: CaseParams,
  body: z.object({}).optional(),
  status: 200,
  response: z.object({ acknowledgedAt: z.string() }),
});

export const caseEscalations = defineRoute({
  method: 'get',
  path: '/api/v1/cases/{id}/escalations',
  summary: 'Escalations and mutual-aid requests of a case',
  tag: 'respond',
  permission: 'case.read',
  params: CaseParams,
  status: 200,
  response: z.object({ escalations: z.array(EscalationSchema), mutualAid: z.array(MutualAidSchema) }),
});

export const escalateCase = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/escalations',
  summary: 'Escalate a case one level up its line of authority',
  tag: 'respond',
  permission: 'case.write',
  params: CaseParams,
  body: z.object({ note: z.string().trim().max(2000).default('') }),
  status: 201,
  response: EscalationSchema,
});

export const requestMutualAid = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/mutual-aid',
  summary: 'Ask a peer jurisdiction (same parent) for mutual aid on a case',
  tag: 'respond',
  permission: 'case.write',
  params: CaseParams,
  body: z.object({ toJurisdictionId: uuid, message: text(3, 4000) }),
  status: 201,
  response: MutualAidSchema,
});

export const answerMutualAid = defineRoute({
  method: 'post',
  path: '/api/v1/mutual-aid/{id}/answer',
  summary: 'Accept (join the case) or decline a mutual-aid request addressed to your organisation',
  tag: 'respond',
  permission: 'case.write',
  params: IdParams,
  body: z.object({ accept: z.boolean(), note: z.string().trim().max(4000).default('') }),
  status: 200,
  response: MutualAidSchema,
});

// ---- notifications and webhooks ---------------------------------------------------------------

export const RESPOND_EVENT_NAMES = [
  'case.escalated',
  'case.sla-breached',
  'mutual-aid.requested',
  'mutual-aid.answered',
  'platform-request.sent',
  'platform-request.answered',
  'notice.published',
] as const;

export const NotificationSchema = z.object({
  id: uuid,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  caseId: uuid.nullable(),
  link: z.string().nullable(),
  organisationId: uuid.nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const listNotifications = defineRoute({
  method: 'get',
  path: '/api/v1/notifications',
  summary: 'Your notifications, newest first, with the unread count',
  tag: 'respond',
  permission: 'session.self',
  query: PageQuerySchema.extend({ unread: z.enum(['true', 'false']).optional() }),
  status: 200,
  response: z.object({ items: z.array(NotificationSchema), nextCursor: z.string().nullable(), unread: z.number().int() }),
});

export const markNotificationsRead = defineRoute({
  method: 'post',
  path: '/api/v1/notifications/read',
  summary: 'Mark notifications read: the ids given, or all',
  tag: 'respond',
  permission: 'session.self',
  body: z.object({ ids: z.array(uuid).max(1000).optional(), all: z.boolean().optional() }),
  status: 200,
  response: z.object({ updated: z.number().int(), unread: z.number().int() }),
});

export const WebhookSchema = z.object({
  id: uuid,
  organisationId: uuid,
  url: z.string(),
  events: z.array(z.string()).readonly(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const listWebhooks = defineRoute({
  method: 'get',
  path: '/api/v1/webhooks',
  summary: 'Webhooks of the organisations you administer',
  tag: 'respond',
  permission: 'organisation.update',
  status: 200,
  response: z.object({ items: z.array(WebhookSchema) }),
});

export const createWebhook = defineRoute({
  method: 'post',
  path: '/api/v1/webhooks',
  summary: 'Register a webhook for your organisation; the signing secret is shown once',
  tag: 'respond',
  permission: 'organisation.update',
  body: z.object({
    organisationId: uuid,
    url: z
      .string()
      .trim()
      .max(2000)
      .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'an http:// or https:// address'),
    events: z.array(z.enum(RESPOND_EVENT_NAMES)).max(RESPOND_EVENT_NAMES.length).default([]),
  }),
  status: 201,
  response: z.object({ webhook: WebhookSchema, secret: z.string() }),
});

export const deleteWebhook = defineRoute({
  method: 'delete',
  path: '/api/v1/webhooks/{id}',
  summary: 'Remove a webhook',
  tag: 'respond',
  permission: 'organisation.update',
  params: IdParams,
  status: 204,
  response: null,
});

export const webhookDeliveries = defineRoute({
  method: 'get',
  path: '/api/v1/webhooks/{id}/deliveries',
  summary: 'The latest deliveries to a webhook, with status, attempts and last error',
  tag: 'respond',
  permission: 'organisation.update',
  params: IdParams,
  status: 200,
  response: z.object({
    items: z.array(
      z.object({
        id: uuid,
        channel: z.enum(['email', 'webhook']),
        event: z.string(),
        status: z.enum(['pending', 'retrying', 'delivered', 'failed']),
        attempts: z.number().int(),
        lastStatusCode: z.number().int().nullable(),
        lastError: z.string().nullable(),
        nextAttemptAt: z.string().nullable(),
        createdAt: z.string(),
        deliveredAt: z.string().nullable(),
      }),
    ),
  }),
});

// ---- platform requests ------------------------------------------------------------------------

export const PLATFORM_REQUEST_KIND_NAMES = ['label', 'remove', 'preserve-evidence', 'provide-data'] as const;
export const PLATFORM_REQUEST_STATUS_NAMES = ['sent', 'acknowledged', 'actioned', 'refused', 'no-answer'] as const;

export const PlatformRequestSchema = z.object({
  id: uuid,
  caseId: uuid,
  caseReference: z.string(),
  platformOrganisationId: uuid,
  platformName: z.string(),
  kind: z.enum(PLATFORM_REQUEST_KIND_NAMES),
  targets: z.array(z.string()).readonly(),
  justification: z.string(),
  status: z.enum(PLATFORM_REQUEST_STATUS_NAMES),
  dueAt: z.string().nullable(),
  answers: z.array(z.object({ at: z.string(), status: z.enum(PLATFORM_REQUEST_STATUS_NAMES), note: z.string(), by: z.string() })).readonly(),
  outcome: z.string().nullable(),
  requestedByOrganisationId: uuid.nullable(),
  requestedAt: z.string(),
  updatedAt: z.string(),
});
export type PlatformRequest = z.infer<typeof PlatformRequestSchema>;

export const casePlatformRequests = defineRoute({
  method: 'get',
  path: '/api/v1/cases/{id}/platform-requests',
  summary: 'Requests sent to platforms on a case',
  tag: 'respond',
  permission: 'case.read',
  params: CaseParams,
  status: 200,
  response: z.object({ items: z.array(PlatformRequestSchema) }),
});

export const createPlatformRequest = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/platform-requests',
  summary: 'Ask a platform to label, remove, preserve evidence or provide data',
  tag: 'respond',
  permission: 'case.write',
  params: CaseParams,
  body: z.object({
    platformOrganisationId: uuid,
    kind: z.enum(PLATFORM_REQUEST_KIND_NAMES),
    targets: z.array(text(1, 2000)).min(1, 'at least one URL or account').max(100),
    justification: text(10, 4000),
    dueAt: z.iso.datetime({ offset: true }).nullish().transform((value) => value ?? null),
  }),
  status: 201,
  response: PlatformRequestSchema,
});

export const platformInbox = defineRoute({
  method: 'get',
  path: '/api/v1/platform-requests',
  summary: 'Requests addressed to your platform organisations',
  tag: 'respond',
  permission: 'case.read',
  status: 200,
  response: z.object({ items: z.array(PlatformRequestSchema) }),
});

export const answerPlatformRequest = defineRoute({
  method: 'post',
  path: '/api/v1/platform-requests/{id}/answer',
  summary: 'Answer a request (the platform: acknowledged, actioned, refused; the requester: no answer)',
  tag: 'respond',
  permission: 'case.read',
  params: IdParams,
  body: z.object({
    status: z.enum(['acknowledged', 'actioned', 'refused', 'no-answer']),
    note: z.string().trim().max(4000).default(''),
    outcome: z.string().trim().max(4000).nullish(),
  }),
  status: 200,
  response: PlatformRequestSchema,
});

// ---- sharing a case as STIX -------------------------------------------------------------------

export const shareCase = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/share',
  summary: 'Share a case into a sharing collection as STIX (incident, DISARM attack-patterns, observables) at a chosen TLP',
  tag: 'respond',
  permission: 'share.write',
  params: CaseParams,
  body: z.object({ collectionId: uuid, tlp: TlpSchema, recipientOrganisationIds: z.array(uuid).max(200).default([]) }),
  status: 201,
  response: z.object({ incidentId: z.string(), objectIds: z.array(z.string()), statusId: z.string(), successCount: z.number().int() }),
});

// ---- public notices ---------------------------------------------------------------------------

export const NOTICE_STATUS_NAMES = ['draft', 'approved', 'published', 'withdrawn'] as const;

export const NoticeSchema = z.object({
  id: uuid,
  caseId: uuid,
  caseReference: z.string(),
  title: z.string(),
  body: z.string(),
  publicOutcome: z.string(),
  status: z.enum(NOTICE_STATUS_NAMES),
  jurisdictionId: uuid,
  jurisdictionName: z.string(),
  draftedBy: uuid.nullable(),
  draftedAt: z.string(),
  approvedBy: uuid.nullable(),
  approvedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  /** Whether the caller may approve, publish and withdraw it (the case's decision owner). */
  canDecide: z.boolean(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const PublicNoticeSchema = z.object({ id: uuid, title: z.string(), body: z.string(), jurisdictionName: z.string(), publishedAt: z.string() });
export type PublicNotice = z.infer<typeof PublicNoticeSchema>;

const NoticeDraftSchema = z.object({ title: text(3, 200), body: text(10, 10_000), publicOutcome: text(3, 1000) });

export const listNotices = defineRoute({
  method: 'get',
  path: '/api/v1/notices',
  summary: 'Notices of the cases you can see, latest change first',
  tag: 'respond',
  permission: 'case.read',
  query: z.object({ status: z.enum(NOTICE_STATUS_NAMES).optional() }),
  status: 200,
  response: z.object({ items: z.array(NoticeSchema) }),
});

export const caseNotices = defineRoute({
  method: 'get',
  path: '/api/v1/cases/{id}/notices',
  summary: 'Notices drafted on a case',
  tag: 'respond',
  permission: 'case.read',
  params: CaseParams,
  status: 200,
  response: z.object({ items: z.array(NoticeSchema) }),
});

export const draftNotice = defineRoute({
  method: 'post',
  path: '/api/v1/cases/{id}/notices',
  summary: 'Draft a redacted public notice on a case',
  tag: 'respond',
  permission: 'case.write',
  params: CaseParams,
  body: NoticeDraftSchema,
  status: 201,
  response: NoticeSchema,
});

export const updateNotice = defineRoute({
  method: 'put',
  path: '/api/v1/notices/{id}',
  summary: 'Edit a draft or approved notice (it goes back to draft)',
  tag: 'respond',
  permission: 'case.write',
  params: IdParams,
  body: NoticeDraftSchema,
  status: 200,
  response: NoticeSchema,
});

export const moveNotice = defineRoute({
  method: 'post',
  path: '/api/v1/notices/{id}/status',
  summary: "Approve, publish or withdraw a notice (the case's decision owner)",
  tag: 'respond',
  permission: 'notice.publish',
  params: IdParams,
  body: z.object({ status: z.enum(['approved', 'published', 'withdrawn']) }),
  status: 200,
  response: NoticeSchema,
});

export const publicNotices = defineRoute({
  method: 'get',
  path: '/api/v1/public/notices',
  summary: 'Published notices, newest first (no login)',
  tag: 'respond',
  permission: 'public',
  query: PageQuerySchema,
  status: 200,
  response: pageSchema(PublicNoticeSchema),
});
