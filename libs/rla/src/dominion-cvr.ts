/**
 * Dominion Democracy Suite cast-vote-record CSV exports, read as Arlo reads them
 * (votingworks/arlo server/api/cvrs.py `parse_dominion_cvrs`): row 1 election name and
 * software version; row 2 contest headers "Name (Vote For=n)" over the choice columns; row 3
 * choice names; row 4 column headers (CvrNumber, TabulatorNum, BatchId, RecordId, ImprintedId or
 * UniqueVotingIdentifier, then CountingGroup, PrecinctPortion, BallotType, …); then one row per
 * ballot with "1"/"0" per choice, empty when the contest is not on the ballot. Values may carry
 * Excel's leading "=" (="123"), which is removed. Every problem is reported with line and
 * column (up to 100), and a file with a problem yields nothing.
 *
 * Ballots are stored by column (one array per field, one byte per ballot and choice) so that a
 * million-row export fits comfortably in memory.
 */
import { type Result, err, ok } from '@vigil/basics';
import { decodeText, scanCsv } from './csv';

/** A contest of the export and the columns of its choices. */
export interface CvrContest {
  readonly name: string;
  readonly votesAllowed: number;
  readonly choices: readonly string[];
  /** Index of the contest's first choice among all choice columns. */
  readonly firstChoice: number;
}

/**
 * Marks per ballot and choice in {@link DominionCvrs.marks}. ES&S exports say when a contest was
 * overvoted or undervoted (Arlo's "o" and "u"): the contest is on the ballot, with no vote.
 */
export const MARK = { none: 0, vote: 1, notOnBallot: 2, overvote: 3, undervote: 4 } as const;

/** A parsed CVR export of any vendor, by column. */
export interface CvrExport {
  readonly file: string;
  readonly contests: readonly CvrContest[];
  readonly choiceCount: number;
  readonly ballotCount: number;
  /** The export's own row id (Dominion CvrNumber, ClearBallot RowNumber). */
  readonly cvrNumber: readonly string[];
  /** Tabulator (Dominion TabulatorNum, ClearBallot ScanComputerName). */
  readonly tabulator: readonly string[];
  /** Batch (Dominion BatchId, ClearBallot BoxID). */
  readonly batch: readonly string[];
  /** Position in the batch (Dominion RecordId, ClearBallot BoxPosition). */
  readonly recordId: Float64Array;
  /** Printed id (Dominion ImprintedId, ClearBallot BallotID). */
  readonly imprintedId: readonly string[];
  /** `marks[ballot * choiceCount + choice]`: see {@link MARK}. */
  readonly marks: Uint8Array;
  /**
   * Where each ballot's tabulator and batch were read: file `files[file[ballot]]`, line
   * `line[ballot]` (the CSV row, the ES&S ballots-file row, the Hart XML element). For messages.
   */
  readonly sources?: CvrSources;
  /** Per contest: ballots on which it appears, and votes per choice. */
  readonly totals: readonly {
    readonly contest: string;
    readonly ballots: number;
    readonly votes: Readonly<Record<string, number>>;
  }[];
}

/** Per ballot, the file and line its tabulator and batch come from (see {@link CvrExport.sources}). */
export interface CvrSources {
  readonly files: readonly string[];
  readonly file: Uint32Array;
  readonly line: Uint32Array;
}

/** Sources of an export read from one file. */
export function singleFileSources(file: string, lines: readonly number[]): CvrSources {
  return { files: [file], file: new Uint32Array(lines.length), line: Uint32Array.from(lines) };
}

/** A parsed Dominion export. */
export interface DominionCvrs extends CvrExport {
  readonly electionName: string;
  readonly softwareVersion: string;
}

/**
 * Per-contest totals of a columnar export: a contest is on a ballot when its cells are not empty;
 * every mark counts. With `skipOvervotes`, an overvoted contest counts the ballot but none of its
 * marks, as Arlo's contest metadata does (see {@link arloCvrTotals}).
 */
export function cvrTotals(
  contests: readonly CvrContest[],
  marks: Uint8Array,
  choiceCount: number,
  ballotCount: number,
  skipOvervotes = false,
): CvrExport['totals'] {
  return contests.map((contest) => {
    const votes: Record<string, number> = Object.fromEntries(
      contest.choices.map((choice) => [choice, 0]),
    );
    let ballots = 0;
    for (let ballot = 0; ballot < ballotCount; ballot++) {
      const base = ballot * choiceCount + contest.firstChoice;
      if (marks[base] === MARK.notOnBallot) continue;
      ballots++;
      if (skipOvervotes) {
        // An overvote counts the ballot, not its votes (Arlo's process_cvr_file "Skip overvotes").
        let marked = 0;
        for (let offset = 0; offset < contest.choices.length; offset++)
          if (marks[base + offset] === MARK.vote) marked++;
        if (marked > contest.votesAllowed) continue;
      }
      contest.choices.forEach((choice, offset) => {
        if (marks[base + offset] === MARK.vote) votes[choice] = (votes[choice] ?? 0) + 1;
      });
    }
    return { contest: contest.name, ballots, votes };
  });
}

