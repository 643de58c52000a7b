/**
 * `vigil audit cvrs --format dominion|clearballot|ess|hart FILE…`: reads a CVR export as Arlo
 * does and prints its contests with the ballots that carry them and the votes per choice (Arlo's
 * counts: an overvote counts the ballot, not its votes), so that an office can check an export
 * against its reported results before a ballot-comparison audit. ZIP files are unpacked (ES&S
 * and Hart exports usually come zipped) and read piecewise through a file handle, so an archive
 * may be of any size (each file inside it under 2 GB); a Hart export's XML files are read one at
 * a time. A CSV or XML file given directly is read whole (under 2 GB). Every problem of every file
 * is reported with file, line and column (exit 2). Contract: docs/cli-audit.md.
 */
import { messageOf } from '@vigil/basics';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { type Command, Option } from 'commander';
import {
  type ByteSource,
  type CvrExport,
  type CvrProblem,
  type InputFile,
  arloCvrTotals,
  type HartCvrFile,
  hartFilesFromZipSource,
  isZipSource,
  matchCvrsToManifest,
  parseClearBallotCvrs,
  parseDominionCvrs,
  parseEssCvrs,
  parseHartCvrs,
  parseManifest,
  readZipDirectory,
  readZipEntry,
} from '@vigil/rla';
import { CliError, ExitCode } from '../cli-error';

const FORMATS = ['dominion', 'clearballot', 'ess', 'hart'] as const;
type Format = (typeof FORMATS)[number];

interface CvrsOptions {
  readonly format: Format;
  readonly manifest?: string;
  readonly jurisdiction?: string;
  readonly json: boolean;
}

/**
 * With `--manifest`: every CVR's tabulator and batch must be in the manifest and every batch must
 * have as many CVRs as the manifest lists (libs/rla cvr-manifest.ts). Exit 2 with each problem.
 */
function checkManifest(cvrs: CvrExport, options: CvrsOptions) {
  if (options.manifest === undefined) return undefined;
  const file = options.manifest;
  const parsed = parseManifest({
    ...read(file),
    jurisdiction: options.jurisdiction ?? basename(file, extname(file)),
  });
  if (!parsed.ok) {
    for (const problem of parsed.error)
      process.stderr.write(
        `${problem.file}:${problem.line}:${problem.column}: ${problem.message}\n`,
      );
    if (options.json)
      process.stdout.write(`${JSON.stringify({ errors: parsed.error }, null, 2)}\n`);
    throw new CliError(
      `${parsed.error.length} problem${parsed.error.length === 1 ? '' : 's'} in the ballot manifest`,
      ExitCode.Usage,
    );
  }
  const matched = matchCvrsToManifest({
    cvrs,
    format: options.format,
    manifest: parsed.value,
    ...(options.jurisdiction === undefined ? {} : { jurisdiction: options.jurisdiction }),
  });
  if (!matched.ok) {
    for (const problem of matched.error)
      process.stderr.write(
        `${problem.file}:${problem.line}:${problem.column}: ${problem.message}\n`,
      );
    if (options.json)
      process.stdout.write(`${JSON.stringify({ errors: matched.error }, null, 2)}\n`);
    throw new CliError(
      `${matched.error.length} problem${matched.error.length === 1 ? '' : 's'} matching the CVRs to the ballot manifest`,
      ExitCode.Usage,
    );
  }
  const cvrBatches = matched.value.batches.filter((batch) => batch.hasCvrs !== false);
  return {
    file,
    jurisdiction: matched.value.jurisdiction,
    batches: cvrBatches.length,
    ballots: cvrBatches.reduce((sum, batch) => sum + batch.manifestBallots, 0),
    ignoredCvrs: matched.value.ignoredCvrs,
  };
}

