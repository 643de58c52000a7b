/**
 * `vigil audit …`: risk-limiting audits from the command line, offline, over @vigil/rla.
 * Contract and JSON shapes: docs/cli-audit.md.
 */
import { messageOf } from '@vigil/basics';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  type Contest,
  type IdFormat,
  type Manifest,
  type SampleCounts,
  alphaComparisonRisk,
  alphaPollingRisk,
  alphaSampleSize,
  batchKeyString,
  bravoRisk,
  joinBatchTallies,
  macroRisk,
  macroSampleSize,
  parseBatchTallies,
  parseMacroSample,
  sampleBatches,
  type ReportedBatches,
  bravoSampleSizes,
  countDiscrepancies,
  parseComparisonSample,
  parseContest,
  parseManifest,
  parsePollingSample,
  sampleBallots,
  superSimpleRisk,
  superSimpleRiskFromCounts,
  superSimpleSampleSize,
  withNotFoundBallots,
} from '@vigil/rla';
import { CliError, ExitCode } from '../cli-error';
import { registerAuditCvrsCommand } from './audit-cvrs';

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
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number))
    throw new InvalidArgumentError('expected a whole number ≥ 0');
  return number;
}

/** Reads a file the user named; an unreadable file is bad input (exit 2). */
export function readInputFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${messageOf(error)}`, ExitCode.Usage);
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
function loadManifests(
  files: readonly string[],
  jurisdiction: string | undefined,
  json: boolean,
): Manifest[] {
  const manifests: Manifest[] = [];
  const problems: { file: string; line: number; column: number; type: string; message: string }[] =
    [];
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
    for (const problem of problems)
      process.stderr.write(
        `${problem.file}:${problem.line}:${problem.column}: ${problem.message}\n`,
      );
    if (json) printJson({ errors: problems });
    throw new CliError(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the ballot manifests; nothing was sampled`,
      ExitCode.Usage,
    );
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
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  for (const row of [header, ...rows]) {
    process.stdout.write(
      `${row
        .map((cell, column) => cell.padEnd(widths[column] as number))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
}

/** The audit methods of `sample-size`, `measure` and `plan`. */
const METHODS = ['bravo', 'alpha-polling', 'kaplan-markov', 'alpha-comparison', 'macro'] as const;
/** The methods `plan` compares (MACRO needs batch tallies, so it is sized on its own). */
const PLAN_METHODS = ['bravo', 'alpha-polling', 'kaplan-markov', 'alpha-comparison'] as const;
type Method = (typeof METHODS)[number];
const isPolling = (method: Method): boolean => method === 'bravo' || method === 'alpha-polling';

function riskLimitOption(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number > 0 && number < 1))
    throw new InvalidArgumentError('expected a risk limit strictly between 0 and 1, e.g. 0.05');
  return number;
}

function quantileOption(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number > 0 && number < 1))
    throw new InvalidArgumentError('expected a quantile strictly between 0 and 1');
  return number;
}

/** Reads and parses a JSON file; unreadable or malformed files are bad input (exit 2). */
function readJson(file: string): unknown {
  const text = new TextDecoder().decode(readInputFile(file));
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${file}: not valid JSON: ${messageOf(error)}`, ExitCode.Usage);
  }
}

function reportProblems(
  file: string,
  problems: readonly { path: string; message: string }[],
  json: boolean,
): never {
  for (const problem of problems)
    process.stderr.write(`${file}: ${problem.path}: ${problem.message}\n`);
  if (json) printJson({ errors: problems.map((problem) => ({ file, ...problem })) });
  throw new CliError(
    `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${file}`,
    ExitCode.Usage,
  );
}

/**
 * Reads the contest file; `--raire FILE` supplies an IRV contest's RAIRE assertions (the file
 * RAIRE wrote) as the contest's `irv.raire`.
 */
