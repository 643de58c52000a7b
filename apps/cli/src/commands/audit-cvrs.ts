/**
 * `vigil audit cvrs --format dominion|clearballot|ess|hart FILE…`: reads a CVR export as Arlo
 * does and prints its contests with the ballots that carry them and the votes per choice (Arlo's
 * counts: an overvote counts the ballot, not its votes), so that an office can check an export
 * against its reported results before a ballot-comparison audit. ZIP files are unpacked (ES&S
 * and Hart exports usually come zipped). Every problem of every file is reported with file, line
 * and column (exit 2). Contract: docs/cli-audit.md.
 */
import { messageOf } from '@vigil/basics';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { type Command, Option } from 'commander';
import {
  type CvrExport,
  type CvrProblem,
  type InputFile,
  arloCvrTotals,
  hartFilesFromZip,
  isZip,
  matchCvrsToManifest,
  parseClearBallotCvrs,
  parseDominionCvrs,
  parseEssCvrs,
  parseHartCvrs,
  parseManifest,
  readZip,
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

function fail(problems: readonly CvrProblem[], json: boolean): never {
  for (const problem of problems)
    process.stderr.write(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ errors: problems }, null, 2)}\n`);
  throw new CliError(
    `${problems.length} problem${problems.length === 1 ? '' : 's'} in the CVR export; nothing was read`,
    ExitCode.Usage,
  );
}

/** ES&S: the CSV files, from the command line or from ZIPs. */
function essFiles(inputs: readonly InputFile[], json: boolean): InputFile[] {
  return inputs.flatMap((input) => {
    if (!isZip(input.bytes)) return [input];
    const entries = readZip({ ...input, inflateRaw });
    if (!entries.ok)
      return fail(
        [
          {
            type: 'zip-invalid',
            file:
              entries.error.entry === null ? input.file : `${input.file}/${entries.error.entry}`,
            line: 1,
            column: 1,
            message: entries.error.message,
          },
        ],
        json,
      );
    return entries.value
      .filter((entry) => entry.name.toLowerCase().endsWith('.csv'))
      .map((entry) => ({ file: `${input.file}/${entry.name}`, bytes: entry.bytes }));
  });
}

function parse(format: Format, inputs: readonly InputFile[], json: boolean): CvrExport {
  const one = (): InputFile => {
    if (inputs.length !== 1)
      throw new CliError(
        `a ${format} export is one CSV file; got ${inputs.length}`,
        ExitCode.Usage,
      );
    return inputs[0] as InputFile;
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
    case 'hart': {
      const cvrs: InputFile[] = [];
      const scannedBallotInformation: InputFile[] = [];
      for (const input of inputs) {
        if (isZip(input.bytes)) {
          const files = hartFilesFromZip({ ...input, inflateRaw });
          if (!files.ok) return fail(files.error, json);
          cvrs.push(...files.value.cvrs);
          scannedBallotInformation.push(...files.value.scannedBallotInformation);
        } else if (input.file.toLowerCase().endsWith('.csv')) scannedBallotInformation.push(input);
        else cvrs.push(input);
      }
      parsed = parseHartCvrs({ cvrs, scannedBallotInformation });
      break;
    }
    default:
      throw new CliError(`unknown format ${String(format satisfies never)}`, ExitCode.Usage);
  }
  if (!parsed.ok) return fail(parsed.error, json);
  return parsed.value;
}

function runCvrs(files: readonly string[], options: CvrsOptions): void {
  const cvrs = parse(options.format, files.map(read), options.json);
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
