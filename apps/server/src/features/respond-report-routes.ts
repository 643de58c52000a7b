import { messageOf } from '@vigil/basics';
import { respondReportRoutes as r } from '@vigil/api';
import {
  allJurisdictions,
  archiveReports,
  createReport,
  exportReports,
  findPublicReportStatus,
  findReport,
  findReportAttachment,
  hitRateLimit,
  importReports,
  InputError,
  markReportDuplicate,
  NotFoundError,
  listReports,
  triageReport,
} from '@vigil/db';
import type { Actor, NewReport, OrganisationId } from '@vigil/domain';
import { NewReportSchema, can, trustLevelOfOrganisation } from '@vigil/domain';
import { disarmTechnique } from '@vigil/stix';
import type { Context } from 'hono';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AppEnv } from '../context';
import { HttpProblem, fieldErrors } from '../http-problem';
import { attachmentDirectory, attachmentHeaders, readBodyWithin, sniffAttachmentType, storeAttachments } from '../respond/intake-files';
import type { FeatureRouter } from './feature';

/** Reports one client address may file through the public form per hour. */
export const PUBLIC_REPORTS_PER_HOUR = 30;

/** Tracking-page lookups one client address may make per minute (codes are unguessable; this keeps it so). */
export const TRACKING_LOOKUPS_PER_MINUTE = 30;

/** Largest JSON body of a public or monitor report. */
export const MAX_REPORT_JSON_BYTES = 256 * 1024;

/** Largest multipart body: the attachments at their largest plus the report. */
export const MAX_REPORT_MULTIPART_BYTES = r.MAX_REPORT_ATTACHMENTS * r.MAX_ATTACHMENT_BYTES + 1024 * 1024;

/** Largest bulk-import file. */
export const MAX_REPORT_IMPORT_BYTES = 20 * 1024 * 1024;

function mediaTypeOf(c: Context<AppEnv>): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function parseReport(value: unknown, prefix = ''): NewReport {
  const parsed = NewReportSchema.safeParse(value);
  if (!parsed.success) throw new HttpProblem(422, 'Invalid input', 'see errors for each field', fieldErrors(parsed.error.issues, prefix));
  return parsed.data;
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpProblem(400, 'Malformed JSON', `the body is not valid JSON: ${messageOf(error)}`);
  }
}

/** A public report from JSON or multipart (report JSON in "report", files in "attachments"), attachments checked on their bytes. */
async function readPublicReport(c: Context<AppEnv>): Promise<{ report: NewReport; files: { name: string; bytes: Uint8Array; mediaType: string }[] }> {
  const type = mediaTypeOf(c);
  if (type === 'application/json') {
    const body = await readBodyWithin(c.req.raw, MAX_REPORT_JSON_BYTES);
    return { report: parseReport(parseJsonText(new TextDecoder().decode(body))), files: [] };
  }
  if (type !== 'multipart/form-data') throw new HttpProblem(415, 'Unsupported media type', 'send JSON (application/json) or multipart/form-data');
  const body = await readBodyWithin(c.req.raw, MAX_REPORT_MULTIPART_BYTES);
  let form: FormData;
  try {
    form = await new Request('http://intake.invalid/', { method: 'POST', headers: { 'content-type': c.req.header('content-type') ?? '' }, body }).formData();
  } catch {
    throw new HttpProblem(400, 'Malformed multipart body', 'the multipart/form-data body could not be read');
  }
  const reportField = form.get('report');
  if (typeof reportField !== 'string') throw new HttpProblem(422, 'Invalid input', 'the field "report" must hold the report as JSON', [{ path: '/report', message: 'the report as JSON' }]);
  const report = parseReport(parseJsonText(reportField));
  const entries = form.getAll('attachments');
  const problems: { path: string; message: string }[] = [];
  if (entries.length > r.MAX_REPORT_ATTACHMENTS) problems.push({ path: '/attachments', message: `at most ${r.MAX_REPORT_ATTACHMENTS} attachments` });
  const files: { name: string; bytes: Uint8Array; mediaType: string }[] = [];
  for (const [index, entry] of entries.entries()) {
    if (typeof entry === 'string') {
      problems.push({ path: `/attachments/${index}`, message: 'a file' });
      continue;
    }
    if (entry.size > r.MAX_ATTACHMENT_BYTES) {
      throw new HttpProblem(413, 'Attachment too large', `${entry.name}: an attachment may be at most 10 MB`, [{ path: `/attachments/${index}`, message: 'at most 10 MB' }]);
    }
    if (entry.size === 0) {
      problems.push({ path: `/attachments/${index}`, message: `${entry.name}: the file is empty` });
      continue;
    }
    const bytes = new Uint8Array(await entry.arrayBuffer());
    const mediaType = sniffAttachmentType(bytes);
    if (!mediaType) problems.push({ path: `/attachments/${index}`, message: `${entry.name}: only JPEG, PNG, GIF, WebP images and PDF documents are accepted` });
    else files.push({ name: entry.name, bytes, mediaType });
  }
  if (problems.length > 0) throw new HttpProblem(422, 'Invalid input', problems.map((p) => p.message).join('; '), problems);
  return { report, files };
}