function loadContest(file: string, json: boolean, raire?: string): Contest {
  let input = readJson(file);
  if (raire !== undefined) {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return reportProblems(file, [{ path: '$', message: 'expected an object' }], json);
    const record = input as Record<string, unknown>;
    const irv = record['irv'] ?? {};
    if (typeof irv !== 'object' || irv === null || Array.isArray(irv))
      return reportProblems(file, [{ path: '$.irv', message: 'expected an object' }], json);
    if ('raire' in irv)
      throw new CliError(
        `${file} already has irv.raire; drop it or --raire ${raire}`,
        ExitCode.Usage,
      );
    input = { ...record, irv: { ...irv, raire: readJson(raire) } };
  }
  const parsed = parseContest(input);
  if (!parsed.ok)
    reportProblems(raire === undefined ? file : `${file} (with ${raire})`, parsed.error, json);
  return parsed.value;
}

/** Polling sample counts for BRAVO, with not-found ballots counted for every loser (Arlo). */
function pollingCounts(
  contest: Contest,
  file: string,
  json: boolean,
): { counts: SampleCounts; ballotsSampled: number } {
  const parsed = parsePollingSample(readJson(file));
  if (!parsed.ok) reportProblems(file, parsed.error, json);
  const sample = parsed.value;
  if (sample.kind === 'counts') {
    return {
      counts: withNotFoundBallots(contest, sample.counts, sample.notFound),
      ballotsSampled: sample.ballotsSampled,
    };
  }
  const counts: Record<string, number> = {};
  let notFound = 0;
  for (const votes of sample.ballots) {
    if (votes === null) notFound += 1;
    else for (const choice of votes) counts[choice] = (counts[choice] ?? 0) + 1;
  }
  return {
    counts: withNotFoundBallots(contest, counts, notFound),
    ballotsSampled: sample.ballots.length,
  };
}

/** The manifests and batch tallies of a MACRO audit, joined (exit 2 with located problems). */
interface BatchInputs {
  readonly manifest?: string[];
  readonly batchTallies?: string[];
  readonly jurisdiction?: string;
}

function loadReportedBatches(
  contest: Contest,
  options: BatchInputs,
  json: boolean,
): ReportedBatches {
  const manifestFiles = options.manifest ?? [];
  const tallyFiles = options.batchTallies ?? [];
  if (manifestFiles.length === 0 || tallyFiles.length === 0) {
    throw new CliError(
      'MACRO needs --manifest (ballots per batch) and --batch-tallies (reported votes per batch)',
      ExitCode.Usage,
    );
  }
  const manifests = loadManifests(manifestFiles, options.jurisdiction, json);
  const tallies = tallyFiles.map((file) => {
    const parsed = parseBatchTallies({
      file,
      bytes: readInputFile(file),
      jurisdiction: options.jurisdiction ?? basename(file, extname(file)),
    });
    if (!parsed.ok) {
      for (const problem of parsed.error)
        process.stderr.write(
          `${problem.file}:${problem.line}:${problem.column}: ${problem.message}\n`,
        );
      if (json) printJson({ errors: parsed.error });
      throw new CliError(`${parsed.error.length} problem(s) in ${file}`, ExitCode.Usage);
    }
    return { file, tallies: parsed.value };
  });
  const joined = joinBatchTallies({ contest, manifests, tallies });
  if (!joined.ok) {
    for (const problem of joined.error)
      process.stderr.write(`${problem.file}:${problem.line}: ${problem.message}\n`);
    if (json) printJson({ errors: joined.error });
    throw new CliError(
      `${joined.error.length} problem(s) joining batch tallies to the manifests`,
      ExitCode.Usage,
    );
  }
  return joined.value;
}

/** Draws and audited tallies of a MACRO sample file. */
function loadMacroSample(
  file: string,
  json: boolean,
): {
  draws: { ticket: string; key: string }[];
  audited: Map<string, Readonly<Record<string, number>> | null>;
  combinedBatches: string[][];
} {
  const parsed = parseMacroSample(readJson(file));
  if (!parsed.ok) reportProblems(file, parsed.error, json);
  const draws = parsed.value.batches.map((entry) => ({
    ticket: entry.ticket,
    key: batchKeyString(entry),
  }));
  const audited = new Map(
    parsed.value.batches.map((entry) => [batchKeyString(entry), entry.audited] as const),
  );
  const combinedBatches = parsed.value.combinedBatches.map((set) => set.map(batchKeyString));
  return { draws, audited, combinedBatches };
}

