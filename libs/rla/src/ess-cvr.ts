/**
 * ES&S cast-vote-record exports, read as Arlo reads them (votingworks/arlo server/api/cvrs.py
 * `separate_ess_cvr_and_ballots_files`, `read_ess_ballots_file`, `parse_ess_cvrs`). An export is
 * one CVR file plus one or more ballots files, joined on "Cast Vote Record":
 * - which is which: a file whose first line starts with "Ballots" or contains "Tabulator CVR" is
 *   a ballots file, unless it is named cvr.csv (any case); exactly one CVR file is needed;
 * - CVR file: a header row whose columns up to the last known metadata header ("Election ID",
 *   "Audit Number", "Tabulator CVR", "Cast Vote Record", "Batch", "Ballot Status", "Precinct",
 *   "Ballot Style") are metadata and the rest contests; each cell is the choice voted,
 *   "overvote", "undervote" or empty (contest not on the ballot). Choices are those seen in the
 *   file, sorted; every contest is vote-for-1 (as Arlo assumes);
 * - ballots files: optionally five metadata rows ("Ballots", election, county, date, empty)
 *   before the header; rows starting with "Total" and empty rows are skipped; "Cast Vote
 *   Record", "Batch" and "Tabulator CVR" are required. "Tabulator CVR" is a ten-digit number
 *   (four-digit tabulator, six-digit record id) or, with a "Machine" column naming the
 *   tabulator, a sixteen-character hexadecimal id (record id = ⌊hex / 10¹⁰⌋).
 * The join is by CVR number: every CVR row needs exactly one ballots row and every ballots row a
 * CVR row (Arlo requires the same, in file order). Problems carry file, line and column; the
 * export yields nothing if any file has one.
 */
import { type Result, err, ok } from '@vigil/basics';
import { decodeText, scanCsv } from './csv';
import {
  type CvrContest,
  type CvrExport,
  type CvrProblem,
  MARK,
  compareCodePoints,
  cvrTotals,
} from './dominion-cvr';

/** A file of the export. */
export interface InputFile {
  readonly file: string;
  readonly bytes: Uint8Array;
}

const KNOWN_METADATA = [
  'Election ID',
  'Audit Number',
  'Tabulator CVR',
  'Cast Vote Record',
  'Batch',
  'Ballot Status',
  'Precinct',
  'Ballot Style',
];
const MAX_PROBLEMS = 100;
const TEN_DIGITS = /^(\d{4})(\d{6})$/;

interface BallotMeta {
  readonly tabulator: string;
  readonly batch: string;
  readonly recordId: number;
  readonly imprintedId: string;
  readonly file: string;
  readonly line: number;
}

/** Sorts the files of an ES&S export into the CVR file and the ballots files, as Arlo does. */
export function classifyEssFiles(
  files: readonly InputFile[],
): Result<
  { cvr: InputFile & { text: string }; ballots: (InputFile & { text: string })[] },
  CvrProblem[]
> {
  const decoded = files.map((input) => ({ ...input, text: decodeText(input.bytes).text }));
  const isBallots = (input: (typeof decoded)[number]): boolean => {
    const base = input.file.split(/[\\/]/).at(-1) ?? input.file;
    if (base.toLowerCase() === 'cvr.csv') return false;
    const firstLine = input.text.split(/\r?\n/, 1)[0] ?? '';
    return firstLine.startsWith('Ballots') || firstLine.includes('Tabulator CVR');
  };
  const empty = decoded.filter((input) => input.text.trim() === '');
  if (empty.length > 0)
    return err(empty.map((input) => problemAt('cvr-files', input.file, 1, 1, 'the file is empty')));
  const ballots = decoded.filter(isBallots);
  const cvrs = decoded.filter((input) => !isBallots(input));
  const named = `CVR files: ${cvrs.map((input) => input.file).join(', ') || 'none'}; ballots files: ${ballots.map((input) => input.file).join(', ') || 'none'}`;
  const first = files[0]?.file ?? '(no files)';
  if (ballots.length === 0)
    return err([
      problemAt(
        'cvr-files',
        first,
        1,
        1,
        `no ballots file (the list of ballots with their batch and CVR number). ${named}`,
      ),
    ]);
  if (cvrs.length === 0)
    return err([
      problemAt(
        'cvr-files',
        first,
        1,
        1,
        `no CVR file (name it cvr.csv if it was taken for a ballots file). ${named}`,
      ),
    ]);
  if (cvrs.length > 1)
    return err([
      problemAt('cvr-files', cvrs[1]?.file ?? first, 1, 1, `more than one CVR file. ${named}`),
    ]);
  return ok({ cvr: cvrs[0] as (typeof decoded)[number], ballots });
}