function read(file: string): InputFile {
  try {
    return { file, bytes: readFileSync(file) };
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${messageOf(error)}`, ExitCode.Usage);
  }
}

const inflateRaw = (bytes: Uint8Array): Uint8Array => inflateRawSync(bytes);

/**
 * The largest CSV or XML file read whole: the parsers decode a file into one string, and V8's
 * strings hold at most 2^29 − 24 characters (a larger one aborts the process); UTF-8 and
 * Windows-1252 never give more characters than bytes.
 */
const WHOLE_FILE_LIMIT = 2 ** 29 - 24;

/** Refuses a file too large to decode as one string, with its size and what to do. */
function checkDecodable(file: string, size: number): void {
  if (size > WHOLE_FILE_LIMIT)
    throw new CliError(
      `${file} is ${(size / 2 ** 20).toFixed(0)} MB: a CSV or XML file is decoded whole and must be at most 512 MB (split the export per tabulator; ZIP archives of any size are read piecewise, but each CSV or XML file inside must also be at most 512 MB)`,
      ExitCode.Usage,
    );
}

/** An input file opened for random access. */
interface OpenInput {
  readonly file: string;
  readonly source: ByteSource;
  readonly zip: boolean;
  readonly close: () => void;
}

/** Opens a file for piecewise reads: a {@link ByteSource} over its file handle. */
function open(file: string): OpenInput {
  let fd: number;
  let size: number;
  try {
    fd = openSync(file, 'r');
    size = fstatSync(fd).size;
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${messageOf(error)}`, ExitCode.Usage);
  }
  const source: ByteSource = {
    size,
    read(offset, length) {
      const buffer = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const count = readSync(fd, buffer, done, length - done, offset + done);
        if (count === 0) throw new Error(`${file} ended at byte ${offset + done} while reading`);
        done += count;
      }
      return buffer;
    },
  };
  let zip: boolean;
  try {
    zip = isZipSource(source);
  } catch (error) {
    closeSync(fd);
    throw new CliError(`cannot read ${file}: ${messageOf(error)}`, ExitCode.Usage);
  }
  return { file, source, zip, close: () => closeSync(fd) };
}

/** A file that is not an archive, read whole. */
function whole(input: OpenInput): InputFile {
  checkDecodable(input.file, input.source.size);
  return read(input.file);
}

/** Reports a problem of an archive (the archive or one of its entries). */
function zipProblem(
  input: OpenInput,
  error: { entry: string | null; message: string },
  json: boolean,
): never {
  return fail(
    [
      {
        type: 'zip-invalid',
        file: error.entry === null ? input.file : `${input.file}/${error.entry}`,
        line: 1,
        column: 1,
        message: error.message,
      },
    ],
    json,
  );
}

