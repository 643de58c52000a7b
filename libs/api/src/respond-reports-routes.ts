/**
 * HTTP contract of respond intake and triage: the public report form and tracking page, the
 * monitor API and bulk import for accredited observers, and the triage queue.
 */
import {
  ImpactSchema,
  IncidentTypeSchema,
  NewReportSchema,
  ReportSourceSchema,
  ReportStatusSchema,
  SeveritySchema,
  UrgencySchema,
  VerificationStatusSchema,
} from '@vigil/domain';
import { z } from 'zod';
import { defineRoute } from './contract';
import { PageQuerySchema, pageSchema } from './page';

/** Most attachments one report may carry. */
export const MAX_REPORT_ATTACHMENTS = 5;

/** Largest attachment, in bytes (10 MiB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Media types an attachment may have (checked on its bytes, not its declared type). */
export const ATTACHMENT_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'] as const;

/** A tracking code as shown (`XXXX-XXXX-XXXX`, Crockford base32); lower case and missing dashes are accepted. */
export const TrackingCodeSchema = z
  .string()
  .trim()
  .max(20)
  .transform((value) => value.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0'))
  .refine((value) => /^[0-9A-HJKMNP-TV-Z]{12}$/.test(value), 'a tracking code such as 7K3M-Q9TX-2BHD')
  .transform((value) => `${value.slice(0, 4)}-${value.slice(4, 8)}-${value.slice(8, 12)}`);

/** What the public report form sends as JSON (or as the `report` field of a multipart body). */
export const PublicReportBodySchema = NewReportSchema;

export const PublicReportStatusSchema = z.object({
  trackingCode: z.string(),
  status: ReportStatusSchema,
  publicOutcome: z.string().nullable(),
  receivedAt: z.string(),
  updatedAt: z.string(),
});

export const submitPublicReport = defineRoute({
  method: 'post',
  path: '/api/v1/public/reports',
  summary:
    'File a report without an account. Send the report as JSON, or as multipart/form-data with the report as JSON in the field "report" and up to 5 files in "attachments" (JPEG, PNG, GIF, WebP or PDF, 10 MB each, checked on their bytes). Answers the tracking code. Rate-limited per client address.',
  tag: 'reports',
  permission: 'public',
  status: 201,
  response: z.object({ trackingCode: z.string() }),
});

export const getPublicReportStatus = defineRoute({
  method: 'get',
  path: '/api/v1/public/reports/{trackingCode}',
  summary: "A report's status and public outcome, by its tracking code (nothing else about it)",
  tag: 'reports',
  permission: 'public',
  params: z.object({ trackingCode: TrackingCodeSchema }),
  status: 200,
  response: PublicReportStatusSchema,
});

/** A report from an accredited observer: the public form's fields, its own reference, and for which organisation. */
export const MonitorReportBodySchema = z.intersection(
  NewReportSchema,
  z.object({
    externalRef: z.string().trim().min(1).max(200).optional(),
    organisationId: z.uuid('an organisation id').optional(),
  }),
);

export const submitMonitorReport = defineRoute({
  method: 'post',
  path: '/api/v1/reports',
  summary: "File a report as an observer organisation (token or session); its trust level follows the organisation's type",
  tag: 'reports',
  permission: 'report.monitor',
  body: MonitorReportBodySchema,
  status: 201,
  response: z.object({ id: z.uuid(), trackingCode: z.string(), trustLevel: z.number().int(), groupKey: z.string() }),
});

export const ReportImportSummarySchema = z.object({
  created: z.number().int(),
  reports: z.array(z.object({ externalRef: z.string().nullable(), trackingCode: z.string(), id: z.uuid() })).readonly(),
});

export const importReports = defineRoute({
  method: 'post',
  path: '/api/v1/reports/import',
  summary:
    'Import reports in bulk as an observer organisation: send CSV (text/csv) or JSON (application/json). All or nothing: every problem is reported with its line and column or JSON path.',
  tag: 'reports',
  permission: 'report.monitor',
  query: z.object({ organisationId: z.uuid('an organisation id').optional() }),
  status: 201,
  response: ReportImportSummarySchema,
});

export const ReportSummarySchema = z.object({
  id: z.uuid(),
  trackingCode: z.string(),
  source: ReportSourceSchema,
  trustLevel: z.number().int(),
  category: IncidentTypeSchema,
  title: z.string(),
  jurisdictionId: z.string().nullable(),
  status: ReportStatusSchema,
  incidentType: IncidentTypeSchema.nullable(),
  severity: SeveritySchema.nullable(),
  verificationStatus: VerificationStatusSchema,
  groupKey: z.string().nullable(),
  groupSize: z.number().int(),
  duplicateOf: z.string().nullable(),
  caseId: z.string().nullable(),
  attachmentCount: z.number().int(),
  receivedAt: z.string(),
});
export type ReportSummaryView = z.output<typeof ReportSummarySchema>;

export const ReportAttachmentSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});

