/**
 * The database schema as Kysely sees it (camelCase here, snake_case in SQL through
 * Kysely's CamelCasePlugin). Migrations in ./migrations create it.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type {
  Contact,
  JurisdictionLevel,
  Locale,
  MilestoneKind,
  OrganisationType,
  Role,
  Tlp,
  TokenScope,
} from '@vigil/domain';
import type { DetectCommunitiesTable, DetectDatasetsTable, DetectRunsTable } from './schema-detect';
import type { RespondReportAttachmentsTable, RespondReportKeysTable, RespondReportsTable } from './schema-respond-reports';
import type { RespondCasesTable, RespondCasesTables } from './schema-respond-cases';
import type { RespondCaseSlaColumns, RespondEscalationTables } from './schema-respond-escalation';

/** Any JSON value stored in a jsonb column. */
export type JsonValue = object | null;

/** A timestamp column: written as a Date or ISO string, read as a Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  type: OrganisationType;
  country: string | null;
  createdAt: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  passwordHash: string;
  isAdmin: boolean;
  locale: Locale;
  disabled: Generated<boolean>;
  failedLogins: Generated<number>;
  lockedUntil: Timestamp | null;
  createdAt: CreatedAt;
}

export interface MembershipsTable {
  userId: string;
  organisationId: string;
  role: Role;
  createdAt: CreatedAt;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session secret held in the cookie. */
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: CreatedAt;
  expiresAt: Timestamp;
  lastSeenAt: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  userId: string;
  name: string;
  /** First characters of the secret, shown in lists so a user can tell tokens apart. */
  prefix: string;
  /** SHA-256 (hex) of the secret: high-entropy secrets need no slow hash. */
  secretHash: string;
  scopes: JSONColumnType<TokenScope[]>;
  createdAt: CreatedAt;
  expiresAt: Timestamp;
  lastUsedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

export interface JurisdictionsTable {
  id: Generated<string>;
  parentId: string | null;
  level: JurisdictionLevel;
  name: string;
  code: string | null;
  responsibleOrganisationId: string | null;
  contacts: JSONColumnType<Contact[]>;
  createdAt: CreatedAt;
}

export interface ElectionsTable {
  id: Generated<string>;
  name: string;
  jurisdictionId: string;
  electionDay: string;
  createdAt: CreatedAt;
}

export interface MilestonesTable {
  electionId: string;
  kind: MilestoneKind;
  date: string;
}

export interface ContestsTable {
  id: Generated<string>;
  electionId: string;
  jurisdictionId: string;
  name: string;
  seats: number;
  votesAllowed: number;
  choices: JSONColumnType<string[]>;
  position: number;
}

export interface AuditEventsTable {
  seq: ColumnType<string | number, number, never>;
  at: Timestamp;
  actor: JSONColumnType<{ kind: 'user' | 'system' | 'anonymous'; id: string | null; label: string }>;
  action: string;
  targetType: string;
  targetId: string | null;
  digest: string;
  prevHash: string;
  hash: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobsTable {
  id: Generated<string>;
  kind: string;
  status: JobStatus;
  payload: JSONColumnType<JsonValue>;
  progress: Generated<number>;
  message: string | null;
  result: JSONColumnType<JsonValue> | null;
  error: string | null;
  createdBy: string | null;
  attempts: Generated<number>;
  lockedBy: string | null;
  createdAt: CreatedAt;
  startedAt: Timestamp | null;
  finishedAt: Timestamp | null;
  /** When the worker running the job last said it is alive (migration 0011). */
  heartbeatAt: Timestamp | null;
}

export interface SettingsTable {
  key: string;
  value: JSONColumnType<JsonValue>;
}

export interface RateLimitsTable {
  key: string;
  windowStart: Timestamp;
  count: number;
}

export interface SharingCommunitiesTable {
  id: Generated<string>;
  name: string;
  description: string;
  createdAt: CreatedAt;
}

export interface SharingCommunityMembersTable {
  communityId: string;
  organisationId: string;
}

export interface SharingCollectionsTable {
  id: Generated<string>;
  communityId: string;
  title: string;
  description: string;
  alias: string | null;
  publicRead: boolean;
  defaultTlp: Tlp;
  createdAt: CreatedAt;
}

export interface SharingCollectionRightsTable {
  collectionId: string;
  organisationId: string;
  canRead: boolean;
  canWrite: boolean;
}

export interface StixObjectsTable {
  seq: ColumnType<number, never, never>;
  collectionId: string;
  stixId: string;
  type: string;
  specVersion: string;
  version: string;
  versionAt: Timestamp;
  object: JSONColumnType<Record<string, unknown>>;
  dateAdded: Timestamp;
  producerOrganisationId: string | null;
  tlp: Tlp;
}

export interface StixObjectRecipientsTable {
  objectSeq: number;
  organisationId: string;
}

export interface TaxiiStatusesTable {
  id: Generated<string>;
  collectionId: string;
  requestedBy: string | null;
  requestTimestamp: Timestamp;
  totalCount: number;
  successCount: number;
  failureCount: number;
  pendingCount: number;
  successes: JSONColumnType<unknown[]>;
  failures: JSONColumnType<unknown[]>;
}

/** Every table of the database. */
export interface Database extends Omit<RespondCasesTables, 'respondCases'>, RespondEscalationTables {
  /** R2's cases with the SLA columns 0006-respond-escalation adds. */
  respondCases: RespondCasesTable & RespondCaseSlaColumns;
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  jurisdictions: JurisdictionsTable;
  elections: ElectionsTable;
  milestones: MilestonesTable;
  contests: ContestsTable;
  auditEvents: AuditEventsTable;
  jobs: JobsTable;
  settings: SettingsTable;
  rateLimits: RateLimitsTable;
  sharingCommunities: SharingCommunitiesTable;
  sharingCommunityMembers: SharingCommunityMembersTable;
  sharingCollections: SharingCollectionsTable;
  sharingCollectionRights: SharingCollectionRightsTable;
  stixObjects: StixObjectsTable;
  stixObjectRecipients: StixObjectRecipientsTable;
  taxiiStatuses: TaxiiStatusesTable;
  detectDatasets: DetectDatasetsTable;
  detectRuns: DetectRunsTable;
  detectCommunities: DetectCommunitiesTable;
  respondReports: RespondReportsTable;
  respondReportAttachments: RespondReportAttachmentsTable;
  respondReportKeys: RespondReportKeysTable;
}
