/**
 * ClearBallot ClearVote CVR CSV exports, read as Arlo reads them (votingworks/arlo
 * server/api/cvrs.py `parse_clearballot_cvrs`): one header row with RowNumber, BoxID,
 * BoxPosition, BallotID, ScanComputerName (and other metadata), then choice columns headed
 * "Choice_<n>_<m>:<contest>:Vote For <k>:<choice>:<party>"; one row per ballot with "1"/"0"
 * per choice, empty when the contest is not on the ballot. ScanComputerName is the tabulator,
 * BoxID the batch, BoxPosition the position in it. A contest's choice columns must be adjacent.
 */
import { type Result, err, ok } from '@vigil/basics';
import { decodeText, scanCsv } from './csv';
import {
  type CvrContest,
  type CvrExport,
  type CvrProblem,
  MARK,
  cvrTotals,
  singleFileSources,
} from './dominion-cvr';

const CHOICE_HEADER = /^.*:(.*):Vote For (\d+):(.*):.*$/;
const REQUIRED = ['RowNumber', 'BoxID', 'BoxPosition', 'BallotID', 'ScanComputerName'] as const;
const MAX_PROBLEMS = 100;

/** Parses a ClearBallot CVR export; every problem located, nothing half-valid. */
export function parseClearBallotCvrs(options: {
  file: string;
  bytes: Uint8Array;
}): Result<CvrExport, CvrProblem[]> {
  const { file } = options;
  const problems: CvrProblem[] = [];
  const problem = (
    type: CvrProblem['type'],
    line: number,
    column: number,
    message: string,
  ): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ type, file, line, column, message });
  };
  let header: string[] | undefined;
  let firstChoice = -1;
  let choiceCount = 0;
  const contests: (CvrContest & { choices: string[] })[] = [];
  const columns: Record<(typeof REQUIRED)[number], number> = {
    RowNumber: -1,
    BoxID: -1,
    BoxPosition: -1,
    BallotID: -1,
    ScanComputerName: -1,
  };
  const cvrNumber: string[] = [];
  const tabulator: string[] = [];
  const batch: string[] = [];
  const imprintedId: string[] = [];
  const recordIds: number[] = [];
  const lines: number[] = [];
  let marks = new Uint8Array(1 << 16);
  let ballotCount = 0;
  const scanned = scanCsv(
    options.bytes.length === 0 ? '' : decodeText(options.bytes).text,
    (fields, line, starts, lineStart) => {
      if (header === undefined) {
        header = fields.map((value) => value.trim());
        firstChoice = header.findIndex((value) => value.startsWith('Choice_'));
        if (firstChoice === -1) {
          problem('cvr-choice-header', line, 1, 'no column starts with "Choice_"');
          return false;
        }
        for (let column = firstChoice; column < header.length; column++) {
          const match = CHOICE_HEADER.exec(header[column] as string);
          if (match === null) {
            problem(
              'cvr-choice-header',
              line,
              (starts[column] as number) - lineStart + 1,
              `invalid choice header "${header[column]}"`,
            );
            continue;
          }
          const [, name, votesAllowed, choice] = match as unknown as [
            string,
            string,
            string,
            string,
          ];
          const last = contests.at(-1);
          if (last !== undefined && last.name === name) last.choices.push(choice);
          else if (contests.some((contest) => contest.name === name)) {
            problem(
              'cvr-choice-header',
              line,
              (starts[column] as number) - lineStart + 1,
              `the columns of contest "${name}" are not adjacent`,
            );
          } else
            contests.push({
              name,
              votesAllowed: Number(votesAllowed),
              choices: [choice],
              firstChoice: column - firstChoice,
            });
        }
        choiceCount = header.length - firstChoice;
        for (const name of REQUIRED) {
          columns[name] = header.indexOf(name);
          if (columns[name] === -1) problem('cvr-header', line, 1, `missing column "${name}"`);
        }
        return problems.length === 0;
      }
      if (fields.length === 1 && fields[0] === '') return true;
      if (fields.length !== header.length) {
        problem(
          'cvr-row-length',
          line,
          1,
          `expected ${header.length} cells, found ${fields.length}`,
        );
        return problems.length < MAX_PROBLEMS;
      }
      const at = (column: number): number => (starts[column] as number) - lineStart + 1;
      const value = (name: (typeof REQUIRED)[number]): string => {
        const cell = (fields[columns[name]] as string).trim();
        if (cell === '')
          problem(
            'cvr-missing-value',
            line,
            at(columns[name]),
            `a value is required in column "${name}"`,
          );
        return cell;
      };
      cvrNumber.push(value('RowNumber'));
      batch.push(value('BoxID'));
      const position = value('BoxPosition');
      if (position !== '' && !/^\d+$/.test(position))
        problem(
          'cvr-invalid-number',
          line,
          at(columns.BoxPosition),
          `BoxPosition must be a whole number, got "${position}"`,
        );
      recordIds.push(Number(position));
      imprintedId.push(value('BallotID'));
      tabulator.push(value('ScanComputerName'));
      lines.push(line);
      if ((ballotCount + 1) * choiceCount > marks.length) {
        const grown = new Uint8Array(Math.max(marks.length * 2, (ballotCount + 1) * choiceCount));
        grown.set(marks);
        marks = grown;
      }
      const base = ballotCount * choiceCount;
      for (let choice = 0; choice < choiceCount; choice++) {
        const cell = (fields[firstChoice + choice] as string).trim();
        if (cell === '') marks[base + choice] = MARK.notOnBallot;
        else if (cell === '1') marks[base + choice] = MARK.vote;
        else if (cell === '0') marks[base + choice] = MARK.none;
        else
          problem(
            'cvr-invalid-mark',
            line,
            at(firstChoice + choice),
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
  if (header === undefined && problems.length === 0)
    problem('cvr-header', 1, 1, 'the file is empty');
  if (problems.length > 0) return err(problems);
  const finalMarks = marks.slice(0, ballotCount * choiceCount);
  return ok({
    file,
    contests,
    choiceCount,
    ballotCount,
    cvrNumber,
    tabulator,
    batch,
    recordId: Float64Array.from(recordIds),
    imprintedId,
    marks: finalMarks,
    sources: singleFileSources(file, lines),
    totals: cvrTotals(contests, finalMarks, choiceCount, ballotCount),
  });
}