function problemAt(
  type: CvrProblem['type'],
  file: string,
  line: number,
  column: number,
  message: string,
): CvrProblem {
  return { type, file, line, column, message };
}

/** Parses an ES&S export (the CVR file and the ballots files, in any order). */
export function parseEssCvrs(options: {
  readonly files: readonly InputFile[];
}): Result<CvrExport, CvrProblem[]> {
  const classified = classifyEssFiles(options.files);
  if (!classified.ok) return classified;
  const problems: CvrProblem[] = [];
  const problem = (
    type: CvrProblem['type'],
    file: string,
    line: number,
    column: number,
    message: string,
  ): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problemAt(type, file, line, column, message));
  };
  const { cvr } = classified.value;

  // 1. The CVR file: choices seen per contest, and each row's cells.
  let header: string[] | undefined;
  let cvrColumn = -1;
  let firstContest = -1;
  const rows: { cvrNumber: string; cells: string[]; line: number; starts: number[] }[] = [];
  const seenChoices: Map<string, Set<string>> = new Map();
  const malformed = new Set<string>();
  const scanned = scanCsv(cvr.text, (fields, line, starts, lineStart) => {
    const column = (index: number): number => (starts[index] ?? lineStart) - lineStart + 1;
    if (header === undefined) {
      header = fields;
      cvrColumn = header.indexOf('Cast Vote Record');
      for (let index = header.length - 1; index >= 0; index--)
        if (KNOWN_METADATA.includes(header[index] as string)) {
          firstContest = index + 1;
          break;
        }
      if (cvrColumn < 0)
        problem('cvr-header', cvr.file, line, 1, 'missing column "Cast Vote Record"');
      if (firstContest < 0)
        problem(
          'cvr-header',
          cvr.file,
          line,
          1,
          `no known metadata column (${KNOWN_METADATA.join(', ')})`,
        );
      return problems.length === 0;
    }
    if (fields.every((field) => field === '')) return true;
    if (fields.length !== header.length) {
      // Reported once: the join below does not also call the ballot missing from the CVR file.
      malformed.add((fields[cvrColumn] ?? '').trim());
      problem(
        'cvr-row-length',
        cvr.file,
        line,
        1,
        `expected ${header.length} cells, found ${fields.length}`,
      );
      return problems.length < MAX_PROBLEMS;
    }
    const cvrNumber = (fields[cvrColumn] as string).trim();
    if (cvrNumber === '')
      problem(
        'cvr-missing-value',
        cvr.file,
        line,
        column(cvrColumn),
        'a value is required in column "Cast Vote Record"',
      );
    for (let index = firstContest; index < header.length; index++) {
      const value = fields[index] as string;
      if (value === '' || value === 'overvote' || value === 'undervote') continue;
      const contest = header[index] as string;
      const set = seenChoices.get(contest);
      if (set === undefined) seenChoices.set(contest, new Set([value]));
      else set.add(value);
    }
    rows.push({ cvrNumber, cells: fields.slice(firstContest), line, starts });
    return problems.length < MAX_PROBLEMS;
  });
  if (!scanned.ok)
    problem(
      'csv-syntax',
      cvr.file,
      scanned.error.line,
      scanned.error.column,
      scanned.error.message,
    );

  // 2. The ballots files: batch, tabulator and record id per CVR number.
  const ballotsByCvr = new Map<string, BallotMeta>();
  for (const input of classified.value.ballots) readBallotsFile(input, ballotsByCvr, problem);
  // Go on to the join so that one run reports the ballots missing on either side too.
  if (header === undefined) return err(problems);

  // 3. Contests in the order Arlo's dictionary gets them (first choice seen), choices sorted.
  const contestHeaders = header.slice(firstContest);
  const duplicated = contestHeaders.find((name, index) => contestHeaders.indexOf(name) !== index);
  if (duplicated !== undefined)
    problem('cvr-header', cvr.file, 1, 1, `contest column "${duplicated}" appears twice`);
  const contests: CvrContest[] = [];
  let choiceCount = 0;
  for (const [name, set] of seenChoices) {
    const choices = [...set].sort(compareCodePoints);
    contests.push({ name, votesAllowed: 1, choices, firstChoice: choiceCount });
    choiceCount += choices.length;
  }
  const contestColumn = new Map(contestHeaders.map((name, index) => [name, index]));

  // 4. Join and build the columns.
  const marks = new Uint8Array(rows.length * choiceCount);
  const cvrNumber: string[] = [];
  const tabulator: string[] = [];
  const batch: string[] = [];
  const imprintedId: string[] = [];
  const recordId = new Float64Array(rows.length);
  const joined = new Set<string>();
  rows.forEach((row, ballot) => {
    const meta = ballotsByCvr.get(row.cvrNumber);
    if (joined.has(row.cvrNumber))
      problem(
        'cvr-duplicate',
        cvr.file,
        row.line,
        1,
        `Cast Vote Record ${row.cvrNumber} appears twice`,
      );
    joined.add(row.cvrNumber);
    if (meta === undefined)
      problem(
        'cvr-join',
        cvr.file,
        row.line,
        1,
        `Cast Vote Record ${row.cvrNumber} is in no ballots file`,
      );
    cvrNumber.push(row.cvrNumber);
    tabulator.push(meta?.tabulator ?? '');
    batch.push(meta?.batch ?? '');
    imprintedId.push(meta?.imprintedId ?? '');
    recordId[ballot] = meta?.recordId ?? 0;
    for (const contest of contests) {
      const value = row.cells[contestColumn.get(contest.name) as number] as string;
      const base = ballot * choiceCount + contest.firstChoice;
      contest.choices.forEach((choice, offset) => {
        marks[base + offset] =
          value === ''
            ? MARK.notOnBallot
            : value === 'overvote'
              ? MARK.overvote
              : value === 'undervote'
                ? MARK.undervote
                : value === choice
                  ? MARK.vote
                  : MARK.none;
      });
    }
  });
  for (const [number, meta] of ballotsByCvr)
    if (!joined.has(number) && !malformed.has(number))
      problem(
        'cvr-join',
        meta.file,
        meta.line,
        1,
        `Cast Vote Record ${number} is not in the CVR file ${cvr.file}`,
      );
  if (problems.length > 0) return err(problems);
  const sourceFiles = [cvr.file];
  const sourceIndex = new Map([[cvr.file, 0]]);
  const sourceFile = new Uint32Array(rows.length);
  const sourceLine = new Uint32Array(rows.length);
  rows.forEach((row, ballot) => {
    // The tabulator and batch come from the ballots file's row.
    const meta = ballotsByCvr.get(row.cvrNumber) as BallotMeta;
    let index = sourceIndex.get(meta.file);
    if (index === undefined) {
      index = sourceFiles.push(meta.file) - 1;
      sourceIndex.set(meta.file, index);
    }
    sourceFile[ballot] = index;
    sourceLine[ballot] = meta.line;
  });
  return ok({
    file: cvr.file,
    contests,
    choiceCount,
    ballotCount: rows.length,
    cvrNumber,
    tabulator,
    batch,
    recordId,
    imprintedId,
    marks,
    sources: { files: sourceFiles, file: sourceFile, line: sourceLine },
    totals: cvrTotals(contests, marks, choiceCount, rows.length),
  });
}

