/**
 * Hart Verity cast-vote-record exports, read as Arlo reads them (votingworks/arlo
 * server/api/cvrs.py `parse_hart_cvrs`, `parse_scanned_ballot_information_file`;
 * server/util/hart_parse.py). An export is one XML file per ballot, in namespace
 * http://tempuri.org/CVRDesign.xsd, usually zipped:
 * - `CvrGuid`, `BatchNumber` and `BatchSequence` (the record id, a whole number) are required;
 * - `Contests/Contest` has a `Name` and `Options/Option`, each a voted choice: its `Name`, or
 *   "Write-In" when it has `WriteInData`. Hart lists only voted choices, so a contest with no
 *   option is read as not on the ballot (as Arlo does). Choices are those seen in any file,
 *   sorted; every contest is vote-for-1 (as Arlo assumes);
 * - a ZIP holds the XML files (other entries, such as the WriteIns folder, are skipped), or wraps
 *   one ZIP per tabulator (named after it) and optional "scanned ballot information" CSVs
 *   (`#FormatVersion` line, then `#CvrId,UniqueIdentifier,Workstation,…`), whose Workstation
 *   names the tabulator and UniqueIdentifier the imprinted id; without them the CvrGuid is the
 *   imprinted id. ZIP file names take precedence over Workstation as tabulator names.
 * A CvrGuid seen twice is refused (Arlo does not check). Every problem carries file, line and
 * column; the export yields nothing if any file has one.
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
import type { InputFile } from './ess-cvr';
import { type XmlElement, parseXml, xmlChild, xmlChildren } from './xml';
import {
  type ByteSource,
  type ZipDirectoryEntry,
  bytesSource,
  readZipDirectory,
  readZipEntry,
  zipEntrySource,
} from './zip';

/** Hart's CVR namespace. */
export const HART_NAMESPACE = 'http://tempuri.org/CVRDesign.xsd';
const MAX_PROBLEMS = 100;

/** One ballot's XML file, with the tabulator its ZIP file names when there are several. */
export interface HartCvrFile extends InputFile {
  readonly tabulator?: string;
  /** Why the file could not be read from its archive (its bytes are then empty). */
  readonly unreadable?: string;
}

interface HartBallot {
  readonly file: string;
  readonly guid: string;
  readonly batch: string;
  readonly sequence: number;
  readonly tabulator: string | undefined;
  /** Line of the BatchNumber element. */
  readonly line: number;
  readonly results: Map<string, Set<string>>;
}