interface SimulationOptions {
  readonly simulations: number;
  readonly quantile: number;
  readonly seed: string;
  readonly withoutReplacement: boolean;
}

/**
 * Arlo's methods (BRAVO, Kaplan-Markov, MACRO) audit plurality outcomes only; a supermajority
 * (or majority, 0.5) requirement is an assertion only the ALPHA methods check.
 */
function refuseUnsupported(method: Method, contest: Contest): void {
  if (method === 'alpha-polling' || method === 'alpha-comparison') return;
  const kind =
    contest.irv !== null
      ? 'an IRV (RAIRE) contest'
      : contest.supermajority !== null
        ? 'a supermajority'
        : contest.runoffThreshold !== null
          ? 'a runoff threshold'
          : contest.runoffRule !== null
            ? 'a runoff rule'
            : null;
  if (kind !== null)
    throw new CliError(
      `${method} does not check ${kind}; use alpha-polling or alpha-comparison`,
      ExitCode.Usage,
    );
}

/** Contests only the ALPHA methods audit (SHANGRLA assertions beyond plurality pairs). */
const alphaOnly = (contest: Contest): boolean =>
  contest.irv !== null || contest.supermajority !== null || contest.runoffRule !== null;

interface SizeResult {
  readonly method: Method;
  readonly size: number;
  readonly options?: readonly { key: string; size: number; prob: number | null }[];
  readonly simulation?: { simulations: number; quantile: number; seed: string };
  readonly note?: string;
}

