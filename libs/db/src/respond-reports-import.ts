/**
 * Bulk import and export of reports (CSV or JSON), for accredited observer organisations that
 * collect reports in their own tools. Import validates the whole file first, reports every
 * problem with its line and column (CSV) or JSON path, and writes nothing unless all is well;
 * then files every report in one transaction.
 *
 * CSV columns (header row required; order free):
 *
 *   external_ref,category,title,description,jurisdiction,latitude,longitude,occurred_at,links,language,contact_name,contact_email,contact_phone
 *
 * `category`, `title` and `description` are required. `jurisdiction` is a jurisdiction's id or
 * code (XV-NO). `links` are separated by spaces. JSON is an array of objects (or
 * `{"reports": [...]}`) with the fields of the public form (`category`, `title`,
 * `description`, `jurisdictionId` or `jurisdiction`, `latitude`, `longitude`, `occurredAt`,
 * `links`, `contact`, `language`) and an optional `externalRef`. The columns an export adds
 * (tracking code, status, classification) are ignored on import, so an export imports again.
 */
import { messageOf } from '@vigil/basics';
import type { NewReport, ReportStatus } from '@vigil/domain';
import { NewReportSchema } from '@vigil/domain';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Executor } from './database';
import type { InputProblem } from './input-error';
import { InputError } from './input-error';
import type { MutationContext } from './mutation';
import { inTransaction, iso } from './mutation';
import type { ReportOrigin } from './respond-reports';
import { createReport } from './respond-reports';

/** Columns an import reads. */
export const REPORT_IMPORT_COLUMNS = [
  'external_ref',
  'category',
  'title',
  'description',
  'jurisdiction',
  'latitude',
  'longitude',
  'occurred_at',
  'links',
  'language',
  'contact_name',
  'contact_email',
  'contact_phone',
] as const;

/** Columns an export adds before the import columns; an import ignores them. */
export const REPORT_EXPORT_COLUMNS = ['tracking_code', 'status', 'source', 'trust_level', 'received_at', 'incident_type', 'severity', 'verification_status', 'confidence'] as const;

/** Most reports one import may hold. */
export const MAX_IMPORTED_REPORTS = 10_000;

/** Formats of import and export. */
export type ReportFileFormat = 'csv' | 'json';

interface PlannedReport {
  readonly report: NewReport;
  readonly externalRef: string | null;
  /** Where the row is, for messages: `line 3` or `/3`. */
  readonly at: string;
}

const FIELD_OF_COLUMN: Record<string, string> = {
  external_ref: 'externalRef',
  jurisdiction: 'jurisdictionId',
  occurred_at: 'occurredAt',
};

async function jurisdictionResolver(db: Executor): Promise<(value: string) => string | undefined> {
  const rows = await db.selectFrom('jurisdictions').select(['id', 'code']).execute();
  const byKey = new Map<string, string>();
  for (const row of rows) {
    byKey.set(row.id.toLowerCase(), row.id);
    if (row.code) byKey.set(row.code.toLowerCase(), row.id);
  }
  return (value) => byKey.get(value.trim().toLowerCase());
}