/** One problem in a CVR export. */
export interface CvrProblem {
  readonly type:
    | 'cvr-choice-header'
    | 'csv-syntax'
    | 'cvr-header'
    | 'cvr-contest-header'
    | 'cvr-row-length'
    | 'cvr-missing-value'
    | 'cvr-invalid-number'
    | 'cvr-invalid-mark'
    | 'cvr-overvote'
    | 'cvr-files'
    | 'cvr-duplicate'
    | 'cvr-join'
    | 'cvr-invalid-id'
    | 'xml-syntax'
    | 'xml-structure'
    | 'zip-invalid';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const MAX_PROBLEMS = 100;
const CONTEST_HEADER = /^(.+) \(Vote For=(\d+)\)$/;

const stripEquals = (value: string): string =>
  value.startsWith('=') ? value.slice(1).replace(/^"(.*)"$/, '$1') : value;

/** Parses a Dominion CVR export. */
export function parseDominionCvrs(options: {
  file: string;
  bytes: Uint8Array;
}): Result<DominionCvrs, CvrProblem[]> {
  const { file } = options;
  const { text } = decodeText(options.bytes);
  const problems: CvrProblem[] = [];
  const problem = (
    type: CvrProblem['type'],
    line: number,
    column: number,
    message: string,
  ): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ type, file, line, column, message });
  };
  const headerRows: { fields: string[]; line: number }[] = [];
  let firstChoiceColumn = -1;
  let contests: CvrContest[] = [];
  let choiceCount = 0;
  let index:
    | Record<'CvrNumber' | 'TabulatorNum' | 'BatchId' | 'RecordId' | 'ImprintedId', number>
    | undefined;
  let width = 0;
  const cvrNumber: string[] = [];
  const tabulator: string[] = [];
  const batch: string[] = [];
  const imprintedId: string[] = [];
  const recordIds: number[] = [];
  const lines: number[] = [];
  let marks = new Uint8Array(1 << 16);
  let ballotCount = 0;
  const interned = new Map<string, string>();
  const intern = (text: string): string => {
    const known = interned.get(text);
    if (known !== undefined) return known;
    // Copy the slice so it does not keep the whole file's text alive.
    const copy = (' ' + text).slice(1);
    interned.set(copy, copy);
    return copy;
  };

  const setUpColumns = (): void => {
    const [, contestRow, choiceRow, headerRow] = headerRows as [
      unknown,
      { fields: string[]; line: number },
      { fields: string[]; line: number },
      { fields: string[]; line: number },
    ];
    const contestCells = contestRow.fields.map((value) => value.split(/\r?\n/).join(' '));
    firstChoiceColumn = contestCells.findIndex((value) => value !== '');
    if (firstChoiceColumn === -1) {
      problem('cvr-contest-header', contestRow.line, 1, 'row 2 names no contests');
      return;
    }
    width = headerRow.fields.length;
    const byName = new Map<string, CvrContest & { choices: string[] }>();
    contests = [];
    for (let column = firstChoiceColumn; column < contestCells.length; column++) {
      const header = contestCells[column] as string;
      const match = CONTEST_HEADER.exec(header);
      if (match === null) {
        problem(
          'cvr-contest-header',
          contestRow.line,
          column + 1,
          `invalid contest header "${header}"; expected "Contest Name (Vote For=1)"`,
        );
        continue;
      }
      const name = match[1] as string;
      let contest = byName.get(name);
      if (contest === undefined) {
        contest = {
          name,
          votesAllowed: Number(match[2]),
          choices: [],
          firstChoice: column - firstChoiceColumn,
        };
        byName.set(name, contest);
        contests.push(contest);
      }
      contest.choices.push(choiceRow.fields[column] ?? '');
    }
    choiceCount = contestCells.length - firstChoiceColumn;
    const headers = headerRow.fields.slice(0, firstChoiceColumn).map((value) => value.trim());
    const find = (name: string): number => headers.indexOf(name);
    const imprinted =
      find('ImprintedId') !== -1 ? find('ImprintedId') : find('UniqueVotingIdentifier');
    index = {
      CvrNumber: find('CvrNumber'),
      TabulatorNum: find('TabulatorNum'),
      BatchId: find('BatchId'),
      RecordId: find('RecordId'),
      ImprintedId: imprinted,
    };
    for (const [name, column] of Object.entries(index)) {
      if (column === -1)
        problem(
          'cvr-header',
          headerRow.line,
          1,
          `missing column "${name}"${name === 'ImprintedId' ? ' (or UniqueVotingIdentifier)' : ''}`,
        );
    }
  };

  const scanned = scanCsv(
    text,
    (fields, line, starts, lineStart) => {
      if (headerRows.length < 4) {
        headerRows.push({ fields, line });
        if (headerRows.length === 4) {
          setUpColumns();
          return problems.length === 0;
        }
        return true;
      }
      if (fields.length === 1 && fields[0] === '') return true; // blank line
      const columns = index as NonNullable<typeof index>;
      if (fields.length !== width) {
        problem('cvr-row-length', line, 1, `expected ${width} cells, found ${fields.length}`);
        return problems.length < MAX_PROBLEMS;
      }
      const at = (column: number): number => (starts[column] as number) - lineStart + 1;
      const value = (name: keyof typeof columns): string => {
        const column = columns[name];
        const cell = stripEquals((fields[column] as string).trim());
        if (cell === '')
          problem('cvr-missing-value', line, at(column), `a value is required in column "${name}"`);
        return cell;
      };
      const record = value('RecordId');
      const recordNumber = Number(record);
      if (record !== '' && !/^\d+$/.test(record))
        problem(
          'cvr-invalid-number',
          line,
          at(columns.RecordId),
          `RecordId must be a whole number, got "${record}"`,
        );
      cvrNumber.push(value('CvrNumber'));
      // Tabulator and batch names repeat on every row: keep one string each, not a million.
      tabulator.push(intern(value('TabulatorNum')));
      batch.push(intern(value('BatchId')));
      imprintedId.push(value('ImprintedId'));
      recordIds.push(recordNumber);
      lines.push(line);
      if ((ballotCount + 1) * choiceCount > marks.length) {
        const grown = new Uint8Array(Math.max(marks.length * 2, (ballotCount + 1) * choiceCount));
        grown.set(marks);
        marks = grown;
      }
      const base = ballotCount * choiceCount;
      for (let choice = 0; choice < choiceCount; choice++) {
        const cell = fields[firstChoiceColumn + choice] as string;
        if (cell === '') marks[base + choice] = MARK.notOnBallot;
        else if (cell === '1') marks[base + choice] = MARK.vote;
        else if (cell === '0') marks[base + choice] = MARK.none;
        else
          problem(
            'cvr-invalid-mark',
            line,
            at(firstChoiceColumn + choice),
            `expected 1, 0 or empty, got "${cell}"`,
          );
      }
      ballotCount++;
      return problems.length < MAX_PROBLEMS;
    },
    true,
  );
  if (!scanned.ok)
    problem('csv-syntax', scanned.error.line, scanned.error.column, scanned.error.message);
  if (headerRows.length < 4 && problems.length === 0)
    problem(
      'cvr-header',
      headerRows.length + 1,
      1,
      'a Dominion export starts with four header rows',
    );
  if (problems.length > 0) return err(problems);
  const totals = cvrTotals(contests, marks, choiceCount, ballotCount);
  const electionRow = headerRows[0] ?? { fields: [] };
  return ok({
    file,
    electionName: electionRow.fields[0] ?? '',
    softwareVersion: electionRow.fields[1] ?? '',
    contests,
    choiceCount,
    ballotCount,
    cvrNumber,
    tabulator,
    batch,
    recordId: Float64Array.from(recordIds),
    imprintedId,
    marks: marks.slice(0, ballotCount * choiceCount),
    sources: singleFileSources(file, lines),
    totals,
  });
}