function computeSampleSize(
  method: Method,
  contest: Contest,
  riskLimit: number,
  simulation: SimulationOptions & BatchInputs,
  sampleFile: string | undefined,
  json: boolean,
): SizeResult {
  refuseUnsupported(method, contest);
  switch (method) {
    case 'macro': {
      const reported = loadReportedBatches(contest, simulation, json);
      const sample =
        sampleFile === undefined
          ? {
              draws: [],
              audited: new Map<string, Readonly<Record<string, number>> | null>(),
              combinedBatches: [],
            }
          : loadMacroSample(sampleFile, json);
      const size = macroSampleSize({ contest, riskLimit, batches: reported.batches, ...sample });
      if (!size.ok) {
        const message =
          size.error.type === 'all-batches-audited'
            ? 'every batch has already been audited'
            : size.error.type === 'unknown-batch'
              ? `unknown batch ${size.error.key} in the sample`
              : size.error.type === 'batch-in-two-combined-batches'
                ? `batch ${size.error.key} is in two combined batches`
                : 'invalid risk limit';
        throw new CliError(message, ExitCode.Usage);
      }
      return {
        method,
        size: size.value,
        note: 'batches to draw with PPEB weights (vigil audit sample-batches)',
      };
    }
    case 'bravo': {
      const previous =
        sampleFile === undefined ? undefined : pollingCounts(contest, sampleFile, json);
      const sizes = bravoSampleSizes({
        contest,
        riskLimit,
        ...(previous === undefined
          ? {}
          : { counts: previous.counts, ballotsSampled: previous.ballotsSampled }),
      });
      if (!sizes.ok) {
        switch (sizes.error.type) {
          case 'audit-already-complete':
            return {
              method,
              size: 0,
              options: [],
              note: 'the sample already meets the risk limit',
            };
          case 'no-losers':
            throw new CliError(
              'the contest has no losers: there is no outcome to audit',
              ExitCode.Usage,
            );
          case 'all-ballots-audited':
            throw new CliError('every ballot has already been audited', ExitCode.Usage);
          case 'invalid-risk-limit':
            throw new CliError(`invalid risk limit ${sizes.error.value}`, ExitCode.Usage);
          default:
            throw new CliError('BRAVO sample size failed', ExitCode.Failure);
        }
      }
      // The recommended size: 90 % chance to finish in one round when offered, as Arlo's default choice.
      const recommended = sizes.value.find((option) => option.key === '0.9') ?? sizes.value[0];
      return { method, size: recommended?.size ?? contest.ballots, options: sizes.value };
    }
    case 'kaplan-markov': {
      let observed: { sampled: number; o1: number; o2: number } | undefined;
      if (sampleFile !== undefined) {
        const parsed = parseComparisonSample(readJson(sampleFile));
        if (!parsed.ok) reportProblems(sampleFile, parsed.error, json);
        observed =
          parsed.value.kind === 'counts'
            ? parsed.value.counts
            : countDiscrepancies(contest, parsed.value.ballots);
      }
      const size = superSimpleSampleSize({
        contest,
        riskLimit,
        ...(observed === undefined ? {} : { observed }),
      });
      if (!size.ok)
        throw new CliError(
          size.error.type === 'no-losers'
            ? 'the contest has no losers: there is no outcome to audit'
            : 'invalid risk limit',
          ExitCode.Usage,
        );
      return { method, size: size.value };
    }
    case 'alpha-polling':
    case 'alpha-comparison': {
      if (sampleFile !== undefined)
        throw new CliError(
          '--sample is not used by ALPHA sample sizes (they are simulated for a first round)',
          ExitCode.Usage,
        );
      const size = alphaSampleSize({
        contest,
        riskLimit,
        kind: method === 'alpha-polling' ? 'polling' : 'comparison',
        simulations: simulation.simulations,
        quantile: simulation.quantile,
        seed: simulation.seed,
        withReplacement: !simulation.withoutReplacement,
      });
      if (!size.ok)
        throw new CliError(
          size.error.type === 'invalid-simulation'
            ? size.error.message
            : `cannot compute: ${size.error.type}`,
          ExitCode.Usage,
        );
      return {
        method,
        size: size.value,
        simulation: {
          simulations: simulation.simulations,
          quantile: simulation.quantile,
          seed: simulation.seed,
        },
      };
    }
    default:
      throw new CliError(`unknown method ${String(method satisfies never)}`, ExitCode.Usage);
  }
}

interface SizeCommandOptions extends SimulationOptions, BatchInputs {
  readonly contest: string;
  readonly raire?: string;
  readonly method: Method;
  readonly riskLimit: number;
  readonly sample?: string;
  readonly json: boolean;
}

function runSampleSize(options: SizeCommandOptions): void {
  const contest = loadContest(options.contest, options.json, options.raire);
  const result = computeSampleSize(
    options.method,
    contest,
    options.riskLimit,
    options,
    options.sample,
    options.json,
  );
  if (options.json) {
    printJson({ contest: contest.name, riskLimit: options.riskLimit, ...result });
    return;
  }
  process.stdout.write(
    `${contest.name}: ${options.method} sample size ${result.size} at risk limit ${options.riskLimit}\n`,
  );
  for (const option of result.options ?? []) {
    process.stdout.write(
      `  ${option.key.padEnd(11)} ${String(option.size).padStart(8)}${option.prob === null ? '' : `  (chance to finish in one round ${option.prob})`}\n`,
    );
  }
  if (result.note !== undefined) process.stdout.write(`  ${result.note}\n`);
}

interface MeasureOptions extends BatchInputs {
  readonly contest: string;
  readonly raire?: string;
  readonly method: Method;
  readonly riskLimit: number;
  readonly sample: string;
  readonly withoutReplacement: boolean;
  readonly twoVoteRate?: number;
  readonly pollingEta: 'reported-mean' | 'shangrla-default';
  readonly json: boolean;
}

function twoVoteRateOption(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number > 0 && number < 1))
    throw new InvalidArgumentError('expected a rate strictly between 0 and 1, e.g. 1e-4');
  return number;
}