/** The organisation an observer files for, and the trust level it gives. */
function reportingOrganisation(actor: Actor, requested: string | undefined): { organisationId: string | null; userId: string | null; trustLevel: number } {
  if (actor.kind !== 'user') return { organisationId: null, userId: null, trustLevel: 1 };
  // Memberships that by themselves allow filing reports (the policy's report.monitor rule).
  const eligible = actor.memberships.filter((m) => can({ ...actor, isAdmin: false, tokenScopes: undefined, memberships: [m] }, 'report.monitor'));
  if (requested !== undefined) {
    const membership = actor.memberships.find((m) => m.organisationId === (requested as OrganisationId));
    if (!membership || (!actor.isAdmin && !eligible.includes(membership))) {
      throw new InputError([{ path: '/organisationId', message: 'you do not report for this organisation' }]);
    }
    return { organisationId: membership.organisationId, userId: actor.userId, trustLevel: trustLevelOfOrganisation(membership.organisationType) };
  }
  const candidates = eligible.length > 0 ? eligible : actor.memberships;
  const best = [...candidates].sort((a, b) => trustLevelOfOrganisation(b.organisationType) - trustLevelOfOrganisation(a.organisationType))[0];
  return best
    ? { organisationId: best.organisationId, userId: actor.userId, trustLevel: trustLevelOfOrganisation(best.organisationType) }
    : { organisationId: null, userId: actor.userId, trustLevel: 1 };
}

function checkDisarm(ids: readonly string[] | undefined): void {
  const problems = (ids ?? []).flatMap((id, index) => (disarmTechnique(id) ? [] : [{ path: `/disarmTechniqueIds/${index}`, message: `${id} is not a technique of the DISARM framework` }]));
  if (problems.length > 0) throw new InputError(problems);
}

