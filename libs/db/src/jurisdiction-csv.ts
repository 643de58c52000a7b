/**
 * CSV import and export of the jurisdiction tree. One row per jurisdiction and contact:
 *
 *   path,level,code,responsible_organisation,contact_name,contact_role,contact_email,contact_phone
 *   Valdoria,national,VL,Valdoria Electoral Commission,Ana Ruiz,Chair,ana@example.org,+000 1 23
 *   Valdoria > North,regional,VL-NO,,,,,
 *
 * `path` names the jurisdiction by its ancestors' names joined with " > ", so a file reads
 * like the tree and needs no ids. Further rows with the same path add contacts (their other
 * cells must be empty or equal). Import validates the whole file first, reports every problem
 * with its line and column, and writes nothing unless all is well; existing paths are updated.
 */
import type { Contact, JurisdictionLevel } from '@vigil/domain';
import { ContactSchema, Iso3166CodeSchema, JurisdictionLevelSchema, jurisdictionLevelDepth } from '@vigil/domain';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Executor } from './database';
import type { InputProblem } from './input-error';
import { InputError } from './input-error';
import { allJurisdictions, createJurisdiction, updateJurisdiction } from './jurisdictions';
import type { MutationContext } from './mutation';
import { inTransaction } from './mutation';

/** Columns of the jurisdiction CSV, in order. */
export const JURISDICTION_CSV_COLUMNS = [
  'path',
  'level',
  'code',
  'responsible_organisation',
  'contact_name',
  'contact_role',
  'contact_email',
  'contact_phone',
] as const;

const PATH_SEPARATOR = ' > ';

interface PlannedJurisdiction {
  readonly path: string;
  readonly names: readonly string[];
  readonly line: number;
  readonly level: JurisdictionLevel;
  readonly code: string | null;
  readonly responsibleOrganisation: string | null;
  readonly contacts: Contact[];
}

/** Summary of an import. */
export interface JurisdictionImportSummary {
  readonly created: number;
  readonly updated: number;
}

function pathsOf(jurisdictions: readonly { id: string; parentId: string | null; name: string }[]): Map<string, string> {
  const byId = new Map(jurisdictions.map((j) => [j.id, j]));
  const paths = new Map<string, string>();
  const pathOf = (id: string, depth = 0): string => {
    const known = paths.get(id);
    if (known) return known;
    const node = byId.get(id);
    if (!node || depth > 50) return '';
    const path = node.parentId ? `${pathOf(node.parentId, depth + 1)}${PATH_SEPARATOR}${node.name}` : node.name;
    paths.set(id, path);
    return path;
  };
  for (const j of jurisdictions) pathOf(j.id);
  return paths;
}

/** Exports the tree as CSV, parents before children. */
export async function exportJurisdictionsCsv(db: Executor): Promise<string> {
  const jurisdictions = await allJurisdictions(db);
  const paths = pathsOf(jurisdictions);
  const organisations = new Map((await db.selectFrom('organisations').select(['id', 'name']).execute()).map((o) => [o.id, o.name]));
  const rows: string[][] = [];
  const ordered = [...jurisdictions].sort((a, b) => (paths.get(a.id) ?? '').localeCompare(paths.get(b.id) ?? ''));
  for (const j of ordered) {
    const base = [paths.get(j.id) ?? j.name, j.level, j.code ?? '', j.responsibleOrganisationId ? (organisations.get(j.responsibleOrganisationId) ?? '') : ''];
    if (j.contacts.length === 0) rows.push([...base, '', '', '', '']);
    j.contacts.forEach((c, index) => {
      rows.push([...(index === 0 ? base : [base[0] ?? '', '', '', '']), c.name, c.role, c.email ?? '', c.phone ?? '']);
    });
  }
  return stringify(rows, { header: true, columns: [...JURISDICTION_CSV_COLUMNS] });
}