export const ReportDetailSchema = ReportSummarySchema.omit({ groupSize: true, attachmentCount: true }).extend({
  reporterOrganisationId: z.string().nullable(),
  reporterOrganisationName: z.string().nullable(),
  reporterUserId: z.string().nullable(),
  externalRef: z.string().nullable(),
  description: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  occurredAt: z.string().nullable(),
  links: z.array(z.string()).readonly(),
  contact: z.object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  language: z.string(),
  disarmTechniqueIds: z.array(z.string()).readonly(),
  impact: ImpactSchema.nullable(),
  urgency: UrgencySchema.nullable(),
  confidence: z.number().int().nullable(),
  verificationNote: z.string().nullable(),
  publicOutcome: z.string().nullable(),
  updatedAt: z.string(),
  attachments: z.array(ReportAttachmentSchema).readonly(),
  group: z.array(z.object({ id: z.uuid(), trackingCode: z.string(), title: z.string(), status: ReportStatusSchema, receivedAt: z.string() })).readonly(),
});
export type ReportDetailView = z.output<typeof ReportDetailSchema>;

export const ReportQuerySchema = PageQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: ReportStatusSchema.optional(),
  category: IncidentTypeSchema.optional(),
  jurisdictionId: z.uuid('a jurisdiction id').optional(),
  source: ReportSourceSchema.optional(),
  minTrust: z.coerce.number().int().min(0).max(3).optional(),
  q: z.string().trim().max(200).optional(),
  groupKey: z.string().max(100).optional(),
  caseId: z.uuid('a case id').optional(),
});

export const listReports = defineRoute({
  method: 'get',
  path: '/api/v1/reports',
  summary: 'The triage queue: reports newest first, filtered by status, category, jurisdiction, source, trust, group or words',
  tag: 'reports',
  permission: 'report.read',
  query: ReportQuerySchema,
  status: 200,
  response: pageSchema(ReportSummarySchema),
});

export const exportReports = defineRoute({
  method: 'get',
  path: '/api/v1/reports/export',
  summary: 'Export reports (contact details included) as CSV or JSON, optionally of one status',
  tag: 'reports',
  permission: 'report.read',
  query: z.object({ format: z.enum(['csv', 'json']).default('csv'), status: ReportStatusSchema.optional() }),
  status: 200,
  response: null,
});

export const archiveReports = defineRoute({
  method: 'post',
  path: '/api/v1/reports/archive',
  summary: 'Archive reports in bulk (noise, spam, out of scope); all or nothing',
  tag: 'reports',
  permission: 'report.triage',
  body: z.object({ ids: z.array(z.uuid('a report id')).min(1, 'at least one report').max(500, 'at most 500 reports') }),
  status: 200,
  response: z.object({ archived: z.number().int() }),
});

export const getReport = defineRoute({
  method: 'get',
  path: '/api/v1/reports/{id}',
  summary: 'Everything about one report: text, contact, attachments, classification, verification, its group',
  tag: 'reports',
  permission: 'report.read',
  params: z.object({ id: z.uuid('a report id') }),
  status: 200,
  response: ReportDetailSchema,
});

/** Pattern of a DISARM technique id (T0049, T0049.001). */
export const DISARM_TECHNIQUE_PATTERN = /^T\d{4}(\.\d{3})?$/;

export const ReportTriageSchema = z.object({
  status: z.enum(['new', 'in-review', 'archived', 'closed']).optional(),
  incidentType: IncidentTypeSchema.nullable().optional(),
  disarmTechniqueIds: z.array(z.string().trim().regex(DISARM_TECHNIQUE_PATTERN, 'a DISARM technique id such as T0049 or T0049.001')).max(50).optional(),
  impact: ImpactSchema.nullable().optional(),
  urgency: UrgencySchema.nullable().optional(),
  verificationStatus: VerificationStatusSchema.optional(),
  confidence: z.number().int().min(0, 'from 0 to 100').max(100, 'from 0 to 100').nullable().optional(),
  verificationNote: z.string().trim().max(5000).nullable().optional(),
});

export const triageReport = defineRoute({
  method: 'patch',
  path: '/api/v1/reports/{id}',
  summary: 'Classify a report (incident type, DISARM techniques), rate it (impact × urgency gives severity), verify it, or move it in the queue',
  tag: 'reports',
  permission: 'report.triage',
  params: z.object({ id: z.uuid('a report id') }),
  body: ReportTriageSchema,
  status: 200,
  response: ReportDetailSchema,
});

export const markReportDuplicate = defineRoute({
  method: 'post',
  path: '/api/v1/reports/{id}/duplicate',
  summary: 'Mark a report as a duplicate of another',
  tag: 'reports',
  permission: 'report.triage',
  params: z.object({ id: z.uuid('a report id') }),
  body: z.object({ duplicateOf: z.uuid('a report id') }),
  status: 200,
  response: ReportDetailSchema,
});

export const downloadReportAttachment = defineRoute({
  method: 'get',
  path: '/api/v1/reports/{id}/attachments/{attachmentId}',
  summary: 'Download an attachment (always as a download, never rendered by the browser)',
  tag: 'reports',
  permission: 'report.read',
  params: z.object({ id: z.uuid('a report id'), attachmentId: z.uuid('an attachment id') }),
  status: 200,
  response: null,
});

export const PublicJurisdictionSchema = z.object({ id: z.uuid(), parentId: z.string().nullable(), level: z.string(), name: z.string() });
export type PublicJurisdictionView = z.infer<typeof PublicJurisdictionSchema>;

export const listPublicJurisdictions = defineRoute({
  method: 'get',
  path: '/api/v1/public/jurisdictions',
  summary: 'Names of the jurisdictions (and their tree), for the public report form; nothing else about them',
  tag: 'reports',
  permission: 'public',
  status: 200,
  response: z.object({ items: z.array(PublicJurisdictionSchema).readonly() }),
});