/** Respond intake (public form, tracking page, monitor API, bulk import) and the triage queue. */
export function respondReportRoutes(router: FeatureRouter): void {
  const { services } = router;

  router.route(r.submitPublicReport, async ({ c, mutation }) => {
    // The per-address limit applies to everyone, logged in or not.
    const limit = await hitRateLimit(services.db, { key: `report:${c.get('clientAddress')}`, now: mutation.now, windowMs: 3_600_000, limit: PUBLIC_REPORTS_PER_HOUR });
    if (!limit.allowed) {
      throw new HttpProblem(429, 'Too many reports', `this address filed ${PUBLIC_REPORTS_PER_HOUR} reports in the last hour; wait ${limit.retryAfterSeconds} s`, undefined, { 'retry-after': String(limit.retryAfterSeconds) });
    }
    const { report, files } = await readPublicReport(c);
    const { stored, remove } = await storeAttachments(services.config.filesDir, files);
    try {
      const created = await createReport(services.db, { ...mutation, actor: { kind: 'anonymous', id: null, label: 'public report form' } }, {
        report,
        origin: { source: 'public', reporterOrganisationId: null, reporterUserId: null, trustLevel: 0 },
        attachments: stored,
      });
      return { trackingCode: created.trackingCode };
    } catch (error) {
      await remove();
      throw error;
    }
  });

  router.route(r.getPublicReportStatus, async ({ c, params, mutation }) => {
    const limit = await hitRateLimit(services.db, { key: `track:${c.get('clientAddress')}`, now: mutation.now, windowMs: 60_000, limit: TRACKING_LOOKUPS_PER_MINUTE });
    if (!limit.allowed) throw new HttpProblem(429, 'Too many requests', `wait ${limit.retryAfterSeconds} s`, undefined, { 'retry-after': String(limit.retryAfterSeconds) });
    const status = await findPublicReportStatus(services.db, params.trackingCode);
    if (!status) throw new HttpProblem(404, 'Not found', 'no report with this tracking code');
    return status;
  });

  router.route(r.listPublicJurisdictions, async () => ({
    items: (await allJurisdictions(services.db)).map((j) => ({ id: j.id, parentId: j.parentId, level: j.level, name: j.name })),
  }));

  router.route(r.submitMonitorReport, async ({ auth, body, mutation }) => {
    const { externalRef, organisationId, ...report } = body;
    const origin = reportingOrganisation(auth.actor, organisationId);
    const created = await createReport(services.db, mutation, {
      report,
      origin: { source: 'monitor', reporterOrganisationId: origin.organisationId, reporterUserId: origin.userId, trustLevel: origin.trustLevel, externalRef: externalRef ?? null },
    });
    return { ...created, trustLevel: origin.trustLevel };
  });

  router.route(r.importReports, async ({ c, auth, query, mutation }) => {
    const type = mediaTypeOf(c);
    const format = type === 'application/json' ? 'json' : type === 'text/csv' || type === 'text/plain' ? 'csv' : null;
    if (!format) throw new HttpProblem(415, 'Unsupported media type', 'send CSV (text/csv) or JSON (application/json)');
    const text = new TextDecoder().decode(await readBodyWithin(c.req.raw, MAX_REPORT_IMPORT_BYTES));
    const origin = reportingOrganisation(auth.actor, query.organisationId);
    const summary = await importReports(services.db, mutation, {
      text,
      format,
      origin: { source: 'import', reporterOrganisationId: origin.organisationId, reporterUserId: origin.userId, trustLevel: origin.trustLevel },
    });
    return summary;
  });

  router.route(r.listReports, async ({ query }) => listReports(services.db, query));

  router.route(r.exportReports, async ({ query }) => {
    const text = await exportReports(services.db, { format: query.format, status: query.status });
    return new Response(text, {
      headers: {
        'content-type': query.format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="reports.${query.format}"`,
      },
    });
  });

  router.route(r.archiveReports, async ({ body, mutation }) => archiveReports(services.db, mutation, body));

  router.route(r.getReport, async ({ params }) => {
    const report = await findReport(services.db, params.id);
    if (!report) throw new HttpProblem(404, 'Not found', 'no report with this id');
    return report;
  });

  router.route(r.triageReport, async ({ params, body, mutation }) => {
    checkDisarm(body.disarmTechniqueIds);
    return triageReport(services.db, mutation, params.id, body);
  });

  router.route(r.markReportDuplicate, async ({ params, body, mutation }) => markReportDuplicate(services.db, mutation, { id: params.id, duplicateOf: body.duplicateOf }));

  router.route(r.downloadReportAttachment, async ({ params }) => {
    const attachment = await findReportAttachment(services.db, params.id, params.attachmentId);
    if (!attachment) throw new NotFoundError('no attachment with this id on this report');
    const file = join(attachmentDirectory(services.config.filesDir), attachment.id);
    if (!(await stat(file).catch(() => null))?.isFile()) throw new NotFoundError('the attachment file is missing from the files directory');
    const stream = createReadStream(file);
    return new Response(Readable.toWeb(stream) as ReadableStream, { headers: attachmentHeaders(attachment) });
  });
}
