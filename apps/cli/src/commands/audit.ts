/**
 * `vigil audit …`: risk-limiting audits from the command line, offline, over @vigil/rla.
 * Contract and JSON shapes: docs/cli-audit.md.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type IdFormat, type Manifest, parseManifest, sampleBallots } from '@vigil/rla';
import { CliError, ExitCode } from '../cli-error';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError('expected a whole number ≥ 1');
  }
  return number;
}

function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number)) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return number;
}

/** Reads a file the user named; an unreadable file is bad input (exit 2). */
export function readInputFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, ExitCode.Usage);
  }
}

/** Prints exactly one JSON document on stdout. */
function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

interface SampleOptions {
  readonly manifest: string[];
  readonly jurisdiction?: string;
  readonly seed: string;
  readonly size: number;
  readonly previousDraws: number;
  readonly withoutReplacement: boolean;
  readonly idFormat: IdFormat;
  readonly json: boolean;
}

/** Parses every manifest, reporting every problem of every file before giving up. */
function loadManifests(files: readonly string[], jurisdiction: string | undefined, json: boolean): Manifest[] {
  const manifests: Manifest[] = [];
  const problems: { file: string; line: number; column: number; type: string; message: string }[] = [];
  for (const file of files) {
    const parsed = parseManifest({
      file,
      bytes: readInputFile(file),
      jurisdiction: jurisdiction ?? basename(file, extname(file)),
    });
    if (parsed.ok) manifests.push(parsed.value);
    else problems.push(...parsed.error);
  }
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}\n`);
    if (json) printJson({ errors: problems });
    throw new CliError(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the ballot manifests; nothing was sampled`, ExitCode.Usage);
  }
  return manifests;
}

function runSample(options: SampleOptions): void {
  if (options.seed.trim() === '') throw new CliError('the seed must not be empty', ExitCode.Usage);
  const manifests = loadManifests(options.manifest, options.jurisdiction, options.json);
  const sample = sampleBallots({
    manifests,
    seed: options.seed,
    size: options.size,
    previousDraws: options.previousDraws,
    withReplacement: !options.withoutReplacement,
    idFormat: options.idFormat,
  });
  if (!sample.ok) {
    const error = sample.error;
    switch (error.type) {
      case 'sample-larger-than-population':
        throw new CliError(
          `cannot draw ${error.requested} ballots without replacement from ${error.population}`,
          ExitCode.Usage,
        );
      case 'empty-population':
        throw new CliError('the manifests list no ballots', ExitCode.Usage);
      case 'invalid-sample-size':
        throw new CliError(`invalid sample size ${error.value}`, ExitCode.Usage);
      case 'duplicate-batch-across-manifests':
        throw new CliError(
          `batch "${error.key.batch}" of ${error.key.jurisdiction} appears in both ${error.files.join(' and ')}`,
          ExitCode.Usage,
        );
      default:
        throw new CliError('sampling failed', ExitCode.Failure);
    }
  }
  if (options.json) {
    printJson({ draws: sample.value });
    return;
  }
  const rows = sample.value.map((draw) => [
    draw.ticket,
    draw.jurisdiction,
    draw.tabulator ?? '',
    draw.batch,
    String(draw.position),
    String(draw.generation),
  ]);
  const header = ['ticket', 'jurisdiction', 'tabulator', 'batch', 'position', 'generation'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  for (const row of [header, ...rows]) {
    process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd()}\n`);
  }
}

/** Registers `vigil audit` and its verbs. */
export function registerAuditCommands(program: Command): void {
  // `main` turns commander's exits into exit codes, but sets exitOverride after the tree is
  // built, and subcommands copy settings only when created: opt in here.
  const audit = program
    .command('audit')
    .description('risk-limiting audits: sampling, sample sizes, risk measurement')
    .exitOverride();

  audit
    .command('sample')
    .description("draw ballots with Rivest's consistent sampler (Arlo-compatible)")
    .requiredOption('--manifest <file>', 'ballot manifest CSV (repeatable)', collect, [])
    .option('--jurisdiction <name>', 'jurisdiction of manifests without a Jurisdiction column (default: file name)')
    .requiredOption('--seed <seed>', 'public random seed')
    .requiredOption('--size <n>', 'number of draws in this round', positiveInteger)
    .option('--previous-draws <n>', 'draws taken in earlier rounds: continue the same stream after them', nonNegativeInteger, 0)
    .option('--without-replacement', 'sample without replacement', false)
    .addOption(
      new Option('--id-format <format>', 'ballot ids hashed: arlo (identical to Arlo) or canonical (ours)')
        .choices(['arlo', 'canonical'])
        .default('canonical'),
    )
    .option('--json', 'print one JSON document', false)
    .exitOverride()
    .action((options: SampleOptions) => runSample(options));
}
