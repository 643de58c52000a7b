/**
 * `npm run bench -- detect [--sizes 200000,2000000[,20000000]] [--data DIR] [--memory-limit 4GB]
 * [--generate-only] [--methods creation-burst]`: coordinated-behaviour detection end to end (CSV import → every method →
 * null model → communities → all output files) on the seeded synthetic generator, one child
 * process per size so that each peak RSS (Node heap + DuckDB, read from /proc VmHWM) is its own.
 * The parent samples the child's RSS (/proc/PID/status) twice a second and reports the peak of
 * each phase, so memory can be attributed to a stage even while JavaScript blocks the child's
 * event loop. Generated data goes to DIR (default bench/out/detect, git-ignored; put 20 M posts
 * under /tmp) and is reused when present. Prints a table and how time and memory grow.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectCoordination, scoreDetectors, writeSyntheticDataset, type Method, type SyntheticTruth } from '@vigil/coordination';

const here = dirname(fileURLToPath(import.meta.url));
const cliArgs = process.argv.slice(2);
function argument(name: string): string | undefined {
  const index = cliArgs.indexOf(name);
  return index >= 0 ? cliArgs[index + 1] : undefined;
}
const outRoot = argument('--data') ?? join(here, '..', 'out', 'detect');
const memoryLimit = argument('--memory-limit') ?? '4GB';
/** `--methods creation-burst`: re-measure some methods only (precision/recall of those). */
const methodsArgument = argument('--methods');
const onlyMethods = methodsArgument === undefined ? undefined : (methodsArgument.split(',') as Method[]);
/** Bumped when the generator's output changes, so stale files are not reused. */
const generatorVersion = 'v3';

interface SizeResult {
  readonly target: number;
  readonly posts: number;
  readonly accounts: number;
  readonly fileMb: number;
  readonly generateSeconds: number;
  readonly detectSeconds: number;
  /** User + system CPU seconds of the whole process (DuckDB threads included): less sensitive than wall time to other load on the machine. */
  readonly cpuSeconds: number;
  readonly loadAverage: number;
  readonly peakRssMb: number;
  readonly coordinatedAccounts: number;
  readonly communities: number;
  readonly scores: readonly { method: string; precision: number; recall: number }[];
  readonly phases: Record<string, number>;
  /** Peak RSS (MB) of each phase, sampled by the parent, and the JS heap at the phase's end. */
  readonly phaseRssMb?: Record<string, number>;
  readonly phaseHeapMb?: Record<string, number>;
  readonly memoryLimit: string;
}

function peakRssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match?.[1] === undefined ? process.memoryUsage().rss / 2 ** 20 : Number(match[1]) / 1024;
}

function flaggedFrom(accountsCsv: string): Map<Method, Set<string>> {
  const lines = readFileSync(accountsCsv, 'utf8').trim().split('\n');
  const header = (lines[0] ?? '').split(',');
  const flagged = new Map<Method, Set<string>>();
  const add = (method: Method, account: string): void => {
    const set = flagged.get(method) ?? new Set<string>();
    set.add(account);
    flagged.set(method, set);
  };
  for (const line of lines.slice(1)) {
    const row = line.split(',');
    const account = row[header.indexOf('account_id')] ?? '';
    for (const behaviour of (row[header.indexOf('behaviours')] ?? '').split(';').filter((b) => b !== '')) add(behaviour as Method, account);
    if ((row[header.indexOf('creation_burst')] ?? '') !== '') add('creation-burst', account);
  }
  return flagged;
}

