/**
 * `vigil detect coordination`: coordinated inauthentic behaviour detection over a file of
 * posts, offline, with @vigil/coordination. Methods, thresholds and output files: docs/detect.md.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  describeDetectionError,
  detectCoordination,
  inputFormats,
  overallFraction,
  parseMethod,
  type ColumnMapping,
  type DetectionError,
  type DetectionSummary,
  type InputFormat,
  type Method,
  type Progress,
} from '@vigil/coordination';
import { CliError, ExitCode } from '../cli-error';

/** Parses `90`, `90s`, `2m`, `1h` or `auto` into seconds. */
export function parseWindow(value: string): number | 'auto' {
  if (value.trim().toLowerCase() === 'auto') return 'auto';
  const match = /^(\d+(?:\.\d+)?)\s*(s|sec|m|min|h)?$/i.exec(value.trim());
  if (match === null) throw new InvalidArgumentError('expected a duration such as 60s, 2m, 1h or auto');
  const unit = (match[2] ?? 's').toLowerCase();
  const factor = unit.startsWith('h') ? 3600 : unit.startsWith('m') ? 60 : 1;
  return Math.round(Number(match[1]) * factor);
}

/** Parses a comma-separated list of methods. */
export function parseMethods(value: string): Method[] {
  const methods: Method[] = [];
  for (const name of value.split(',').filter((part) => part.trim() !== '')) {
    const method = parseMethod(name);
    if (method === undefined) throw new InvalidArgumentError(`unknown method "${name.trim()}"`);
    if (!methods.includes(method)) methods.push(method);
  }
  if (methods.length === 0) throw new InvalidArgumentError('expected at least one method');
  return methods;
}

const mappingFields = ['account', 'time', 'postId', 'text', 'url', 'repostOf', 'replyTo', 'hashtags', 'accountCreated'] as const;

/** Parses `account=user,time=created_at,…` into a column mapping. */
export function parseMapping(value: string): Partial<ColumnMapping> {
  const mapping: Partial<Record<(typeof mappingFields)[number], string>> = {};
  for (const part of value.split(',').filter((item) => item.trim() !== '')) {
    const [field, column] = part.split('=').map((item) => item.trim());
    const known = mappingFields.find((name) => name.toLowerCase() === field?.toLowerCase());
    if (known === undefined || column === undefined || column === '') {
      throw new InvalidArgumentError(`expected FIELD=COLUMN with FIELD one of ${mappingFields.join(', ')}`);
    }
    mapping[known] = column;
  }
  return mapping;
}

function number(kind: 'probability' | 'positive-integer' | 'integer') {
  return (value: string): number => {
    const parsed = Number(value);
    const valid =
      kind === 'probability' ? parsed > 0 && parsed < 1 : kind === 'positive-integer' ? Number.isInteger(parsed) && parsed >= 1 : Number.isInteger(parsed);
    if (value.trim() === '' || !valid) throw new InvalidArgumentError(kind === 'probability' ? 'expected a number in (0, 1)' : `expected ${kind === 'integer' ? 'an integer' : 'a whole number ≥ 1'}`);
    return parsed;
  };
}