function readBallotsFile(
  input: InputFile & { text: string },
  ballotsByCvr: Map<string, BallotMeta>,
  problem: (
    type: CvrProblem['type'],
    file: string,
    line: number,
    column: number,
    message: string,
  ) => void,
): void {
  let row = 0;
  let metadataRows = false;
  let columns:
    | { cvr: number; batch: number; tabulatorCvr: number; machine: number; count: number }
    | undefined;
  const scanned = scanCsv(input.text, (fields, line, starts, lineStart) => {
    const column = (index: number): number => (starts[index] ?? lineStart) - lineStart + 1;
    row++;
    if (row === 1 && fields[0] === 'Ballots') metadataRows = true;
    if (metadataRows && row <= 5) return true;
    if (columns === undefined) {
      const find = (name: string): number => {
        const index = fields.indexOf(name);
        if (index < 0 && name !== 'Machine')
          problem('cvr-header', input.file, line, 1, `missing column "${name}"`);
        return index;
      };
      columns = {
        cvr: find('Cast Vote Record'),
        batch: find('Batch'),
        tabulatorCvr: find('Tabulator CVR'),
        machine: find('Machine'),
        count: fields.length,
      };
      return columns.cvr >= 0 && columns.batch >= 0 && columns.tabulatorCvr >= 0;
    }
    if ((fields[0] ?? '').startsWith('Total') || fields.every((field) => field === '')) return true;
    const cell = (index: number, name: string): string => {
      const value = (fields[index] ?? '').trim();
      if (index >= fields.length || value === '')
        problem(
          'cvr-missing-value',
          input.file,
          line,
          index >= fields.length ? 1 : column(index),
          `a value is required in column "${name}"`,
        );
      return value;
    };
    const cvrNumber = cell(columns.cvr, 'Cast Vote Record');
    if (cvrNumber !== '' && !/^\d+$/.test(cvrNumber))
      problem(
        'cvr-invalid-number',
        input.file,
        line,
        column(columns.cvr),
        `Cast Vote Record must be a whole number, got "${cvrNumber}"`,
      );
    const batchName = cell(columns.batch, 'Batch');
    const tabulatorCvr = cell(columns.tabulatorCvr, 'Tabulator CVR');
    const at = column(columns.tabulatorCvr);
    let tabulatorName = '';
    let recordId = 0;
    const tenDigits = TEN_DIGITS.exec(tabulatorCvr);
    if (columns.machine >= 0) {
      tabulatorName = cell(columns.machine, 'Machine');
      if (tenDigits !== null) recordId = Number(tenDigits[2]);
      else if (/^[0-9a-fA-F]+$/.test(tabulatorCvr))
        recordId = Number(BigInt(`0x${tabulatorCvr}`) / 10_000_000_000n);
      else if (tabulatorCvr !== '')
        problem(
          'cvr-invalid-id',
          input.file,
          line,
          at,
          `Tabulator CVR should be a ten-digit number or a sixteen-character hexadecimal string, got "${tabulatorCvr}" (a spreadsheet may have changed it)`,
        );
    } else if (tenDigits !== null) {
      tabulatorName = tenDigits[1] as string;
      recordId = Number(tenDigits[2]);
    } else if (tabulatorCvr !== '')
      problem(
        'cvr-invalid-id',
        input.file,
        line,
        at,
        `Tabulator CVR should be a ten-digit number when there is no Machine column, got "${tabulatorCvr}" (were leading zeros stripped?)`,
      );
    if (ballotsByCvr.has(cvrNumber)) {
      const first = ballotsByCvr.get(cvrNumber) as BallotMeta;
      problem(
        'cvr-duplicate',
        input.file,
        line,
        column(columns.cvr),
        `Cast Vote Record ${cvrNumber} is also at ${first.file}:${first.line}`,
      );
    } else
      ballotsByCvr.set(cvrNumber, {
        tabulator: tabulatorName,
        batch: batchName,
        recordId,
        imprintedId: tabulatorCvr,
        file: input.file,
        line,
      });
    return true;
  });
  if (!scanned.ok)
    problem(
      'csv-syntax',
      input.file,
      scanned.error.line,
      scanned.error.column,
      scanned.error.message,
    );
  if (columns === undefined) problem('cvr-header', input.file, 1, 1, 'no header row');
}