/** Runs one size in this process and prints its result as JSON on stdout. */
function generate(target: number): { input: string; truth: SyntheticTruth; generateSeconds: number } {
  mkdirSync(outRoot, { recursive: true });
  const input = join(outRoot, `synthetic-${generatorVersion}-${target}.csv`);
  const truthFile = `${input}.truth.json`;
  let generateSeconds = 0;
  let truth: SyntheticTruth;
  if (existsSync(input) && existsSync(truthFile)) {
    truth = JSON.parse(readFileSync(truthFile, 'utf8')) as SyntheticTruth;
  } else {
    const started = performance.now();
    truth = writeSyntheticDataset(input, {
      seed: 2026,
      organicAccounts: Math.max(500, Math.round(target / 20.7)),
      hyperactiveAccounts: Math.max(20, Math.round(target / 10_000)),
      groupsPerMethod: 5,
    });
    generateSeconds = (performance.now() - started) / 1000;
    writeFileSync(truthFile, JSON.stringify(truth));
  }
  return { input, truth, generateSeconds };
}

async function runOne(target: number): Promise<void> {
  const { input, truth, generateSeconds } = generate(target);
  const outDir = join(outRoot, `result-${target}${onlyMethods === undefined ? '' : `-${onlyMethods.join('+')}`}`);
  const phases: Record<string, number> = {};
  const phaseHeapMb: Record<string, number> = {};
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let lastPhase = '';
  let lastAt = started;
  const result = await detectCoordination({
    input,
    format: 'generic',
    outDir,
    memoryLimit,
    ...(onlyMethods === undefined ? {} : { methods: onlyMethods }),
    onProgress: (progress) => {
      if (progress.phase === 'prepare' && progress.message.includes('MinHash')) {
        process.stderr.write(`  ${target}: ${((performance.now() - started) / 1000).toFixed(1)} s ${progress.message}\n`);
      }
      if (progress.phase !== lastPhase) {
        const now = performance.now();
        if (lastPhase !== '') {
          phases[lastPhase] = (phases[lastPhase] ?? 0) + (now - lastAt) / 1000;
          phaseHeapMb[lastPhase] = Math.max(phaseHeapMb[lastPhase] ?? 0, process.memoryUsage().heapUsed / 2 ** 20);
        }
        // The parent reads `phase NAME` lines to attribute its RSS samples.
        process.stderr.write(`phase ${progress.phase}\n`);
        process.stderr.write(`  ${target}: ${((now - started) / 1000).toFixed(1)} s ${progress.phase}: ${progress.message} (rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB)\n`);
        lastPhase = progress.phase;
        lastAt = now;
      }
    },
  });
  const detectSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  phases[lastPhase] = (phases[lastPhase] ?? 0) + (performance.now() - lastAt) / 1000;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const scores = scoreDetectors({
    flagged: flaggedFrom(join(outDir, 'accounts.csv')),
    groups: truth.groups,
    methods: [...new Set(truth.groups.map((group) => group.method))].filter((method) => onlyMethods === undefined || onlyMethods.includes(method)),
  });
  const output: SizeResult = {
    target,
    posts: result.value.import.rowsKept,
    accounts: result.value.accounts.total,
    fileMb: statSync(input).size / 2 ** 20,
    generateSeconds,
    detectSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loadAverage: loadavg()[0] ?? 0,
    peakRssMb: peakRssMb(),
    coordinatedAccounts: result.value.accounts.coordinated,
    communities: result.value.communities.count,
    scores: scores.map(({ method, precision, recall }) => ({ method, precision, recall })),
    phases,
    phaseHeapMb,
    memoryLimit,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

function rssOfMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}

/** Runs one size in a child process, sampling its RSS per phase. */
function runChild(size: number): Promise<SizeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import', 'tsx', fileURLToPath(import.meta.url), '--one', String(size), '--data', outRoot, '--memory-limit', memoryLimit,
        ...(methodsArgument === undefined ? [] : ['--methods', methodsArgument]),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let phase = 'generate';
    const phaseRssMb: Record<string, number> = {};
    const sample = (): void => {
      const rss = child.pid === undefined ? undefined : rssOfMb(child.pid);
      if (rss !== undefined) phaseRssMb[phase] = Math.max(phaseRssMb[phase] ?? 0, rss);
    };
    const timer = setInterval(sample, 500);
    let stdout = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('phase ')) {
          sample();
          phase = line.slice(6).trim();
        } else process.stderr.write(`${line}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      if (code !== 0) {
        reject(new Error(`size ${size} failed (exit ${code ?? signal})`));
        return;
      }
      const line = stdout.trim().split('\n').pop() ?? '{}';
      resolve({ ...(JSON.parse(line) as SizeResult), phaseRssMb });
    });
  });
}

async function main(): Promise<void> {
  const one = cliArgs.indexOf('--one');
  if (one >= 0) {
    await runOne(Number(cliArgs[one + 1]));
    return;
  }
  const sizes = (argument('--sizes') ?? '200000,2000000').split(',').map(Number);
  if (cliArgs.includes('--generate-only')) {
    for (const size of sizes) {
      const { input, truth, generateSeconds } = generate(size);
      console.log(`${input}: ${truth.posts} posts, ${truth.accounts} accounts, ${(statSync(input).size / 2 ** 20).toFixed(0)} MB (${generateSeconds.toFixed(0)} s)`);
    }
    return;
  }
  const results: SizeResult[] = [];
  for (const size of sizes) {
    console.log(`size ${size.toLocaleString('en')} posts (DuckDB memory limit ${memoryLimit})…`);
    const result = await runChild(size);
    results.push(result);
    console.log(JSON.stringify(result));
  }
  console.log('\nposts       accounts  file MB  generate s  wall s    CPU s     posts/s   load  peak RSS MB  coordinated  communities');
  for (const r of results) {
    console.log(
      `${String(r.posts).padEnd(11)} ${String(r.accounts).padEnd(9)} ${r.fileMb.toFixed(0).padEnd(8)} ${r.generateSeconds.toFixed(1).padEnd(11)} ${r.detectSeconds.toFixed(1).padEnd(9)} ${r.cpuSeconds.toFixed(1).padEnd(9)} ${Math.round(r.posts / r.detectSeconds).toString().padEnd(9)} ${r.loadAverage.toFixed(1).padEnd(5)} ${r.peakRssMb.toFixed(0).padEnd(12)} ${String(r.coordinatedAccounts).padEnd(12)} ${r.communities}`,
    );
  }
  for (const r of results) {
    console.log(`\nphases at ${r.posts} posts (s): ${Object.entries(r.phases).map(([phase, seconds]) => `${phase} ${seconds.toFixed(1)}`).join(', ')}`);
    console.log(`peak RSS by phase at ${r.posts} posts (MB): ${Object.entries(r.phaseRssMb ?? {}).map(([phase, mb]) => `${phase} ${mb.toFixed(0)}`).join(', ')}`);
    console.log(`JS heap used at the end of each phase (MB): ${Object.entries(r.phaseHeapMb ?? {}).map(([phase, mb]) => `${phase} ${mb.toFixed(0)}`).join(', ')}`);
    console.log(`precision/recall at ${r.posts} posts: ${r.scores.map((s) => `${s.method} ${s.precision.toFixed(3)}/${s.recall.toFixed(3)}`).join(', ')}`);
  }
  for (let i = 1; i < results.length; i += 1) {
    const before = results[i - 1];
    const after = results[i];
    if (before === undefined || after === undefined) continue;
    const sizeRatio = after.posts / before.posts;
    const timeExponent = Math.log(after.detectSeconds / before.detectSeconds) / Math.log(sizeRatio);
    const cpuExponent = Math.log(after.cpuSeconds / before.cpuSeconds) / Math.log(sizeRatio);
    const memoryExponent = Math.log(after.peakRssMb / before.peakRssMb) / Math.log(sizeRatio);
    console.log(
      `\n${before.posts} → ${after.posts} posts (×${sizeRatio.toFixed(1)}): time ×${(after.detectSeconds / before.detectSeconds).toFixed(2)} (∝ n^${timeExponent.toFixed(2)}), CPU ×${(after.cpuSeconds / before.cpuSeconds).toFixed(2)} (∝ n^${cpuExponent.toFixed(2)}), peak RSS ×${(after.peakRssMb / before.peakRssMb).toFixed(2)} (∝ n^${memoryExponent.toFixed(2)})`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