function runMeasure(options: MeasureOptions): void {
  const { method, riskLimit, json } = options;
  const contest = loadContest(options.contest, json, options.raire);
  refuseUnsupported(method, contest);
  let assertions: { assertion: string; pValue: number }[];
  let finished: boolean;
  const fail = (type: string): never => {
    throw new CliError(
      type === 'irv-needs-rankings'
        ? 'an IRV polling sample needs each ballot\'s ranking: {"ballots": [{"votes": ["first", "second", …]}, …]}'
        : `cannot measure risk: ${type}`,
      ExitCode.Usage,
    );
  };
  if (method === 'macro') {
    const reported = loadReportedBatches(contest, options, json);
    const risk = macroRisk({
      contest,
      riskLimit,
      batches: reported.batches,
      ...loadMacroSample(options.sample, json),
    });
    if (!risk.ok)
      return fail(
        risk.error.type === 'unknown-batch'
          ? `unknown batch ${risk.error.key} in the sample`
          : risk.error.type === 'batch-in-two-combined-batches'
            ? `batch ${risk.error.key} is in two combined batches`
            : risk.error.type,
      );
    assertions = [
      { assertion: 'every winner beats every loser (MACRO)', pValue: risk.value.pValue },
    ];
    finished = risk.value.finished;
  } else if (isPolling(method)) {
    if (method === 'bravo') {
      const { counts } = pollingCounts(contest, options.sample, json);
      const risk = bravoRisk({ contest, riskLimit, counts });
      if (!risk.ok) return fail(risk.error.type);
      assertions = risk.value.pairs.map((pair) => ({
        assertion: pair.loser === '' ? pair.winner : `${pair.winner} beats ${pair.loser}`,
        pValue: pair.pValue,
      }));
      finished = risk.value.finished;
    } else {
      const parsed = parsePollingSample(readJson(options.sample));
      if (!parsed.ok) return reportProblems(options.sample, parsed.error, json);
      const risk = alphaPollingRisk({
        contest,
        riskLimit,
        sample: parsed.value,
        withReplacement: !options.withoutReplacement,
        eta: options.pollingEta,
      });
      if (!risk.ok) return fail(risk.error.type);
      assertions = [...risk.value.assertions];
      finished = risk.value.finished;
    }
  } else {
    const parsed = parseComparisonSample(readJson(options.sample));
    if (!parsed.ok) return reportProblems(options.sample, parsed.error, json);
    if (method === 'kaplan-markov') {
      const risk =
        parsed.value.kind === 'counts'
          ? superSimpleRiskFromCounts({ contest, riskLimit, counts: parsed.value.counts })
          : superSimpleRisk({ contest, riskLimit, ballots: parsed.value.ballots });
      if (!risk.ok) return fail(risk.error.type);
      assertions = [
        {
          assertion: 'every winner beats every loser (smallest margin)',
          pValue: risk.value.pValue,
        },
      ];
      finished = risk.value.finished;
    } else {
      const risk = alphaComparisonRisk({
        contest,
        riskLimit,
        sample: parsed.value,
        withReplacement: !options.withoutReplacement,
        ...(options.twoVoteRate === undefined ? {} : { twoVoteRate: options.twoVoteRate }),
      });
      if (!risk.ok) return fail(risk.error.type);
      assertions = [...risk.value.assertions];
      finished = risk.value.finished;
    }
  }
  const pValue = Math.max(...assertions.map((entry) => entry.pValue));
  if (json) printJson({ contest: contest.name, method, riskLimit, assertions, pValue, finished });
  else {
    for (const entry of assertions)
      process.stdout.write(`${entry.assertion}: p = ${entry.pValue}\n`);
    process.stdout.write(
      finished
        ? `risk limit ${riskLimit} met: the audit may stop\n`
        : `risk limit ${riskLimit} not met: audit more ballots\n`,
    );
  }
  // Exit 1 when the risk limit is not met (a failure of the work, as for every vigil check).
  if (!finished) process.exitCode = ExitCode.Failure;
}

