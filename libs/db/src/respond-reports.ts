/**
 * Reports of the respond capability: intake (public form, monitor API, bulk import), the
 * triage queue, classification and verification, duplicates and groups, and the two hooks
 * other parts of respond write through: `linkReportsToCase` (cases) and
 * `setReportPublicOutcome` (publishing). Every change runs in a transaction and is audited.
 */
import type {
  Impact,
  IncidentType,
  NewReport,
  ReportContact,
  ReportSource,
  ReportStatus,
  Severity,
  Urgency,
  VerificationStatus,
} from '@vigil/domain';
import { belongTogether, formatTrackingCode, reportGroupingKeys, severityOf } from '@vigil/domain';
import { sql } from 'kysely';
import type { Executor } from './database';
import { InputError, NotFoundError } from './input-error';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';

/** An attachment already checked and stored in the files directory under its id. */
export interface StoredAttachment {
  readonly id: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

/** Who files a report and how far intake trusts them. */
export interface ReportOrigin {
  readonly source: ReportSource;
  readonly reporterOrganisationId: string | null;
  readonly reporterUserId: string | null;
  readonly trustLevel: number;
  /** The reporting organisation's own reference (monitor API, imports), unique per organisation. */
  readonly externalRef?: string | null | undefined;
}

/** A report's attachment as triage sees it. */
export interface ReportAttachment extends StoredAttachment {
  readonly createdAt: string;
}

/** One line of the triage queue. */
export interface ReportSummary {
  readonly id: string;
  readonly trackingCode: string;
  readonly source: ReportSource;
  readonly trustLevel: number;
  readonly category: IncidentType;
  readonly title: string;
  readonly jurisdictionId: string | null;
  readonly status: ReportStatus;
  readonly incidentType: IncidentType | null;
  readonly severity: Severity | null;
  readonly verificationStatus: VerificationStatus;
  readonly groupKey: string | null;
  /** Reports in this report's group, itself included. */
  readonly groupSize: number;
  readonly duplicateOf: string | null;
  readonly caseId: string | null;
  readonly attachmentCount: number;
  readonly receivedAt: string;
}

/** Everything about a report, for triage users (report.read). */
export interface ReportDetail extends Omit<ReportSummary, 'groupSize' | 'attachmentCount'> {
  readonly reporterOrganisationId: string | null;
  readonly reporterOrganisationName: string | null;
  readonly reporterUserId: string | null;
  readonly externalRef: string | null;
  readonly description: string;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly occurredAt: string | null;
  readonly links: readonly string[];
  readonly contact: ReportContact | null;
  readonly language: string;
  readonly disarmTechniqueIds: readonly string[];
  readonly impact: Impact | null;
  readonly urgency: Urgency | null;
  readonly confidence: number | null;
  readonly verificationNote: string | null;
  readonly publicOutcome: string | null;
  readonly updatedAt: string;
  readonly attachments: readonly ReportAttachment[];
  /** The other reports of its group, oldest first (at most 50). */
  readonly group: readonly { readonly id: string; readonly trackingCode: string; readonly title: string; readonly status: ReportStatus; readonly receivedAt: string }[];
}

/** What the reporter's tracking page shows: status and public outcome only. */
export interface PublicReportStatus {
  readonly trackingCode: string;
  readonly status: ReportStatus;
  readonly publicOutcome: string | null;
  readonly receivedAt: string;
  readonly updatedAt: string;
}

/** Filters of the triage queue. */
export interface ReportQuery {
  readonly cursor?: string | undefined;
  readonly limit: number;
  readonly status?: ReportStatus | undefined;
  readonly category?: IncidentType | undefined;
  readonly jurisdictionId?: string | undefined;
  readonly source?: ReportSource | undefined;
  /** Reports whose trust level is at least this. */
  readonly minTrust?: number | undefined;
  /** Words that must all occur in the title or description. */
  readonly q?: string | undefined;
  readonly groupKey?: string | undefined;
  readonly caseId?: string | undefined;
}

/** Statuses triage sets directly; `duplicate` and `linked-to-case` have their own operations. */
export const TRIAGE_STATUSES = ['new', 'in-review', 'archived', 'closed'] as const satisfies readonly ReportStatus[];

/** A triage decision: any subset of classification, severity inputs, verification and status. */
export interface ReportTriage {
  readonly status?: (typeof TRIAGE_STATUSES)[number] | undefined;
  readonly incidentType?: IncidentType | null | undefined;
  readonly disarmTechniqueIds?: readonly string[] | undefined;
  readonly impact?: Impact | null | undefined;
  readonly urgency?: Urgency | null | undefined;
  readonly verificationStatus?: VerificationStatus | undefined;
  readonly confidence?: number | null | undefined;
  readonly verificationNote?: string | null | undefined;
}

/** Candidates compared exactly when a report comes in (those sharing most grouping keys). */
const GROUP_CANDIDATES = 50;

function newTrackingCode(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return formatTrackingCode(bytes);
}

function encodeCursor(receivedAt: Date, id: string): string {
  return Buffer.from(`${receivedAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const receivedAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(receivedAt.getTime())) throw new InputError([{ path: '/query/cursor', message: 'not a cursor of this list' }]);
  return { receivedAt, id };
}

/**
 * Files a report: checks the jurisdiction, draws a tracking code, puts the report into the
 * group of the oldest stored report it belongs with (shared canonical link or near-duplicate
 * text; see report-grouping), stores its attachments' records and audits the intake.
 */
export async function createReport(
  db: Executor,
  context: MutationContext,
  input: { readonly report: NewReport; readonly origin: ReportOrigin; readonly attachments?: readonly StoredAttachment[] | undefined; readonly path?: string | undefined },
): Promise<{ readonly id: string; readonly trackingCode: string; readonly groupKey: string }> {
  const { report, origin } = input;
  return inTransaction(db, async (trx) => {
    if (report.jurisdictionId !== null) {
      const found = await trx.selectFrom('jurisdictions').select('id').where('id', '=', report.jurisdictionId).executeTakeFirst();
      if (!found) throw new InputError([{ path: `${input.path ?? ''}/jurisdictionId`, message: 'no jurisdiction with this id' }]);
    }
    if (origin.externalRef && origin.reporterOrganisationId) {
      const taken = await trx
        .selectFrom('respondReports')
        .select('id')
        .where('reporterOrganisationId', '=', origin.reporterOrganisationId)
        .where('externalRef', '=', origin.externalRef)
        .executeTakeFirst();
      if (taken) throw new InputError([{ path: `${input.path ?? ''}/externalRef`, message: `your organisation already filed a report "${origin.externalRef}"` }]);
    }
    let trackingCode = newTrackingCode();
    // 60 random bits: a collision is all but impossible, but cheap to rule out.
    while (await trx.selectFrom('respondReports').select('id').where('trackingCode', '=', trackingCode).executeTakeFirst()) trackingCode = newTrackingCode();
    const id: string = globalThis.crypto.randomUUID();
    const keys = reportGroupingKeys({ text: `${report.title}\n${report.description}`, links: report.links });
    let groupKey: string = id;
    if (keys.length > 0) {
      // The candidates sharing most keys first (a link, or many bands: the likeliest matches).
      const ranked = await trx
        .selectFrom('respondReportKeys')
        .select((eb) => ['reportId', eb.fn.countAll<string>().as('shared'), eb.fn.max(sql<number>`case when key like 'link:%' then 1 else 0 end`).as('linked')])
        .where('key', 'in', keys)
        .groupBy('reportId')
        .orderBy('linked', 'desc')
        .orderBy('shared', 'desc')
        .orderBy('reportId')
        .limit(GROUP_CANDIDATES)
        .execute();
      const found = ranked.length === 0 ? [] : await trx.selectFrom('respondReports').select(['id', 'title', 'description', 'links', 'groupKey', 'receivedAt']).where('id', 'in', ranked.map((r) => r.reportId)).execute();
      const byId = new Map(found.map((row) => [row.id, row]));
      const candidates = ranked.map((r) => byId.get(r.reportId)).filter((row) => row !== undefined);
      const self = { id, text: `${report.title}\n${report.description}`, links: report.links };
      const match = candidates.find((candidate) => belongTogether(self, { id: candidate.id, text: `${candidate.title}\n${candidate.description}`, links: candidate.links }));
      if (match) groupKey = match.groupKey ?? match.id;
    }
    await trx
      .insertInto('respondReports')
      .values({
        id,
        trackingCode,
        source: origin.source,
        reporterOrganisationId: origin.reporterOrganisationId,
        reporterUserId: origin.reporterUserId,
        trustLevel: origin.trustLevel,
        category: report.category,
        title: report.title,
        description: report.description,
        jurisdictionId: report.jurisdictionId,
        latitude: report.latitude,
        longitude: report.longitude,
        occurredAt: report.occurredAt,
        links: JSON.stringify(report.links),
        contact: report.contact ? JSON.stringify(report.contact) : null,
        language: report.language,
        status: 'new',
        disarmTechniqueIds: JSON.stringify([]),
        verificationStatus: 'unverified',
        groupKey,
        externalRef: origin.externalRef ?? null,
        receivedAt: context.now,
        updatedAt: context.now,
      })
      .execute();
    if (keys.length > 0) await trx.insertInto('respondReportKeys').values(keys.map((key) => ({ reportId: id, key }))).execute();
    const attachments = input.attachments ?? [];
    if (attachments.length > 0) {
      await trx
        .insertInto('respondReportAttachments')
        .values(attachments.map((a) => ({ id: a.id, reportId: id, fileName: a.fileName, mediaType: a.mediaType, sizeBytes: a.sizeBytes, sha256: a.sha256, createdAt: context.now })))
        .execute();
    }
    // The audit log keeps what came in, not the reporter's contact details.
    await recordChange(trx, context, {
      action: 'report.create',
      targetType: 'report',
      targetId: id,
      change: { source: origin.source, trustLevel: origin.trustLevel, category: report.category, title: report.title, jurisdictionId: report.jurisdictionId, attachments: attachments.map((a) => a.sha256) },
    });
    return { id, trackingCode, groupKey };
  });
}

/** The public view of a report by its tracking code (as shown, `XXXX-XXXX-XXXX`), or undefined. */
export async function findPublicReportStatus(db: Executor, trackingCode: string): Promise<PublicReportStatus | undefined> {
  const row = await db
    .selectFrom('respondReports')
    .select(['trackingCode', 'status', 'publicOutcome', 'receivedAt', 'updatedAt'])
    .where('trackingCode', '=', trackingCode)
    .executeTakeFirst();
  if (!row) return undefined;
  return { trackingCode: row.trackingCode, status: row.status, publicOutcome: row.publicOutcome, receivedAt: iso(row.receivedAt), updatedAt: iso(row.updatedAt) };
}

/** The triage queue: newest first, filtered, with a keyset cursor. */
export async function listReports(db: Executor, query: ReportQuery): Promise<{ items: ReportSummary[]; nextCursor: string | null }> {
  let select = db
    .selectFrom('respondReports as r')
    .select((eb) => [
      'r.id',
      'r.trackingCode',
      'r.source',
      'r.trustLevel',
      'r.category',
      'r.title',
      'r.jurisdictionId',
      'r.status',
      'r.incidentType',
      'r.severity',
      'r.verificationStatus',
      'r.groupKey',
      'r.duplicateOf',
      'r.caseId',
      'r.receivedAt',
      eb.selectFrom('respondReportAttachments as a').select(eb.fn.countAll<string>().as('n')).whereRef('a.reportId', '=', 'r.id').as('attachmentCount'),
    ]);
  if (query.status) select = select.where('r.status', '=', query.status);
  if (query.category) select = select.where('r.category', '=', query.category);
  if (query.jurisdictionId) select = select.where('r.jurisdictionId', '=', query.jurisdictionId);
  if (query.source) select = select.where('r.source', '=', query.source);
  if (query.minTrust !== undefined) select = select.where('r.trustLevel', '>=', query.minTrust);
  if (query.groupKey) select = select.where('r.groupKey', '=', query.groupKey);
  if (query.caseId) select = select.where('r.caseId', '=', query.caseId);
  if (query.q?.trim()) {
    // The expression matches the GIN index of the migration.
    select = select.where(sql<boolean>`to_tsvector('simple', r.title || ' ' || r.description) @@ plainto_tsquery('simple', ${query.q.trim()})`);
  }
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    select = select.where((eb) => eb.or([eb('r.receivedAt', '<', after.receivedAt), eb.and([eb('r.receivedAt', '=', after.receivedAt), eb('r.id', '<', after.id)])]));
  }
  const rows = await select.orderBy('r.receivedAt', 'desc').orderBy('r.id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  // Group sizes in one grouped count over the page's groups (a large group is counted once, not once per row).
  const groupKeys = [...new Set(page.map((r) => r.groupKey).filter((key): key is string => key !== null))];
  const sizes =
    groupKeys.length === 0
      ? new Map<string, number>()
      : new Map(
          (await db.selectFrom('respondReports').select((eb) => ['groupKey', eb.fn.countAll<string>().as('n')]).where('groupKey', 'in', groupKeys).groupBy('groupKey').execute()).map((g) => [
            g.groupKey ?? '',
            Number(g.n),
          ]),
        );
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      trackingCode: r.trackingCode,
      source: r.source,
      trustLevel: r.trustLevel,
      category: r.category,
      title: r.title,
      jurisdictionId: r.jurisdictionId,
      status: r.status,
      incidentType: r.incidentType,
      severity: r.severity,
      verificationStatus: r.verificationStatus,
      groupKey: r.groupKey,
      groupSize: r.groupKey ? (sizes.get(r.groupKey) ?? 1) : 1,
      duplicateOf: r.duplicateOf,
      caseId: r.caseId,
      attachmentCount: Number(r.attachmentCount ?? 0),
      receivedAt: iso(r.receivedAt),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(new Date(last.receivedAt), last.id) : null,
  };
}

/** Everything about one report, or undefined. */
export async function findReport(db: Executor, id: string): Promise<ReportDetail | undefined> {
  const r = await db
    .selectFrom('respondReports')
    .leftJoin('organisations', 'organisations.id', 'respondReports.reporterOrganisationId')
    .selectAll('respondReports')
    .select('organisations.name as reporterOrganisationName')
    .where('respondReports.id', '=', id)
    .executeTakeFirst();
  if (!r) return undefined;
  const attachments = await db.selectFrom('respondReportAttachments').selectAll().where('reportId', '=', id).orderBy('createdAt').orderBy('fileName').execute();
  const group = r.groupKey
    ? await db
        .selectFrom('respondReports')
        .select(['id', 'trackingCode', 'title', 'status', 'receivedAt'])
        .where('groupKey', '=', r.groupKey)
        .where('id', '!=', id)
        .orderBy('receivedAt')
        .orderBy('id')
        .limit(50)
        .execute()
    : [];
  return {
    id: r.id,
    trackingCode: r.trackingCode,
    source: r.source,
    trustLevel: r.trustLevel,
    category: r.category,
    title: r.title,
    jurisdictionId: r.jurisdictionId,
    status: r.status,
    incidentType: r.incidentType,
    severity: r.severity,
    verificationStatus: r.verificationStatus,
    groupKey: r.groupKey,
    duplicateOf: r.duplicateOf,
    caseId: r.caseId,
    receivedAt: iso(r.receivedAt),
    reporterOrganisationId: r.reporterOrganisationId,
    reporterOrganisationName: r.reporterOrganisationName,
    reporterUserId: r.reporterUserId,
    externalRef: r.externalRef,
    description: r.description,
    latitude: r.latitude,
    longitude: r.longitude,
    occurredAt: iso(r.occurredAt),
    links: r.links,
    contact: r.contact,
    language: r.language,
    disarmTechniqueIds: r.disarmTechniqueIds,
    impact: r.impact,
    urgency: r.urgency,
    confidence: r.confidence,
    verificationNote: r.verificationNote,
    publicOutcome: r.publicOutcome,
    updatedAt: iso(r.updatedAt),
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.fileName, mediaType: a.mediaType, sizeBytes: a.sizeBytes, sha256: a.sha256, createdAt: iso(a.createdAt) })),
    group: group.map((g) => ({ id: g.id, trackingCode: g.trackingCode, title: g.title, status: g.status, receivedAt: iso(g.receivedAt) })),
  };
}

/** One attachment of a report, or undefined (also when it belongs to another report). */
export async function findReportAttachment(db: Executor, reportId: string, attachmentId: string): Promise<ReportAttachment | undefined> {
  const a = await db.selectFrom('respondReportAttachments').selectAll().where('reportId', '=', reportId).where('id', '=', attachmentId).executeTakeFirst();
  return a ? { id: a.id, fileName: a.fileName, mediaType: a.mediaType, sizeBytes: a.sizeBytes, sha256: a.sha256, createdAt: iso(a.createdAt) } : undefined;
}

/**
 * Classifies, rates and verifies a report, or moves it in the queue. Severity follows from
 * impact × urgency (`severityOf`) and is cleared when either is cleared. Audited with the
 * decision; throws NotFoundError for an unknown report.
 */
export async function triageReport(db: Executor, context: MutationContext, id: string, triage: ReportTriage): Promise<ReportDetail> {
  return inTransaction(db, async (trx) => {
    const current = await trx.selectFrom('respondReports').select(['impact', 'urgency']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError('no report with this id');
    const impact = triage.impact === undefined ? current.impact : triage.impact;
    const urgency = triage.urgency === undefined ? current.urgency : triage.urgency;
    await trx
      .updateTable('respondReports')
      .set({
        ...(triage.status !== undefined ? { status: triage.status } : {}),
        ...(triage.incidentType !== undefined ? { incidentType: triage.incidentType } : {}),
        ...(triage.disarmTechniqueIds !== undefined ? { disarmTechniqueIds: JSON.stringify([...new Set(triage.disarmTechniqueIds)]) } : {}),
        ...(triage.verificationStatus !== undefined ? { verificationStatus: triage.verificationStatus } : {}),
        ...(triage.confidence !== undefined ? { confidence: triage.confidence } : {}),
        ...(triage.verificationNote !== undefined ? { verificationNote: triage.verificationNote } : {}),
        impact,
        urgency,
        severity: impact && urgency ? severityOf(impact, urgency) : null,
        updatedAt: context.now,
      })
      .where('id', '=', id)
      .execute();
    await recordChange(trx, context, { action: 'report.triage', targetType: 'report', targetId: id, change: triage });
    const report = await findReport(trx, id);
    if (!report) throw new Error('report vanished during triage');
    return report;
  });
}

/**
 * Marks `id` a duplicate of `duplicateOf` (or of the report that one duplicates, so chains stay
 * one step long) and moves it into that report's group.
 */
export async function markReportDuplicate(db: Executor, context: MutationContext, input: { readonly id: string; readonly duplicateOf: string }): Promise<ReportDetail> {
  return inTransaction(db, async (trx) => {
    const report = await trx.selectFrom('respondReports').select('id').where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!report) throw new NotFoundError('no report with this id');
    const target = await trx.selectFrom('respondReports').select(['id', 'duplicateOf', 'groupKey']).where('id', '=', input.duplicateOf).executeTakeFirst();
    if (!target) throw new InputError([{ path: '/duplicateOf', message: 'no report with this id' }]);
    const original = target.duplicateOf ?? target.id;
    if (original === input.id) throw new InputError([{ path: '/duplicateOf', message: 'a report cannot duplicate itself' }]);
    await trx.updateTable('respondReports').set({ status: 'duplicate', duplicateOf: original, groupKey: target.groupKey ?? target.id, updatedAt: context.now }).where('id', '=', input.id).execute();
    // Reports that duplicated this one now duplicate its original.
    await trx.updateTable('respondReports').set({ duplicateOf: original, updatedAt: context.now }).where('duplicateOf', '=', input.id).execute();
    await recordChange(trx, context, { action: 'report.mark-duplicate', targetType: 'report', targetId: input.id, change: { duplicateOf: original } });
    const detail = await findReport(trx, input.id);
    if (!detail) throw new Error('report vanished');
    return detail;
  });
}

/** Archives reports in bulk (noise, spam, out of scope); every id must exist. */
export async function archiveReports(db: Executor, context: MutationContext, input: { readonly ids: readonly string[] }): Promise<{ readonly archived: number }> {
  return linkOrSet(db, context, input.ids, '/ids', { status: 'archived' }, 'report.archive', {});
}

async function linkOrSet(
  db: Executor,
  context: MutationContext,
  ids: readonly string[],
  path: string,
  set: { status?: ReportStatus; caseId?: string; publicOutcome?: string | null },
  action: string,
  change: object,
): Promise<{ readonly archived: number }> {
  const unique = [...new Set(ids)];
  return inTransaction(db, async (trx) => {
    const found = unique.length === 0 ? [] : await trx.selectFrom('respondReports').select('id').where('id', 'in', unique).forUpdate().execute();
    const known = new Set(found.map((r) => r.id));
    const missing = ids.flatMap((id, index) => (known.has(id) ? [] : [{ path: `${path}/${index}`, message: 'no report with this id' }]));
    if (missing.length > 0) throw new InputError(missing);
    if (unique.length > 0) await trx.updateTable('respondReports').set({ ...set, updatedAt: context.now }).where('id', 'in', unique).execute();
    for (const id of unique) await recordChange(trx, context, { action, targetType: 'report', targetId: id, change: { ...set, ...change } });
    return { archived: unique.length };
  });
}

/**
 * Links reports to a case (cases call this when a case is opened from reports or reports are
 * added to it): each report records the case and leaves the queue as `linked-to-case`.
 * Throws InputError naming `/reportIds/<i>` for an unknown report; writes nothing then.
 */
export async function linkReportsToCase(db: Executor, context: MutationContext, input: { readonly reportIds: readonly string[]; readonly caseId: string }): Promise<void> {
  await linkOrSet(db, context, input.reportIds, '/reportIds', { status: 'linked-to-case', caseId: input.caseId }, 'report.link-case', {});
}

/**
 * Sets what the reporters' tracking pages show as the outcome (publishing calls this when a
 * notice is published or a case closes): for the given reports, or for every report of a
 * case. Optionally closes them. The text is shown to the public as plain text.
 */
export async function setReportPublicOutcome(
  db: Executor,
  context: MutationContext,
  input: ({ readonly reportIds: readonly string[] } | { readonly caseId: string }) & { readonly publicOutcome: string | null; readonly close?: boolean | undefined },
): Promise<{ readonly updated: number }> {
  return inTransaction(db, async (trx) => {
    const ids = 'caseId' in input ? (await trx.selectFrom('respondReports').select('id').where('caseId', '=', input.caseId).execute()).map((r) => r.id) : input.reportIds;
    const result = await linkOrSet(trx, context, ids, '/reportIds', { publicOutcome: input.publicOutcome, ...(input.close ? { status: 'closed' as const } : {}) }, 'report.public-outcome', {});
    return { updated: result.archived };
  });
}