/** A progress bar on stderr: redrawn in place on a terminal, one line per step otherwise. */
function progressBar(stream: NodeJS.WriteStream): { update: (progress: Progress) => void; done: () => void } {
  const width = 30;
  let last = '';
  return {
    update: (progress) => {
      const overall = overallFraction(progress);
      const filled = Math.round(overall * width);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(overall * 100).toFixed(0).padStart(3)}% ${progress.phase}: ${progress.message}`;
      if (line === last) return;
      last = line;
      if (stream.isTTY) stream.write(`\r\u001b[2K${line.slice(0, (stream.columns || 100) - 1)}`);
      else stream.write(`${line}\n`);
    },
    done: () => {
      if (stream.isTTY && last !== '') stream.write('\n');
    },
  };
}

function describeError(error: DetectionError): { message: string; exitCode: 1 | 2 } {
  const message = describeDetectionError(error);
  // Options name the CLI flag; the library names the option.
  if (error.type === 'invalid-option') return { message: `--${message}`, exitCode: ExitCode.Usage };
  return { message, exitCode: error.type === 'output-not-writable' ? ExitCode.Failure : ExitCode.Usage };
}

function printReport(summary: DetectionSummary): void {
  const lines = [
    `read ${summary.import.rowsRead} rows, kept ${summary.import.rowsKept} (${summary.import.rowsRejected} rejected: see rejected.csv); ` +
      `${summary.accounts.total} accounts; timestamps to ${summary.import.timeResolution} s`,
  ];
  for (const bad of summary.import.badRows.slice(0, 10)) lines.push(`  line ${bad.line}: ${bad.reason}: ${bad.detail}`);
  for (const method of summary.methods) {
    if (method.status === 'no-data') {
      lines.push(`${method.method}: no data`);
    } else if (method.method === 'creation-burst') {
      lines.push(`${method.method}: ${method.bursts?.length ?? 0} bursts, ${method.accounts ?? 0} accounts`);
    } else {
      lines.push(
        `${method.method}: window ${method.window} s (estimated ${method.estimatedWindow ?? '-'} s), ` +
          `${method.candidateEdges ?? 0} candidate edges, ${method.coordinatedEdges ?? 0} coordinated, ${method.accounts ?? 0} accounts` +
          ((method.guardedObjects ?? 0) > 0 ? `, viral guard on ${method.guardedObjects} objects` : ''),
      );
    }
  }
  lines.push(
    `${summary.accounts.coordinated} coordinated accounts in ${summary.communities.count} communities; ${summary.edges.coordinated} coordinated edges of ${summary.edges.candidates}`,
  );
  for (const [name, path] of Object.entries(summary.outputs)) lines.push(`  ${name}: ${path}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

interface CoordinationOptions {
  readonly input: string;
  readonly format: InputFormat;
  readonly methods?: Method[];
  readonly window?: number | 'auto';
  readonly out: string;
  readonly json: boolean;
  readonly alpha?: number;
  readonly seed?: number;
  readonly maxPairsPerShare?: number;
  readonly timeResolution?: number;
  readonly evidenceFormat: 'parquet' | 'csv';
  readonly mapping?: Partial<ColumnMapping>;
  readonly memoryLimit?: string;
  readonly tempDir?: string;
  readonly progress: boolean;
}

async function runCoordination(options: CoordinationOptions): Promise<void> {
  const bar = options.progress ? progressBar(process.stderr) : undefined;
  let result;
  try {
    result = await detectCoordination({
      input: options.input,
      format: options.format,
      outDir: options.out,
      evidenceFormat: options.evidenceFormat,
      ...(options.methods === undefined ? {} : { methods: options.methods }),
      ...(options.window === undefined ? {} : { window: options.window }),
      ...(options.alpha === undefined ? {} : { alpha: options.alpha }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.maxPairsPerShare === undefined ? {} : { maxPairsPerShare: options.maxPairsPerShare }),
      ...(options.timeResolution === undefined ? {} : { timeResolution: options.timeResolution }),
      ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
      ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
      ...(options.tempDir === undefined ? {} : { tempDirectory: options.tempDir }),
      ...(bar === undefined ? {} : { onProgress: bar.update }),
    });
  } catch (error) {
    bar?.done();
    if (options.json) process.stdout.write(`${JSON.stringify({ error: { type: 'detection-failed', message: String(error) } }, null, 2)}\n`);
    throw new CliError(`detection failed: ${error instanceof Error ? error.message : String(error)}`, ExitCode.Failure);
  }
  bar?.done();
  if (!result.ok) {
    const { message, exitCode } = describeError(result.error);
    if (options.json) process.stdout.write(`${JSON.stringify({ error: { ...result.error, message } }, null, 2)}\n`);
    throw new CliError(message, exitCode);
  }
  if (options.json) process.stdout.write(`${JSON.stringify(result.value, null, 2)}\n`);
  else printReport(result.value);
}

/** Registers `vigil detect …` on `program`. */
export function registerDetectCommands(program: Command): void {
  // `main` sets exitOverride after the tree is built, and subcommands copy settings when created:
  // each command sets its own, so usage errors become exit code 2 instead of process.exit.
  const detect = program.command('detect').description('coordinated-behaviour detection on social-media data').exitOverride();
  detect
    .command('coordination')
    .description('find coordinated accounts in a file of posts (CSV, CSV.gz, JSON lines or Parquet)')
    .requiredOption('--input <file>', 'posts file: .csv, .csv.gz, .jsonl, .parquet')
    .addOption(new Option('--format <format>', 'column preset').choices([...inputFormats]).default('generic'))
    .option('--methods <list>', 'comma-separated methods: co-repost,co-link,co-reply,co-hashtag,identical-text,near-duplicate-text,synchronised-activity,creation-burst (default: all the data supports)', parseMethods)
    .option('--window <duration>', 'coordination window of the object methods, e.g. 60s, 2m, or auto (CooRnet-style estimate)', parseWindow)
    .requiredOption('--out <dir>', 'output directory')
    .option('--json', 'print the summary as one JSON document on stdout', false)
    .option('--alpha <q>', 'false-discovery rate for edges (Benjamini-Hochberg)', number('probability'))
    .option('--seed <n>', 'seed of the community detection', number('integer'))
    .option('--max-pairs-per-share <k>', 'viral guard: in-window successors paired with each share', number('positive-integer'))
    .option('--time-resolution <seconds>', 'timestamp resolution (default: detected; 60 for the IO archive)', number('positive-integer'))
    .addOption(new Option('--evidence-format <format>', 'evidence file format').choices(['parquet', 'csv']).default('parquet'))
    .option('--mapping <pairs>', 'generic format: FIELD=COLUMN pairs, e.g. account=user,time=created_at,text=body', parseMapping)
    .option('--memory-limit <size>', "DuckDB's memory limit, e.g. 3GB or 512MB (default 4GB); beyond it DuckDB spills to --temp-dir")
    .option('--temp-dir <dir>', 'where DuckDB spills (a subdirectory removed after the run; default the system temporary directory)')
    .option('--no-progress', 'no progress bar on stderr')
    .exitOverride()
    .action(async (options: CoordinationOptions) => {
      await runCoordination(options);
    });
}