function parseCsv(text: string, resolve: (value: string) => string | undefined, fileName: string | undefined): { planned: PlannedReport[]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const planned: PlannedReport[] = [];
  const where = (line: number, column?: number, field?: string) => `${fileName ? `${fileName}: ` : ''}line ${line}${column ? `, column ${column}` : ''}${field ? ` (${field})` : ''}`;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { planned, problems: [{ path: where(e.lines ?? 1), message: `not valid CSV: ${e.message}` }] };
  }
  const header = (records[0]?.record ?? []).map((name) => name.trim().toLowerCase());
  const columnIndex = new Map(header.map((name, index) => [name, index]));
  for (const required of ['category', 'title', 'description']) {
    if (!columnIndex.has(required)) problems.push({ path: where(1), message: `missing column "${required}" (columns: ${REPORT_IMPORT_COLUMNS.join(', ')})` });
  }
  header.forEach((name, index) => {
    if (!(REPORT_IMPORT_COLUMNS as readonly string[]).includes(name) && !(REPORT_EXPORT_COLUMNS as readonly string[]).includes(name)) {
      problems.push({ path: where(1, index + 1), message: `unknown column "${name}"` });
    }
  });
  if (problems.length > 0) return { planned, problems };
  if (records.length - 1 > MAX_IMPORTED_REPORTS) return { planned, problems: [{ path: where(1), message: `at most ${MAX_IMPORTED_REPORTS} reports per import (this file has ${records.length - 1})` }] };
  const column = (name: string) => (columnIndex.get(name) ?? 0) + 1;
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (name: string): string => {
      const index = columnIndex.get(name);
      return index === undefined ? '' : (record[index] ?? '').trim();
    };
    if (record.length > header.length) problems.push({ path: where(line, header.length + 1), message: `${record.length} cells where the header has ${header.length}` });
    const number = (name: string): number | null | string => {
      const value = cell(name);
      if (value === '') return null;
      const parsed = Number(value);
      return Number.isFinite(parsed) ? parsed : value;
    };
    let jurisdictionId: string | null = null;
    const jurisdiction = cell('jurisdiction');
    if (jurisdiction) {
      const found = resolve(jurisdiction);
      if (found) jurisdictionId = found;
      else problems.push({ path: where(line, column('jurisdiction'), 'jurisdiction'), message: `no jurisdiction with id or code "${jurisdiction}"` });
    }
    const candidate = {
      category: cell('category'),
      title: cell('title'),
      description: cell('description'),
      jurisdictionId,
      latitude: number('latitude'),
      longitude: number('longitude'),
      occurredAt: cell('occurred_at') || null,
      links: cell('links').split(/\s+/).filter((link) => link.length > 0),
      language: cell('language') || undefined,
      contact: { name: cell('contact_name'), email: cell('contact_email'), phone: cell('contact_phone') },
    };
    const parsed = NewReportSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const columnName = field === 'contact' ? `contact_${String(issue.path[1] ?? 'name')}` : (Object.entries(FIELD_OF_COLUMN).find(([, f]) => f === field)?.[0] ?? field);
        problems.push({ path: where(line, columnIndex.has(columnName) ? column(columnName) : undefined, columnName), message: issue.message });
      }
      continue;
    }
    const externalRef = cell('external_ref') || null;
    if (externalRef && externalRef.length > 200) problems.push({ path: where(line, column('external_ref'), 'external_ref'), message: 'at most 200 characters' });
    planned.push({ report: parsed.data, externalRef, at: where(line, externalRef ? column('external_ref') : undefined, externalRef ? 'external_ref' : undefined) });
  }
  return { planned, problems };
}