interface PlanOptions extends SimulationOptions {
  readonly contest: string;
  readonly raire?: string;
  readonly riskLimit: number;
  readonly json: boolean;
}

function runPlan(options: PlanOptions): void {
  const contest = loadContest(options.contest, options.json, options.raire);
  const methods = PLAN_METHODS.filter(
    (method) => !alphaOnly(contest) || method.startsWith('alpha'),
  ).map((method) => ({
    kind: isPolling(method) ? 'polling' : 'comparison',
    ...computeSampleSize(method, contest, options.riskLimit, options, undefined, options.json),
  }));
  if (options.json) {
    printJson({
      contest: contest.name,
      riskLimit: options.riskLimit,
      ballots: contest.ballots,
      dilutedMargin: contest.dilutedMargin,
      methods,
    });
    return;
  }
  process.stdout.write(
    `${contest.name}: ${contest.ballots} ballots, diluted margin ${contest.dilutedMargin.toFixed(4)}, risk limit ${options.riskLimit}\n`,
  );
  for (const entry of methods) {
    const detail =
      entry.simulation === undefined
        ? entry.method === 'bravo'
          ? '90 % chance to finish in one round'
          : "Arlo's default error rates"
        : `quantile ${entry.simulation.quantile} of ${entry.simulation.simulations} simulations`;
    process.stdout.write(
      `  ${entry.method.padEnd(17)} ${entry.kind.padEnd(10)} ${String(entry.size).padStart(8)}  ${detail}\n`,
    );
  }
}

function addBatchOptions(command: Command): Command {
  return command
    .option('--manifest <file>', 'MACRO: ballot manifest CSV (repeatable)', collect, [])
    .option(
      '--batch-tallies <file>',
      'MACRO: reported votes per batch CSV (repeatable)',
      collect,
      [],
    )
    .option(
      '--jurisdiction <name>',
      'MACRO: jurisdiction of files without a Jurisdiction column (default: file name)',
    );
}

interface SampleBatchesOptions extends BatchInputs {
  readonly contest: string;
  readonly seed: string;
  readonly size: number;
  readonly previousDraws: number;
  readonly json: boolean;
}

function runSampleBatches(options: SampleBatchesOptions): void {
  if (options.seed.trim() === '') throw new CliError('the seed must not be empty', ExitCode.Usage);
  const contest = loadContest(options.contest, options.json);
  refuseUnsupported('macro', contest);
  const reported = loadReportedBatches(contest, options, options.json);
  const drawn = sampleBatches({
    contest,
    reported,
    seed: options.seed,
    size: options.size,
    previousDraws: options.previousDraws,
  });
  if (!drawn.ok) {
    throw new CliError(
      drawn.error.type === 'tied-contest'
        ? 'a pair margin is not positive: the contest needs a full hand count'
        : `cannot draw batches: ${drawn.error.type}`,
      ExitCode.Usage,
    );
  }
  if (options.json) {
    printJson({ draws: drawn.value });
    return;
  }
  for (const draw of drawn.value) {
    process.stdout.write(
      `${String(draw.draw).padStart(5)}  ${draw.ticket}  ${draw.jurisdiction}  ${draw.tabulator ?? ''}  ${draw.batch}\n`,
    );
  }
}

function addSimulationOptions(command: Command): Command {
  return command
    .option('--simulations <n>', 'ALPHA: simulated audits per assertion', positiveInteger, 1000)
    .option('--quantile <q>', 'ALPHA: quantile of the simulated sample sizes', quantileOption, 0.9)
    .option('--seed <seed>', 'ALPHA: seed of the simulation generator', 'vigil')
    .option('--without-replacement', 'ALPHA: sampling without replacement', false);
}