/** The choices a ballot marks in a contest, or `[]` if the contest is not on it. */
export function cvrChoices(cvrs: CvrExport, ballot: number, contest: CvrContest): string[] {
  const base = ballot * cvrs.choiceCount + contest.firstChoice;
  return contest.choices.filter((_, offset) => cvrs.marks[base + offset] === MARK.vote);
}

/**
 * Arlo's ballot positions: each ballot's rank (1, 2, …) by record id within its tabulator and
 * batch (server/api/cvrs.py: `row_number() over (partition by batch order by record_id)`).
 */
export function ballotPositions(cvrs: CvrExport): Uint32Array {
  const groups = new Map<string, number[]>();
  for (let ballot = 0; ballot < cvrs.ballotCount; ballot++) {
    const key = `${cvrs.tabulator[ballot] ?? ''}\u0000${cvrs.batch[ballot] ?? ''}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [ballot]);
    else group.push(ballot);
  }
  const positions = new Uint32Array(cvrs.ballotCount);
  for (const group of groups.values()) {
    group.sort((a, b) => (cvrs.recordId[a] as number) - (cvrs.recordId[b] as number));
    group.forEach((ballot, index) => (positions[ballot] = index + 1));
  }
  return positions;
}

/** Python's sorted() order of strings (by code point, not UTF-16 unit). */
export function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Arlo's `cvr_contests_metadata` counts: overvotes (and ES&S "overvote"/"undervote") add no votes. */
export function arloCvrTotals(cvrs: CvrExport): CvrExport['totals'] {
  return cvrTotals(cvrs.contests, cvrs.marks, cvrs.choiceCount, cvrs.ballotCount, true);
}