/** Parses a Hart export: its XML files and optional scanned ballot information CSVs. */
export function parseHartCvrs(options: {
  /** The XML files; an iterable is read once, one file at a time (see hartFilesFromZipSource). */
  readonly cvrs: Iterable<HartCvrFile>;
  readonly scannedBallotInformation?: readonly InputFile[];
}): Result<CvrExport, CvrProblem[]> {
  const problems: CvrProblem[] = [];
  const problem = (
    type: CvrProblem['type'],
    file: string,
    line: number,
    column: number,
    message: string,
  ): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ type, file, line, column, message });
  };
  const scanned = new Map<string, { unique: string; workstation: string; where: string }>();
  for (const input of options.scannedBallotInformation ?? [])
    readScannedBallotInformation(input, scanned, problem);
  const ballots: HartBallot[] = [];
  let files = 0;
  let firstFile = '';
  const contestOrder = new Map<string, Set<string>>();
  // A GUID names one ballot: the same one twice means a file was exported or copied twice.
  const guids = new Map<string, string>();
  for (const input of options.cvrs) {
    if (files === 0) firstFile = input.file;
    files += 1;
    if (input.unreadable !== undefined) {
      problem('zip-invalid', input.file, 1, 1, input.unreadable);
      continue;
    }
    const parsed = parseXml(decodeText(input.bytes).text);
    if (!parsed.ok) {
      problem(
        'xml-syntax',
        input.file,
        parsed.error.line,
        parsed.error.column,
        parsed.error.message,
      );
      continue;
    }
    const root = parsed.value;
    const required = (name: string): string => {
      const element = xmlChild(root, HART_NAMESPACE, name);
      const value = element?.text.trim() ?? '';
      if (value === '')
        problem(
          'xml-structure',
          input.file,
          element?.line ?? root.line,
          element?.column ?? root.column,
          `missing ${name} in <${root.name}>`,
        );
      return value;
    };
    const guid = required('CvrGuid');
    const batch = required('BatchNumber');
    const sequenceText = required('BatchSequence');
    if (sequenceText !== '' && !/^\d+$/.test(sequenceText)) {
      const at = xmlChild(root, HART_NAMESPACE, 'BatchSequence') as XmlElement;
      problem(
        'cvr-invalid-number',
        input.file,
        at.line,
        at.column,
        `BatchSequence must be a whole number, got "${sequenceText}"`,
      );
    }
    const contests = xmlChild(root, HART_NAMESPACE, 'Contests');
    if (contests === undefined) {
      problem('xml-structure', input.file, root.line, root.column, 'missing Contests');
      continue;
    }
    const results = new Map<string, Set<string>>();
    for (const contest of xmlChildren(contests, HART_NAMESPACE, 'Contest')) {
      const name = xmlChild(contest, HART_NAMESPACE, 'Name')?.text.trim() ?? '';
      if (name === '') {
        problem(
          'xml-structure',
          input.file,
          contest.line,
          contest.column,
          'a Contest without a Name',
        );
        continue;
      }
      const optionsElement = xmlChild(contest, HART_NAMESPACE, 'Options');
      for (const option of optionsElement === undefined
        ? []
        : xmlChildren(optionsElement, HART_NAMESPACE, 'Option')) {
        let choice: string;
        if (xmlChild(option, HART_NAMESPACE, 'WriteInData') !== undefined) choice = 'Write-In';
        else {
          choice = xmlChild(option, HART_NAMESPACE, 'Name')?.text.trim() ?? '';
          if (choice === '') {
            problem(
              'xml-structure',
              input.file,
              option.line,
              option.column,
              `an Option of contest "${name}" without a Name`,
            );
            continue;
          }
        }
        const set = results.get(name);
        if (set === undefined) results.set(name, new Set([choice]));
        else set.add(choice);
        const all = contestOrder.get(name);
        if (all === undefined) contestOrder.set(name, new Set([choice]));
        else all.add(choice);
      }
    }
    const earlier = guids.get(guid);
    if (guid !== '' && earlier !== undefined) {
      const at = xmlChild(root, HART_NAMESPACE, 'CvrGuid') as XmlElement;
      problem(
        'cvr-duplicate',
        input.file,
        at.line,
        at.column,
        `CvrGuid ${guid} is also in ${earlier}`,
      );
    }
    guids.set(guid, input.file);
    ballots.push({
      file: input.file,
      guid,
      batch,
      sequence: Number(sequenceText),
      tabulator: input.tabulator,
      line: xmlChild(root, HART_NAMESPACE, 'BatchNumber')?.line ?? root.line,
      results,
    });
  }
  if (files === 0) problem('cvr-files', '(no files)', 1, 1, 'no Hart CVR XML files');
  if (problems.length > 0) return err(problems);
  const contests: CvrContest[] = [];
  let choiceCount = 0;
  for (const [name, set] of contestOrder) {
    const choices = [...set].sort(compareCodePoints);
    contests.push({ name, votesAllowed: 1, choices, firstChoice: choiceCount });
    choiceCount += choices.length;
  }
  const marks = new Uint8Array(ballots.length * choiceCount).fill(MARK.notOnBallot);
  ballots.forEach((ballot, index) => {
    for (const contest of contests) {
      const voted = ballot.results.get(contest.name);
      if (voted === undefined) continue;
      contest.choices.forEach((choice, offset) => {
        marks[index * choiceCount + contest.firstChoice + offset] = voted.has(choice)
          ? MARK.vote
          : MARK.none;
      });
    }
  });
  return ok({
    file: firstFile,
    contests,
    choiceCount,
    ballotCount: ballots.length,
    cvrNumber: ballots.map((ballot) => ballot.guid),
    tabulator: ballots.map(
      (ballot) => ballot.tabulator ?? scanned.get(ballot.guid)?.workstation ?? '',
    ),
    batch: ballots.map((ballot) => ballot.batch),
    recordId: Float64Array.from(ballots, (ballot) => ballot.sequence),
    imprintedId: ballots.map((ballot) => scanned.get(ballot.guid)?.unique ?? ballot.guid),
    marks,
    sources: {
      files: ballots.map((ballot) => ballot.file),
      file: Uint32Array.from(ballots, (_, index) => index),
      line: Uint32Array.from(ballots, (ballot) => ballot.line),
    },
    totals: cvrTotals(contests, marks, choiceCount, ballots.length),
  });
}

