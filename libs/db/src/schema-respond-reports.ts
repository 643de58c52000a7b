/**
 * Tables of respond intake and triage (migration 0004-respond-reports), as Kysely sees them.
 */
import type { ColumnType, JSONColumnType } from 'kysely';
import type { Impact, IncidentType, ReportSource, ReportStatus, Severity, Urgency, VerificationStatus } from '@vigil/domain';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Optional contact details a reporter leaves; visible only with report.read. */
export interface ReportContactColumn {
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface RespondReportsTable {
  id: string;
  trackingCode: string;
  source: ReportSource;
  reporterOrganisationId: string | null;
  reporterUserId: string | null;
  trustLevel: number;
  category: IncidentType;
  title: string;
  description: string;
  jurisdictionId: string | null;
  latitude: number | null;
  longitude: number | null;
  occurredAt: Timestamp | null;
  links: JSONColumnType<string[]>;
  contact: JSONColumnType<ReportContactColumn> | null;
  language: string;
  status: ReportStatus;
  incidentType: IncidentType | null;
  disarmTechniqueIds: JSONColumnType<string[]>;
  impact: Impact | null;
  urgency: Urgency | null;
  severity: Severity | null;
  verificationStatus: VerificationStatus;
  confidence: number | null;
  verificationNote: string | null;
  duplicateOf: string | null;
  groupKey: string | null;
  caseId: string | null;
  publicOutcome: string | null;
  /** The reporting organisation's own id of the report (monitor API and imports), unique per organisation. */
  externalRef: string | null;
  receivedAt: Timestamp;
  updatedAt: Timestamp;
}

export interface RespondReportAttachmentsTable {
  id: string;
  reportId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Timestamp;
}

/** Grouping keys of a report: `link:<canonical url>` and `band:<i>:<hash>` (MinHash LSH bands). */
export interface RespondReportKeysTable {
  reportId: string;
  key: string;
}