const RAIRE_HELP = "IRV: RAIRE's assertions JSON (raire-rs, raire-java or SHANGRLA), as irv.raire";

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
    .option(
      '--jurisdiction <name>',
      'jurisdiction of manifests without a Jurisdiction column (default: file name)',
    )
    .requiredOption('--seed <seed>', 'public random seed')
    .requiredOption('--size <n>', 'number of draws in this round', positiveInteger)
    .option(
      '--previous-draws <n>',
      'draws taken in earlier rounds: continue the same stream after them',
      nonNegativeInteger,
      0,
    )
    .option('--without-replacement', 'sample without replacement', false)
    .addOption(
      new Option(
        '--id-format <format>',
        'ballot ids hashed: arlo (identical to Arlo) or canonical (ours)',
      )
        .choices(['arlo', 'canonical'])
        .default('canonical'),
    )
    .option('--json', 'print one JSON document', false)
    .exitOverride()
    .action((options: SampleOptions) => runSample(options));

  const methodOption = (): Option =>
    new Option('--method <method>', 'audit method').choices(METHODS).makeOptionMandatory();
  addBatchOptions(
    addSimulationOptions(
      audit
        .command('sample-size')
        .description('sample size for one contest and method')
        .requiredOption('--contest <file>', 'contest JSON file')
        .option('--raire <file>', RAIRE_HELP)
        .addOption(methodOption())
        .requiredOption('--risk-limit <alpha>', 'risk limit, e.g. 0.05', riskLimitOption)
        .option(
          '--sample <file>',
          'BRAVO, Kaplan-Markov, MACRO: the audited sample so far (size of the next round)',
        ),
    ),
  )
    .option('--json', 'print one JSON document', false)
    .exitOverride()
    .action((options: SizeCommandOptions) => runSampleSize(options));

  addBatchOptions(
    audit
      .command('sample-batches')
      .description('draw batches for MACRO with PPEB weights, reproducible from the seed')
      .requiredOption('--contest <file>', 'contest JSON file')
      .requiredOption('--seed <seed>', 'public random seed')
      .requiredOption('--size <n>', 'number of draws in this round', positiveInteger)
      .option('--previous-draws <n>', 'draws taken in earlier rounds', nonNegativeInteger, 0),
  )
    .option('--json', 'print one JSON document', false)
    .exitOverride()
    .action((options: SampleBatchesOptions) => runSampleBatches(options));

  addBatchOptions(audit.command('measure'))
    .description('p-value of every assertion and whether the audit may stop (exit 1 if not)')
    .requiredOption('--contest <file>', 'contest JSON file')
    .option('--raire <file>', RAIRE_HELP)
    .addOption(methodOption())
    .requiredOption('--risk-limit <alpha>', 'risk limit, e.g. 0.05', riskLimitOption)
    .requiredOption('--sample <file>', 'audited sample JSON file')
    .option('--without-replacement', 'ALPHA: the sample was drawn without replacement', false)
    .option(
      '--two-vote-rate <p2>',
      "alpha-comparison: two-vote overstatement rate behind the η of SHANGRLA's optimal_comparison (default 1e-4; SHANGRLA's own default is 1e-5)",
      twoVoteRateOption,
    )
    .addOption(
      new Option(
        '--polling-eta <start>',
        "alpha-polling: η₀ of shrink-trunc, the reported assorter mean or SHANGRLA's default u(1 − ε)",
      )
        .choices(['reported-mean', 'shangrla-default'])
        .default('reported-mean'),
    )
    .option('--json', 'print one JSON document', false)
    .exitOverride()
    .action((options: MeasureOptions) => runMeasure(options));

  registerAuditCvrsCommand(audit);

  addSimulationOptions(
    audit
      .command('plan')
      .description("every method's sample size for one contest, side by side")
      .requiredOption('--contest <file>', 'contest JSON file')
      .option('--raire <file>', RAIRE_HELP)
      .requiredOption('--risk-limit <alpha>', 'risk limit, e.g. 0.05', riskLimitOption),
  )
    .option('--json', 'print one JSON document', false)
    .exitOverride()
    .action((options: PlanOptions) => runPlan(options));
}