function parseJson(text: string, resolve: (value: string) => string | undefined): { planned: PlannedReport[]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const planned: PlannedReport[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { planned, problems: [{ path: '', message: `not valid JSON: ${messageOf(error)}` }] };
  }
  const wrapped = typeof value === 'object' && value !== null && !Array.isArray(value) && 'reports' in value;
  const items = wrapped ? (value as { reports: unknown }).reports : value;
  const base = wrapped ? '/reports' : '';
  if (!Array.isArray(items)) return { planned, problems: [{ path: base || '/', message: 'an array of reports (or {"reports": [...]})' }] };
  if (items.length > MAX_IMPORTED_REPORTS) return { planned, problems: [{ path: base || '/', message: `at most ${MAX_IMPORTED_REPORTS} reports per import (this file has ${items.length})` }] };
  items.forEach((item: unknown, index) => {
    const at = `${base}/${index}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ path: at, message: 'a report object' });
      return;
    }
    const record = { ...(item as Record<string, unknown>) };
    const jurisdiction = record['jurisdiction'];
    if (typeof jurisdiction === 'string' && record['jurisdictionId'] === undefined) {
      const found = resolve(jurisdiction);
      if (found) record['jurisdictionId'] = found;
      else problems.push({ path: `${at}/jurisdiction`, message: `no jurisdiction with id or code "${jurisdiction}"` });
    } else if (typeof record['jurisdictionId'] === 'string' && !resolve(record['jurisdictionId'])) {
      problems.push({ path: `${at}/jurisdictionId`, message: 'no jurisdiction with this id' });
    }
    const externalRef = record['externalRef'];
    if (externalRef !== undefined && externalRef !== null && (typeof externalRef !== 'string' || externalRef.length === 0 || externalRef.length > 200)) {
      problems.push({ path: `${at}/externalRef`, message: 'a text of 1 to 200 characters' });
    }
    const parsed = NewReportSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ path: `${at}/${issue.path.map(String).join('/')}`, message: issue.message });
      return;
    }
    planned.push({ report: parsed.data, externalRef: typeof externalRef === 'string' ? externalRef : null, at: `${at}/externalRef` });
  });
  return { planned, problems };
}

/**
 * Imports reports for an organisation: all or nothing. Throws InputError listing every
 * problem (line and column, or JSON path) and writes nothing when any row is wrong or an
 * `external_ref` repeats (in the file or among the organisation's reports).
 */
export async function importReports(
  db: Executor,
  context: MutationContext,
  input: { readonly text: string; readonly format: ReportFileFormat; readonly origin: Omit<ReportOrigin, 'externalRef'>; readonly fileName?: string | undefined },
): Promise<{ readonly created: number; readonly reports: readonly { readonly externalRef: string | null; readonly trackingCode: string; readonly id: string }[] }> {
  if (!input.text.trim()) throw new InputError([{ path: input.fileName ?? '', message: 'the file is empty' }]);
  return inTransaction(db, async (trx) => {
    const resolve = await jurisdictionResolver(trx);
    const { planned, problems } = input.format === 'csv' ? parseCsv(input.text, resolve, input.fileName) : parseJson(input.text, resolve);
    const seen = new Map<string, string>();
    for (const row of planned) {
      if (!row.externalRef) continue;
      const earlier = seen.get(row.externalRef);
      if (earlier) problems.push({ path: row.at, message: `"${row.externalRef}" repeats ${earlier}` });
      else seen.set(row.externalRef, row.at);
    }
    if (seen.size > 0 && input.origin.reporterOrganisationId) {
      const taken = await trx
        .selectFrom('respondReports')
        .select('externalRef')
        .where('reporterOrganisationId', '=', input.origin.reporterOrganisationId)
        .where('externalRef', 'in', [...seen.keys()])
        .execute();
      for (const row of taken) if (row.externalRef) problems.push({ path: seen.get(row.externalRef) ?? '', message: `your organisation already filed "${row.externalRef}"` });
    }
    if (problems.length > 0) throw new InputError(problems);
    if (planned.length === 0) throw new InputError([{ path: input.fileName ?? '', message: 'the file holds no reports' }]);
    const reports = [];
    for (const row of planned) {
      const created = await createReport(trx, context, { report: row.report, origin: { ...input.origin, externalRef: row.externalRef }, path: row.at });
      reports.push({ externalRef: row.externalRef, trackingCode: created.trackingCode, id: created.id });
    }
    return { created: reports.length, reports };
  });
}

/** Exports reports (newest first), optionally of one status, as CSV or JSON; contact details included. */
export async function exportReports(db: Executor, input: { readonly format: ReportFileFormat; readonly status?: ReportStatus | undefined }): Promise<string> {
  let select = db.selectFrom('respondReports').leftJoin('jurisdictions', 'jurisdictions.id', 'respondReports.jurisdictionId').selectAll('respondReports').select('jurisdictions.code as jurisdictionCode');
  if (input.status) select = select.where('respondReports.status', '=', input.status);
  const rows = await select.orderBy('respondReports.receivedAt', 'desc').orderBy('respondReports.id', 'desc').execute();
  if (input.format === 'json') {
    return `${JSON.stringify(
      rows.map((r) => ({
        trackingCode: r.trackingCode,
        status: r.status,
        source: r.source,
        trustLevel: r.trustLevel,
        receivedAt: iso(r.receivedAt),
        externalRef: r.externalRef,
        category: r.category,
        title: r.title,
        description: r.description,
        jurisdictionId: r.jurisdictionId,
        latitude: r.latitude,
        longitude: r.longitude,
        occurredAt: iso(r.occurredAt),
        links: r.links,
        language: r.language,
        contact: r.contact,
        incidentType: r.incidentType,
        disarmTechniqueIds: r.disarmTechniqueIds,
        severity: r.severity,
        verificationStatus: r.verificationStatus,
        confidence: r.confidence,
      })),
      null,
      2,
    )}\n`;
  }
  return stringify(
    rows.map((r) => [
      r.trackingCode,
      r.status,
      r.source,
      r.trustLevel,
      iso(r.receivedAt),
      r.incidentType ?? '',
      r.severity ?? '',
      r.verificationStatus,
      r.confidence ?? '',
      r.externalRef ?? '',
      r.category,
      r.title,
      r.description,
      r.jurisdictionCode ?? r.jurisdictionId ?? '',
      r.latitude ?? '',
      r.longitude ?? '',
      iso(r.occurredAt) ?? '',
      r.links.join(' '),
      r.language,
      r.contact?.name ?? '',
      r.contact?.email ?? '',
      r.contact?.phone ?? '',
    ]),
    { header: true, columns: [...REPORT_EXPORT_COLUMNS, ...REPORT_IMPORT_COLUMNS] },
  );
}