function readScannedBallotInformation(
  input: InputFile,
  scanned: Map<string, { unique: string; workstation: string; where: string }>,
  problem: (
    type: CvrProblem['type'],
    file: string,
    line: number,
    column: number,
    message: string,
  ) => void,
): void {
  const text = decodeText(input.bytes).text;
  const firstLineEnd = text.search(/\r?\n/);
  const firstLine = firstLineEnd < 0 ? text : text.slice(0, firstLineEnd);
  if (!firstLine.includes('#FormatVersion')) {
    problem(
      'cvr-header',
      input.file,
      1,
      1,
      'expected the first line of a scanned ballot information CSV to contain "#FormatVersion"',
    );
    return;
  }
  let columns: { cvr: number; unique: number; workstation: number } | undefined;
  let sawRow = false;
  const result = scanCsv(text, (fields, line, starts, lineStart) => {
    if (line === 1) return true;
    const column = (index: number): number => (starts[index] ?? lineStart) - lineStart + 1;
    if (columns === undefined) {
      const header = fields.map((field, index) => (index === 0 ? field.replace(/^#+/, '') : field));
      const find = (name: string): number => {
        const index = header.indexOf(name);
        if (index < 0) problem('cvr-header', input.file, line, 1, `missing column "${name}"`);
        return index;
      };
      columns = {
        cvr: find('CvrId'),
        unique: find('UniqueIdentifier'),
        workstation: find('Workstation'),
      };
      return columns.cvr >= 0 && columns.unique >= 0 && columns.workstation >= 0;
    }
    if (fields.every((field) => field === '')) return true;
    sawRow = true;
    const cell = (index: number, name: string): string => {
      const value = (fields[index] ?? '').trim();
      if (value === '')
        problem(
          'cvr-missing-value',
          input.file,
          line,
          index < fields.length ? column(index) : 1,
          `a value is required in column "${name}"`,
        );
      return value;
    };
    const cvr = cell(columns.cvr, 'CvrId');
    const unique = cell(columns.unique, 'UniqueIdentifier');
    const workstation = cell(columns.workstation, 'Workstation');
    const existing = scanned.get(cvr);
    if (
      existing !== undefined &&
      (existing.unique !== unique || existing.workstation !== workstation)
    )
      problem(
        'cvr-duplicate',
        input.file,
        line,
        column(columns.cvr),
        `conflicting information for CVR ${cvr}: ${unique} on ${workstation} here, ${existing.unique} on ${existing.workstation} at ${existing.where}`,
      );
    else scanned.set(cvr, { unique, workstation, where: `${input.file}:${line}` });
    return true;
  });
  if (!result.ok)
    problem('csv-syntax', input.file, result.error.line, result.error.column, result.error.message);
  if (columns !== undefined && !sawRow) problem('cvr-header', input.file, 2, 1, 'no rows');
}

/**
 * The files of a zipped Hart export, as Arlo unpacks them: a ZIP of XML files, or a wrapper ZIP of
 * one ZIP per tabulator (its name, without ".zip", names the tabulator when there are several)
 * and scanned ballot information CSVs. Everything is read into memory: see
 * {@link hartFilesFromZipSource} for archives larger than memory.
 */
export function hartFilesFromZip(options: {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly inflateRaw: (compressed: Uint8Array) => Uint8Array;
}): Result<{ cvrs: HartCvrFile[]; scannedBallotInformation: InputFile[] }, CvrProblem[]> {
  const files = hartFilesFromZipSource({
    file: options.file,
    source: bytesSource(options.bytes),
    inflateRaw: options.inflateRaw,
  });
  if (!files.ok) return files;
  const cvrs = [...files.value.cvrs];
  const unreadable = cvrs.find((cvr) => cvr.unreadable !== undefined);
  if (unreadable !== undefined)
    return err([
      {
        type: 'zip-invalid',
        file: unreadable.file,
        line: 1,
        column: 1,
        message: unreadable.unreadable ?? '',
      },
    ]);
  return ok({ cvrs, scannedBallotInformation: files.value.scannedBallotInformation });
}

/**
 * {@link hartFilesFromZip} over a {@link ByteSource}, for archives of any size: only the central
 * directories are read here; `cvrs` reads each XML file when the iteration reaches it (a file
 * that cannot be read comes with `unreadable`), so memory holds one file at a time. A ZIP inside
 * the wrapper is read in place when stored (Hart's wrappers are), else inflated into memory.
 */
export function hartFilesFromZipSource(options: {
  readonly file: string;
  readonly source: ByteSource;
  readonly inflateRaw: (compressed: Uint8Array) => Uint8Array;
}): Result<
  { cvrs: Iterable<HartCvrFile>; xmlFiles: number; scannedBallotInformation: InputFile[] },
  CvrProblem[]
> {
  const { inflateRaw } = options;
  const fail = (file: string, message: string): Result<never, CvrProblem[]> =>
    err([{ type: 'zip-invalid', file, line: 1, column: 1, message }]);
  const outer = readZipDirectory(options);
  if (!outer.ok)
    return fail(
      outer.error.entry === null ? options.file : `${options.file}/${outer.error.entry}`,
      outer.error.message,
    );
  const lower = (name: string): string => name.toLowerCase();
  interface Group {
    readonly file: string;
    readonly source: ByteSource;
    readonly entries: readonly ZipDirectoryEntry[];
    readonly tabulator: string | undefined;
  }
  const groups: Group[] = [];
  const lazy = (): Iterable<HartCvrFile> => ({
    *[Symbol.iterator]() {
      for (const group of groups)
        for (const entry of group.entries) {
          const file = `${group.file}/${entry.name}`;
          const tabulator = group.tabulator === undefined ? {} : { tabulator: group.tabulator };
          const bytes = readZipEntry({ file: group.file, source: group.source, entry, inflateRaw });
          yield bytes.ok
            ? { file, bytes: bytes.value, ...tabulator }
            : { file, bytes: new Uint8Array(0), unreadable: bytes.error.message, ...tabulator };
        }
    },
  });
  const xml = (entries: readonly ZipDirectoryEntry[]): ZipDirectoryEntry[] =>
    entries.filter((entry) => lower(entry.name).endsWith('.xml'));
  const zips = outer.value.filter((entry) => lower(entry.name).endsWith('.zip'));
  const csvs = outer.value.filter((entry) => lower(entry.name).endsWith('.csv'));
  if (zips.length === 0 && csvs.length === 0) {
    const entries = xml(outer.value);
    groups.push({ file: options.file, source: options.source, entries, tabulator: undefined });
    return ok({ cvrs: lazy(), xmlFiles: entries.length, scannedBallotInformation: [] });
  }
  const others = outer.value.filter(
    (entry) => !lower(entry.name).endsWith('.zip') && !lower(entry.name).endsWith('.csv'),
  );
  if (others.length > 0)
    return fail(
      options.file,
      `expected only ZIP and CSV files in the wrapper ZIP, found ${others
        .slice(0, 3)
        .map((entry) => entry.name)
        .join(', ')}`,
    );
  let xmlFiles = 0;
  for (const inner of zips) {
    const file = `${options.file}/${inner.name}`;
    let source: ByteSource;
    if (inner.method === 0) {
      const slice = zipEntrySource({ file: options.file, source: options.source, entry: inner });
      if (!slice.ok) return fail(file, slice.error.message);
      source = slice.value;
    } else {
      const bytes = readZipEntry({
        file: options.file,
        source: options.source,
        entry: inner,
        inflateRaw,
      });
      if (!bytes.ok) return fail(file, bytes.error.message);
      source = bytesSource(bytes.value);
    }
    const entries = readZipDirectory({ file, source });
    if (!entries.ok)
      return fail(
        `${file}${entries.error.entry === null ? '' : `/${entries.error.entry}`}`,
        entries.error.message,
      );
    const base = inner.name.split('/').at(-1) ?? inner.name;
    const files = xml(entries.value);
    xmlFiles += files.length;
    groups.push({
      file,
      source,
      entries: files,
      tabulator: zips.length > 1 ? base.slice(0, -4) : undefined,
    });
  }
  const scannedBallotInformation: InputFile[] = [];
  for (const entry of csvs) {
    const bytes = readZipEntry({ file: options.file, source: options.source, entry, inflateRaw });
    if (!bytes.ok) return fail(`${options.file}/${entry.name}`, bytes.error.message);
    scannedBallotInformation.push({ file: `${options.file}/${entry.name}`, bytes: bytes.value });
  }
  return ok({ cvrs: lazy(), xmlFiles, scannedBallotInformation });
}