function fail(problems: readonly CvrProblem[], json: boolean): never {
  for (const problem of problems)
    process.stderr.write(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ errors: problems }, null, 2)}\n`);
  throw new CliError(
    `${problems.length} problem${problems.length === 1 ? '' : 's'} in the CVR export; nothing was read`,
    ExitCode.Usage,
  );
}

/** ES&S: the CSV files, from the command line or from ZIPs (each CSV read whole). */
function essFiles(inputs: readonly OpenInput[], json: boolean): InputFile[] {
  return inputs.flatMap((input) => {
    if (!input.zip) return [whole(input)];
    const directory = readZipDirectory(input);
    if (!directory.ok) return zipProblem(input, directory.error, json);
    return directory.value
      .filter((entry) => entry.name.toLowerCase().endsWith('.csv'))
      .map((entry) => {
        checkDecodable(`${input.file}/${entry.name}`, entry.size);
        const bytes = readZipEntry({ ...input, entry, inflateRaw });
        if (!bytes.ok) return zipProblem(input, bytes.error, json);
        return { file: `${input.file}/${entry.name}`, bytes: bytes.value };
      });
  });
}

/** Hart: the XML files of every input, read one at a time from ZIPs. */
function hartInputs(
  inputs: readonly OpenInput[],
  json: boolean,
): { cvrs: Iterable<HartCvrFile>; scannedBallotInformation: InputFile[] } {
  const groups: Iterable<HartCvrFile>[] = [];
  const scannedBallotInformation: InputFile[] = [];
  for (const input of inputs) {
    if (input.zip) {
      const files = hartFilesFromZipSource({ ...input, inflateRaw });
      if (!files.ok) return fail(files.error, json);
      groups.push(files.value.cvrs);
      scannedBallotInformation.push(...files.value.scannedBallotInformation);
    } else if (input.file.toLowerCase().endsWith('.csv'))
      scannedBallotInformation.push(whole(input));
    else groups.push([whole(input)]);
  }
  return {
    cvrs: {
      *[Symbol.iterator]() {
        for (const group of groups) yield* group;
      },
    },
    scannedBallotInformation,
  };
}

function parse(format: Format, inputs: readonly OpenInput[], json: boolean): CvrExport {
  const one = (): InputFile => {
    if (inputs.length !== 1)
      throw new CliError(
        `a ${format} export is one CSV file; got ${inputs.length}`,
        ExitCode.Usage,
      );
    return whole(inputs[0] as OpenInput);
  };
  let parsed;
  switch (format) {
    case 'dominion':
      parsed = parseDominionCvrs(one());
      break;
    case 'clearballot':
      parsed = parseClearBallotCvrs(one());
      break;
    case 'ess':
      parsed = parseEssCvrs({ files: essFiles(inputs, json) });
      break;
    case 'hart':
      parsed = parseHartCvrs(hartInputs(inputs, json));
      break;
    default:
      throw new CliError(`unknown format ${String(format satisfies never)}`, ExitCode.Usage);
  }
  if (!parsed.ok) return fail(parsed.error, json);
  return parsed.value;
}

function runCvrs(files: readonly string[], options: CvrsOptions): void {
  const inputs: OpenInput[] = [];
  let cvrs: CvrExport;
  try {
    for (const file of files) inputs.push(open(file));
    cvrs = parse(options.format, inputs, options.json);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read the export: ${messageOf(error)}`, ExitCode.Usage);
  } finally {
    for (const input of inputs) input.close();
  }
  const manifest = checkManifest(cvrs, options);
  const totals = arloCvrTotals(cvrs);
  const contests = cvrs.contests.map((contest, index) => ({
    name: contest.name,
    votesAllowed: contest.votesAllowed,
    ballots: totals[index]?.ballots ?? 0,
    votes: totals[index]?.votes ?? {},
  }));
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ format: options.format, ballots: cvrs.ballotCount, ...(manifest === undefined ? {} : { manifest }), contests }, null, 2)}\n`,
    );
    return;
  }
  if (manifest !== undefined)
    process.stdout.write(
      `matches the ballot manifest ${basename(manifest.file)} (${manifest.jurisdiction}): ${manifest.batches} batches, ${manifest.ballots} ballots${manifest.ignoredCvrs > 0 ? `; ${manifest.ignoredCvrs} CVRs in batches marked CVR: N ignored` : ''}\n`,
    );
  process.stdout.write(
    `${files.map((file) => basename(file)).join(', ')}: ${cvrs.ballotCount} ballots (${options.format})\n`,
  );
  for (const contest of contests) {
    process.stdout.write(
      `${contest.name} (vote for ${contest.votesAllowed}): ${contest.ballots} ballots\n`,
    );
    for (const [choice, votes] of Object.entries(contest.votes))
      process.stdout.write(`  ${choice.padEnd(30)} ${String(votes).padStart(10)}\n`);
  }
}

/** Registers `vigil audit cvrs` under `vigil audit`. */
export function registerAuditCvrsCommand(audit: Command): void {
  audit
    .command('cvrs')
    .description("read a CVR export as Arlo does and print each contest's ballots and votes")
    .argument('<files...>', 'the export: CSV, XML or ZIP files')
    .addOption(
      new Option('--format <format>', 'the voting system that wrote it')
        .choices(FORMATS)
        .makeOptionMandatory(),
    )
    .option(
      '--manifest <file>',
      "the jurisdiction's ballot manifest: every CVR must be in one of its batches, and every batch must have as many CVRs as it lists",
    )
    .option(
      '--jurisdiction <name>',
      'with --manifest: the jurisdiction (a manifest without a Jurisdiction column takes it, default its file name; one with the column is filtered to it)',
    )
    .option('--json', 'print one JSON document', false)
    .exitOverride()
    .action((files: string[], options: CvrsOptions) => runCvrs(files, options));
}