/**
 * Validates a jurisdiction CSV against the schema and the current tree, then creates or
 * updates every row in one transaction. Throws `InputError` listing every problem (nothing
 * written) when anything is wrong.
 */
export async function importJurisdictionsCsv(
  db: Executor,
  context: MutationContext,
  input: { readonly text: string; readonly fileName?: string },
): Promise<JurisdictionImportSummary> {
  const where = (line: number, column?: number, field?: string) =>
    `${input.fileName ? `${input.fileName}: ` : ''}line ${line}${column ? `, column ${column}` : ''}${field ? ` (${field})` : ''}`;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(input.text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new InputError([{ path: where(e.lines ?? 1), message: `not valid CSV: ${e.message}` }]);
  }
  const problems: InputProblem[] = [];
  const header = records[0]?.record.map((cell) => cell.trim().toLowerCase()) ?? [];
  const columnIndex = new Map(header.map((name, index) => [name, index]));
  for (const required of ['path', 'level']) {
    if (!columnIndex.has(required)) problems.push({ path: where(1), message: `missing column "${required}" (columns: ${JURISDICTION_CSV_COLUMNS.join(', ')})` });
  }
  header.forEach((name, index) => {
    if (!(JURISDICTION_CSV_COLUMNS as readonly string[]).includes(name)) problems.push({ path: where(1, index + 1), message: `unknown column "${name}"` });
  });
  if (problems.length > 0) throw new InputError(problems);

  const planned = new Map<string, PlannedJurisdiction>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (name: (typeof JURISDICTION_CSV_COLUMNS)[number]) => {
      const index = columnIndex.get(name);
      return index === undefined ? '' : (record[index] ?? '').trim();
    };
    const column = (name: string) => (columnIndex.get(name) ?? 0) + 1;
    if (record.length > header.length) problems.push({ path: where(line, header.length + 1), message: `${record.length} cells where the header has ${header.length}` });
    const path = cell('path');
    const names = path.split('>').map((name) => name.trim());
    if (!path || names.some((name) => name.length === 0)) {
      problems.push({ path: where(line, column('path'), 'path'), message: 'a path such as "Country > Region > Town" with no empty names' });
      continue;
    }
    const canonicalPath = names.join(PATH_SEPARATOR);
    let contact: Contact | null = null;
    if (cell('contact_name') || cell('contact_email') || cell('contact_phone') || cell('contact_role')) {
      const parsed = ContactSchema.safeParse({
        name: cell('contact_name'),
        role: cell('contact_role'),
        email: cell('contact_email') || null,
        phone: cell('contact_phone') || null,
      });
      if (parsed.success) contact = parsed.data;
      else {
        for (const issue of parsed.error.issues) {
          const field = `contact_${String(issue.path[0] ?? 'name')}`;
          problems.push({ path: where(line, column(field), field), message: issue.message });
        }
      }
    }
    const existing = planned.get(canonicalPath);
    if (existing) {
      for (const [name, value] of [['level', existing.level], ['code', existing.code ?? ''], ['responsible_organisation', existing.responsibleOrganisation ?? '']] as const) {
        const given = cell(name);
        if (given && given !== value) problems.push({ path: where(line, column(name), name), message: `"${given}" differs from line ${existing.line} ("${value}") for the same path` });
      }
      if (contact) existing.contacts.push(contact);
      continue;
    }
    const level = JurisdictionLevelSchema.safeParse(cell('level'));
    if (!level.success) problems.push({ path: where(line, column('level'), 'level'), message: `one of ${JurisdictionLevelSchema.options.join(', ')}` });
    const code = cell('code');
    if (code && !Iso3166CodeSchema.safeParse(code).success) problems.push({ path: where(line, column('code'), 'code'), message: 'an ISO 3166 code such as FR or FR-IDF' });
    planned.set(canonicalPath, {
      path: canonicalPath,
      names,
      line,
      level: level.success ? level.data : 'local',
      code: code || null,
      responsibleOrganisation: cell('responsible_organisation') || null,
      contacts: contact ? [contact] : [],
    });
  }

  return inTransaction(db, async (trx) => {
    const current = await allJurisdictions(trx);
    const idByPath = new Map<string, string>([...pathsOf(current)].map(([id, path]) => [path, id]));
    const levelById = new Map<string, JurisdictionLevel>(current.map((j) => [j.id, j.level]));
    const organisations = new Map((await trx.selectFrom('organisations').select(['id', 'name']).execute()).map((o) => [o.name.toLowerCase(), o.id]));
    const codes = new Map(current.filter((j) => j.code).map((j) => [j.code as string, j.id]));
    const ordered = [...planned.values()].sort((a, b) => a.names.length - b.names.length);
    const codeLines = new Map<string, number>();
    for (const row of ordered) {
      const parentPath = row.names.slice(0, -1).join(PATH_SEPARATOR);
      if (parentPath) {
        const parentPlanned = planned.get(parentPath);
        const parentLevel = parentPlanned?.level ?? levelById.get(idByPath.get(parentPath) ?? '');
        if (!parentLevel) problems.push({ path: where(row.line, (columnIndex.get('path') ?? 0) + 1, 'path'), message: `parent "${parentPath}" is neither in the file nor in Vigil` });
        else if (jurisdictionLevelDepth(parentLevel) >= jurisdictionLevelDepth(row.level)) {
          problems.push({ path: where(row.line, (columnIndex.get('level') ?? 0) + 1, 'level'), message: `a ${row.level} jurisdiction cannot sit under a ${parentLevel} one` });
        }
      } else if (row.level === 'regional' || row.level === 'local') {
        problems.push({ path: where(row.line, (columnIndex.get('path') ?? 0) + 1, 'path'), message: `a ${row.level} jurisdiction needs a parent in its path` });
      }
      if (row.responsibleOrganisation && !organisations.has(row.responsibleOrganisation.toLowerCase())) {
        problems.push({ path: where(row.line, (columnIndex.get('responsible_organisation') ?? 0) + 1, 'responsible_organisation'), message: `no organisation named "${row.responsibleOrganisation}"` });
      }
      if (row.code) {
        const owner = codes.get(row.code);
        const self = idByPath.get(row.path);
        if (owner && owner !== self) {
          problems.push({ path: where(row.line, (columnIndex.get('code') ?? 0) + 1, 'code'), message: `code ${row.code} belongs to another jurisdiction` });
        }
        const firstLine = codeLines.get(row.code);
        if (firstLine !== undefined) problems.push({ path: where(row.line, (columnIndex.get('code') ?? 0) + 1, 'code'), message: `code ${row.code} is also on line ${firstLine}` });
        codeLines.set(row.code, row.line);
      }
    }
    if (problems.length > 0) throw new InputError(problems.sort((a, b) => a.path.localeCompare(b.path, undefined, { numeric: true })));

    let created = 0;
    let updated = 0;
    for (const row of ordered) {
      const responsibleOrganisationId = row.responsibleOrganisation ? (organisations.get(row.responsibleOrganisation.toLowerCase()) ?? null) : null;
      const existingId = idByPath.get(row.path);
      if (existingId) {
        await updateJurisdiction(trx, context, existingId, { code: row.code, responsibleOrganisationId, contacts: row.contacts });
        updated += 1;
      } else {
        const parentId = idByPath.get(row.names.slice(0, -1).join(PATH_SEPARATOR)) ?? null;
        const made = await createJurisdiction(trx, context, {
          parentId: parentId as never,
          level: row.level,
          name: row.names.at(-1) ?? row.path,
          code: row.code,
          responsibleOrganisationId: responsibleOrganisationId as never,
          contacts: row.contacts,
        });
        idByPath.set(row.path, made.id);
        created += 1;
      }
    }
    return { created, updated };
  });
}
