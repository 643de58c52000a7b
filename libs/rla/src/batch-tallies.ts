/**
 * Batch tallies CSV for batch comparison audits, as Arlo's "candidate totals by batch" files:
 * a `Batch Name` column (plus optional `Jurisdiction` and `Tabulator` columns, matched
 * case-insensitively), then one column per choice with its reported votes in the batch.
 * Every problem is reported with file, line and column; a file with a problem yields nothing.
 */
import { type Result, err, ok } from '@vigil/basics';
import { decodeText, isBlankRow, parseCsv } from './csv';

/** Reported votes of one batch. */
export interface BatchTally {
  readonly jurisdiction: string;
  readonly tabulator: string | null;
  readonly batch: string;
  readonly votes: Readonly<Record<string, number>>;
  readonly line: number;
}

/** A problem in a batch tallies file. */
export interface BatchTallyProblem {
  readonly type:
    | 'csv-syntax'
    | 'tallies-empty'
    | 'tallies-missing-column'
    | 'tallies-duplicate-column'
    | 'tallies-row-length'
    | 'tallies-missing-value'
    | 'tallies-invalid-number'
    | 'tallies-duplicate-batch';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const KEY_COLUMNS = ['jurisdiction', 'tabulator', 'batch name'];

/** Parses a batch tallies CSV; rows without a Jurisdiction column take `jurisdiction`. */
export function parseBatchTallies(options: {
  file: string;
  bytes: Uint8Array;
  jurisdiction: string;
}): Result<BatchTally[], BatchTallyProblem[]> {
  const { file } = options;
  const problems: BatchTallyProblem[] = [];
  const problem = (
    type: BatchTallyProblem['type'],
    line: number,
    column: number,
    message: string,
  ): void => void problems.push({ type, file, line, column, message });
  const parsed = parseCsv(decodeText(options.bytes).text);
  if (!parsed.ok) {
    problem('csv-syntax', parsed.error.line, parsed.error.column, parsed.error.message);
    return err(problems);
  }
  const rows = parsed.value.filter((row) => !isBlankRow(row));
  const header = rows[0];
  if (header === undefined) {
    problem('tallies-empty', 1, 1, 'the file has no header row');
    return err(problems);
  }
  const names = header.cells.map((cell) => cell.value.trim());
  const lower = names.map((name) => name.toLowerCase());
  const batchColumn = lower.indexOf('batch name');
  if (batchColumn === -1)
    problem('tallies-missing-column', header.line, 1, 'missing column "Batch Name"');
  names.forEach((name, index) => {
    if (lower.indexOf(name.toLowerCase()) !== index)
      problem(
        'tallies-duplicate-column',
        header.line,
        header.cells[index]?.column ?? 1,
        `column "${name}" appears twice`,
      );
  });
  if (problems.length > 0) return err(problems);
  const jurisdictionColumn = lower.indexOf('jurisdiction');
  const tabulatorColumn = lower.indexOf('tabulator');
  const choiceColumns = names
    .map((name, index) => ({ name, index }))
    .filter(({ name }) => !KEY_COLUMNS.includes(name.toLowerCase()));
  const tallies: BatchTally[] = [];
  const seen = new Map<string, number>();
  for (const row of rows.slice(1)) {
    if (row.cells.length !== names.length) {
      problem(
        'tallies-row-length',
        row.line,
        1,
        `expected ${names.length} cells, found ${row.cells.length}`,
      );
      continue;
    }
    const cell = (index: number) =>
      row.cells[index] as { value: string; line: number; column: number };
    const batchCell = cell(batchColumn);
    const batch = batchCell.value.trim();
    if (batch === '')
      problem(
        'tallies-missing-value',
        batchCell.line,
        batchCell.column,
        'a value is required in column "Batch Name"',
      );
    const jurisdiction =
      jurisdictionColumn === -1 ? options.jurisdiction : cell(jurisdictionColumn).value.trim();
    const tabulatorValue = tabulatorColumn === -1 ? '' : cell(tabulatorColumn).value.trim();
    const votes: Record<string, number> = {};
    for (const { name, index } of choiceColumns) {
      const value = cell(index).value.trim();
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
        problem(
          'tallies-invalid-number',
          cell(index).line,
          cell(index).column,
          `expected a whole number of votes for "${name}", got "${value}"`,
        );
      } else votes[name] = Number(value);
    }
    const key = JSON.stringify([jurisdiction, tabulatorValue, batch]);
    const first = seen.get(key);
    if (first !== undefined)
      problem(
        'tallies-duplicate-batch',
        batchCell.line,
        batchCell.column,
        `batch "${batch}" already appears on line ${first}`,
      );
    seen.set(key, row.line);
    tallies.push({
      jurisdiction,
      tabulator: tabulatorValue === '' ? null : tabulatorValue,
      batch,
      votes,
      line: row.line,
    });
  }
  if (problems.length > 0) return err(problems);
  if (tallies.length === 0) {
    problem('tallies-empty', header.line + 1, 1, 'the file has no batches');
    return err(problems);
  }
  return ok(tallies);
}
