/**
 * Ballot manifest CSV, with Arlo's columns (server/api/ballot_manifest.py): `Container`
 * (optional), `Tabulator` (optional; an empty cell means no tabulator), `Batch Name`,
 * `Number of Ballots`, `CVR` (optional, Y/N), plus an optional `Jurisdiction` column of our
 * own so one file can cover several jurisdictions. Headers match case-insensitively and cells
 * are trimmed, as Arlo does (util/csv_parse.py); blank rows are skipped; rows with zero
 * ballots are skipped, as Arlo does. Every problem is reported with file, line and column,
 * and a file with any problem yields no manifest at all.
 */
import { type Result, err, ok } from '@vigil/basics';
import type { BatchKey } from './ballot-id';
import {
  type CsvCell,
  type CsvRow,
  type TextEncodingName,
  decodeText,
  isBlankRow,
  parseCsv,
} from './csv';

/** One batch of the manifest. */
export interface ManifestBatch {
  readonly key: BatchKey;
  readonly container: string | null;
  readonly ballots: number;
  /** The `CVR` column (hybrid audits), or `null` without it. */
  readonly hasCvrs: boolean | null;
  /** Line of the batch's row in the file. */
  readonly line: number;
}

/** A parsed ballot manifest. */
export interface Manifest {
  readonly file: string;
  readonly encoding: TextEncodingName;
  readonly batches: readonly ManifestBatch[];
  readonly totalBallots: number;
}

/** Kinds of problems in a manifest file. */
export type ManifestProblemType =
  | 'csv-syntax'
  | 'manifest-empty'
  | 'manifest-duplicate-column'
  | 'manifest-missing-column'
  | 'manifest-unexpected-column'
  | 'manifest-row-length'
  | 'manifest-missing-value'
  | 'manifest-invalid-number'
  | 'manifest-invalid-yes-no'
  | 'manifest-duplicate-batch'
  | 'manifest-total-row'
  | 'manifest-no-jurisdiction';

/** One problem, located in the file. */
export interface ManifestProblem {
  readonly type: ManifestProblemType;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const COLUMNS = [
  'Jurisdiction',
  'Container',
  'Tabulator',
  'Batch Name',
  'Number of Ballots',
  'CVR',
] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: readonly Column[] = ['Batch Name', 'Number of Ballots'];
/** Arlo's `TOTAL_REGEX`: a cell saying "total" or "subtotal" marks a total row, not a batch. */
const TOTAL = /(^|[^a-zA-Z])(sub)?totals?($|[^a-zA-Z])/i;

/** Arguments of {@link parseManifest}. */
export interface ParseManifestOptions {
  /** File name, for messages. */
  readonly file: string;
  readonly bytes: Uint8Array;
  /** Jurisdiction of every row when the file has no `Jurisdiction` column. */
  readonly jurisdiction?: string;
}

/** Parses and validates a ballot manifest; all problems or a whole manifest. */
export function parseManifest(options: ParseManifestOptions): Result<Manifest, ManifestProblem[]> {
  const { file } = options;
  const { text, encoding } = decodeText(options.bytes);
  const problems: ManifestProblem[] = [];
  const problem = (
    type: ManifestProblemType,
    at: { line: number; column: number },
    message: string,
  ): void => {
    problems.push({ type, file, line: at.line, column: at.column, message });
  };
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    problem('csv-syntax', parsed.error, parsed.error.message);
    return err(problems);
  }
  const rows = parsed.value.filter((row) => !isBlankRow(row));
  const header = rows[0];
  if (header === undefined) {
    problem('manifest-empty', { line: 1, column: 1 }, 'the file has no header row');
    return err(problems);
  }
  const columnIndex = new Map<Column, number>();
  header.cells.forEach((cell, index) => {
    const name = COLUMNS.find((column) => column.toLowerCase() === cell.value.trim().toLowerCase());
    if (name === undefined) {
      problem(
        'manifest-unexpected-column',
        cell,
        `unexpected column "${cell.value}"; allowed: ${COLUMNS.join(', ')}`,
      );
    } else if (columnIndex.has(name)) {
      problem('manifest-duplicate-column', cell, `column "${name}" appears twice`);
    } else {
      columnIndex.set(name, index);
    }
  });
  for (const column of REQUIRED) {
    if (!columnIndex.has(column))
      problem(
        'manifest-missing-column',
        { line: header.line, column: 1 },
        `missing column "${column}"`,
      );
  }
  const hasJurisdictionColumn = columnIndex.has('Jurisdiction');
  if (
    !hasJurisdictionColumn &&
    (options.jurisdiction === undefined || options.jurisdiction.trim() === '')
  ) {
    problem(
      'manifest-no-jurisdiction',
      { line: header.line, column: 1 },
      'no Jurisdiction column and no jurisdiction given',
    );
  }
  if (problems.length > 0) return err(problems);
  const dataRows = rows.slice(1);
  if (dataRows.length === 0) {
    problem('manifest-empty', { line: header.line + 1, column: 1 }, 'the manifest has no batches');
    return err(problems);
  }
  const batches: ManifestBatch[] = [];
  const seen = new Map<string, number>();
  const ballotCounts: number[] = [];
  for (const row of dataRows) {
    const batch = parseRow(row, header, columnIndex, options.jurisdiction ?? '', problem);
    if (batch === undefined) continue;
    ballotCounts.push(batch.ballots);
    const id = JSON.stringify([batch.key.jurisdiction, batch.key.tabulator, batch.key.batch]);
    const first = seen.get(id);
    if (first !== undefined) {
      problem(
        'manifest-duplicate-batch',
        { line: row.line, column: 1 + (columnIndex.get('Batch Name') as number) },
        `batch "${batch.key.batch}"${batch.key.tabulator === null ? '' : ` of tabulator "${batch.key.tabulator}"`} already appears on line ${first}`,
      );
      continue;
    }
    seen.set(id, row.line);
    if (batch.ballots > 0) batches.push(batch);
  }
  // Arlo's `reject_final_total_row`: a last row equal to the sum of the others is a total.
  const last = ballotCounts.at(-1);
  const lastRow = dataRows.at(-1) as CsvRow;
  if (
    ballotCounts.length > 2 &&
    last !== undefined &&
    last !== 0 &&
    ballotCounts.slice(0, -1).reduce((a, b) => a + b, 0) === last
  ) {
    problem(
      'manifest-total-row',
      { line: lastRow.line, column: 1 },
      'the last row looks like a total row; remove it',
    );
  }
  if (problems.length > 0) return err(problems);
  if (batches.length === 0) {
    problem('manifest-empty', { line: header.line + 1, column: 1 }, 'the manifest has no ballots');
    return err(problems);
  }
  return ok({
    file,
    encoding,
    batches,
    totalBallots: batches.reduce((sum, batch) => sum + batch.ballots, 0),
  });
}

