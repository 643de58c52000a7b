/**
 * Runs one detection in a child process (`detect-child.ts`, TypeScript loaded by tsx as the
 * server itself is), with its own JavaScript heap ceiling. Progress arrives over IPC; the
 * child's death (exit code, signal, heap exhausted) becomes an error saying so; aborting the
 * signal kills the child at once.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChildMessage, ChildStart } from './child-protocol';
import { ChildMessageSchema } from './child-protocol';

/** Heap ceiling of a run's child process when the configuration sets none, in MB. */
export const DEFAULT_DETECT_MAX_OLD_SPACE_MB = 4096;

/**
 * When a cancel stopped a run: before its child started, while the child worked (killed), or
 * after the child had finished (its results are not stored).
 */
export type CancelledWhen = 'before-start' | 'while-running' | 'after-finishing';

/** Thrown when the run was cancelled. */
export class RunCancelledError extends Error {
  override readonly name = 'RunCancelledError';
  constructor(readonly when: CancelledWhen = 'while-running') {
    super('the run was cancelled');
  }
}

const childEntry = fileURLToPath(new URL('./detect-child.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The end of what the child wrote on stderr, for failure messages. */
const STDERR_TAIL = 16_000;

/** Words a failure message gives for how the child ended. */
export function describeChildExit(input: { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stderr: string; readonly maxOldSpaceMb: number }): string {
  if (/heap out of memory|Reached heap limit|Allocation failed/i.test(input.stderr)) {
    return `the detection process ran out of memory (its JavaScript heap is limited to ${input.maxOldSpaceMb} MB; raise VIGIL_DETECT_MAX_OLD_SPACE_MB or run on less data)`;
  }
  const lastLine = input.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .at(-1);
  const how = input.signal !== null ? `was killed by signal ${input.signal}` : `exited with code ${input.code ?? 'unknown'}`;
  return `the detection process ${how} before finishing${lastLine === undefined ? '' : `: ${lastLine.slice(0, 300)}`}`;
}

/** The outcome the child sent. */
export type ChildResult = Extract<ChildMessage, { type: 'done' }>;

/**
 * Forks the child, sends `start`, forwards progress, and resolves with its summary; rejects
 * with the child's failure sentence, with how it died, or with RunCancelledError.
 */
export function runInChild(input: {
  readonly start: ChildStart;
  readonly maxOldSpaceMb: number;
  readonly signal: AbortSignal;
  /** The child's TMPDIR (DuckDB's spill files): removed by the caller even when the child is killed. */
  readonly scratchDir?: string;
  readonly onProgress: (fraction: number, message: string) => void;
  /** Called with the child's pid once it runs (tests use it). */
  readonly onSpawn?: (pid: number) => void;
}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    if (input.signal.aborted) {
      reject(new RunCancelledError('before-start'));
      return;
    }
    const child = fork(childEntry, [], {
      execArgv: ['--import', tsxLoader, `--max-old-space-size=${input.maxOldSpaceMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      ...(input.scratchDir === undefined ? {} : { env: { ...process.env, TMPDIR: input.scratchDir } }),
    });
    let stderr = '';
    let outcome: ChildMessage | undefined;
    let protocolError: string | undefined;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    input.signal.addEventListener('abort', onAbort, { once: true });
    child.on('spawn', () => {
      if (child.pid !== undefined) input.onSpawn?.(child.pid);
      child.send(input.start);
    });
    child.on('message', (raw: unknown) => {
      const parsed = ChildMessageSchema.safeParse(raw);
      if (!parsed.success) {
        protocolError = `the detection process sent an invalid message: ${parsed.error.message}`;
        child.kill('SIGKILL');
        return;
      }
      if (parsed.data.type === 'progress') input.onProgress(parsed.data.fraction, parsed.data.message);
      else outcome = parsed.data;
    });
    child.on('error', (error) => {
      protocolError ??= `the detection process could not run: ${error.message}`;
    });
    child.on('exit', (code, signal) => {
      input.signal.removeEventListener('abort', onAbort);
      if (input.signal.aborted) reject(new RunCancelledError('while-running'));
      else if (protocolError !== undefined) reject(new Error(protocolError));
      else if (outcome?.type === 'done') resolve(outcome);
      else if (outcome?.type === 'failed') reject(new Error(outcome.message));
      else reject(new Error(describeChildExit({ code, signal, stderr, maxOldSpaceMb: input.maxOldSpaceMb })));
    });
  });
}
