/**
 * Tables of respond's escalation and publishing (migration 0006-respond-escalation), as
 * Kysely sees them. The SLA columns it adds to `respond_cases` are in `RespondCaseSlaColumns`.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Columns 0006 adds to respond_cases: the SLA clock and how far the case has been escalated. */
export interface RespondCaseSlaColumns {
  acknowledgedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  acknowledgedBy: ColumnType<string | null, string | null | undefined, string | null>;
  slaDueAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  slaBreachedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  escalationLevel: Generated<number>;
  escalatedToJurisdictionId: ColumnType<string | null, string | null | undefined, string | null>;
  lastEscalatedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Why a case went up a level. */
export type EscalationReason = 'sla-acknowledge' | 'sla-update' | 'severity' | 'manual';

export interface RespondEscalationsTable {
  id: Generated<string>;
  caseId: string;
  /** 1 for the first escalation (to the parent), 2 for the grandparent, … */
  level: number;
  fromJurisdictionId: string;
  toJurisdictionId: string;
  toOrganisationId: string | null;
  reason: EscalationReason;
  note: string;
  /** Null when the sweep escalated. */
  escalatedBy: string | null;
  escalatedByLabel: string;
  at: Timestamp;
}

export type MutualAidStatus = 'requested' | 'accepted' | 'declined' | 'withdrawn';

export interface RespondMutualAidRequestsTable {
  id: Generated<string>;
  caseId: string;
  fromJurisdictionId: string;
  toJurisdictionId: string;
  toOrganisationId: string;
  message: string;
  status: MutualAidStatus;
  responseNote: string | null;
  requestedBy: string | null;
  requestedAt: Timestamp;
  answeredBy: string | null;
  answeredAt: Timestamp | null;
}

export interface RespondNotificationsTable {
  id: Generated<string>;
  userId: string;
  /** The organisation the notification was addressed to, when it was (fanned out to its members). */
  organisationId: string | null;
  kind: string;
  title: string;
  body: string;
  caseId: string | null;
  /** Path in the web app, e.g. /respond/cases/<id>. */
  link: string | null;
  createdAt: Timestamp;
  readAt: Timestamp | null;
}

export interface RespondWebhooksTable {
  id: Generated<string>;
  organisationId: string;
  url: string;
  /** The signing secret, kept as is: the server must sign with it (shown once at creation). */
  secret: string;
  events: JSONColumnType<string[]>;
  active: Generated<boolean>;
  createdBy: string | null;
  createdAt: Timestamp;
}

export type DeliveryChannel = 'email' | 'webhook';
export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

export interface RespondDeliveriesTable {
  id: Generated<string>;
  channel: DeliveryChannel;
  webhookId: string | null;
  email: string | null;
  event: string;
  payload: JSONColumnType<Record<string, unknown>>;
  status: DeliveryStatus;
  attempts: Generated<number>;
  nextAttemptAt: Timestamp | null;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: Timestamp;
  deliveredAt: Timestamp | null;
}

export interface RespondPlatformRequestsTable {
  id: Generated<string>;
  caseId: string;
  platformOrganisationId: string;
  kind: string;
  targets: JSONColumnType<string[]>;
  justification: string;
  status: string;
  dueAt: Timestamp | null;
  answers: JSONColumnType<unknown[]>;
  outcome: string | null;
  requestedBy: string | null;
  requestedByOrganisationId: string | null;
  requestedAt: Timestamp;
  updatedAt: Timestamp;
}

export type NoticeStatus = 'draft' | 'approved' | 'published' | 'withdrawn';

export interface RespondNoticesTable {
  id: Generated<string>;
  caseId: string;
  title: string;
  body: string;
  /** What the tracking page of each linked report shows once the notice is published. */
  publicOutcome: string;
  status: NoticeStatus;
  jurisdictionId: string;
  draftedBy: string | null;
  draftedAt: Timestamp;
  approvedBy: string | null;
  approvedAt: Timestamp | null;
  publishedAt: Timestamp | null;
  withdrawnAt: Timestamp | null;
  updatedAt: Timestamp;
}

/** Respond escalation's tables, merged into `Database`. */
export interface RespondEscalationTables {
  respondEscalations: RespondEscalationsTable;
  respondMutualAidRequests: RespondMutualAidRequestsTable;
  respondNotifications: RespondNotificationsTable;
  respondWebhooks: RespondWebhooksTable;
  respondDeliveries: RespondDeliveriesTable;
  respondPlatformRequests: RespondPlatformRequestsTable;
  respondNotices: RespondNoticesTable;
}