function parseRow(
  row: CsvRow,
  header: CsvRow,
  columnIndex: ReadonlyMap<Column, number>,
  defaultJurisdiction: string,
  problem: (
    type: ManifestProblemType,
    at: { line: number; column: number },
    message: string,
  ) => void,
): ManifestBatch | undefined {
  if (row.cells.length !== header.cells.length) {
    problem(
      'manifest-row-length',
      { line: row.line, column: 1 },
      `expected ${header.cells.length} cells, found ${row.cells.length}`,
    );
    return undefined;
  }
  let valid = true;
  for (const cell of row.cells) {
    if (TOTAL.test(cell.value)) {
      problem('manifest-total-row', cell, `"${cell.value}" looks like a total row; remove it`);
      valid = false;
    }
  }
  const cellOf = (column: Column): CsvCell | undefined => {
    const index = columnIndex.get(column);
    return index === undefined ? undefined : row.cells[index];
  };
  const required = (column: Column): string | undefined => {
    const cell = cellOf(column);
    if (cell === undefined) return undefined;
    const value = cell.value.trim();
    if (value === '') {
      problem('manifest-missing-value', cell, `a value is required in column "${column}"`);
      valid = false;
    }
    return value;
  };
  const optional = (column: Column): string | null => {
    const value = cellOf(column)?.value.trim() ?? '';
    return value === '' ? null : value;
  };
  const jurisdiction = columnIndex.has('Jurisdiction')
    ? required('Jurisdiction')
    : defaultJurisdiction.trim();
  const batchName = required('Batch Name');
  const ballotsText = required('Number of Ballots');
  let ballots = 0;
  const ballotsCell = cellOf('Number of Ballots') as CsvCell;
  if (ballotsText !== undefined && ballotsText !== '') {
    if (!/^\d+$/.test(ballotsText) || !Number.isSafeInteger(Number(ballotsText))) {
      problem(
        'manifest-invalid-number',
        ballotsCell,
        `expected a whole number of ballots ≥ 0, got "${ballotsText}"`,
      );
      valid = false;
    } else {
      ballots = Number(ballotsText);
    }
  }
  let hasCvrs: boolean | null = null;
  const cvrCell = cellOf('CVR');
  if (cvrCell !== undefined) {
    const value = cvrCell.value.trim().toLowerCase();
    if (value === 'y' || value === 'yes') hasCvrs = true;
    else if (value === 'n' || value === 'no') hasCvrs = false;
    else {
      problem(
        'manifest-invalid-yes-no',
        cvrCell,
        `expected Y or N in column "CVR", got "${cvrCell.value}"`,
      );
      valid = false;
    }
  }
  if (!valid || jurisdiction === undefined || batchName === undefined) return undefined;
  return {
    key: { jurisdiction, tabulator: optional('Tabulator'), batch: batchName },
    container: optional('Container'),
    ballots,
    hasCvrs,
    line: row.line,
  };
}
