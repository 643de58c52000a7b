/**
 * Entry of a detection run's child process (forked by `run-in-child.ts`): waits for one
 * `start` message, runs the same pipeline as `vigil detect coordination`, writes the Parquet
 * files browsing reads, reports progress over IPC and ends with the summary and communities
 * (or a failure sentence). It touches no database: the server stores what it sends back.
 * Its JavaScript work (near-duplicate clustering, Louvain) thus never blocks the server.
 */
import type { FileType, InputFormat, Method, Progress } from '@vigil/coordination';
import { describeDetectionError, detectCoordination, overallFraction, writeBrowseFiles } from '@vigil/coordination';
import type { ChildMessage, ChildStart } from './child-protocol';
import { ChildStartSchema } from './child-protocol';
import { summariseCommunities } from './run-files';

/** Least time between two progress messages: a run reports many small steps. */
const PROGRESS_INTERVAL_MS = 250;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });
}

async function run(start: ChildStart): Promise<ChildMessage> {
  let lastWrite = 0;
  let lastPhase = '';
  const onProgress = (progress: Progress): void => {
    const now = Date.now();
    if (progress.phase === lastPhase && now - lastWrite < PROGRESS_INTERVAL_MS && progress.fraction < 1) return;
    lastPhase = progress.phase;
    lastWrite = now;
    void send({ type: 'progress', fraction: Math.min(0.98, overallFraction(progress)), message: `${progress.phase}: ${progress.message}` });
  };
  const stamp = new Date(start.now);
  const result = await detectCoordination({
    input: start.input,
    format: start.format as InputFormat,
    outDir: start.outDir,
    mapping: start.mapping,
    fileType: start.fileType as FileType,
    evidenceFormat: 'parquet',
    ...(start.methods === undefined ? {} : { methods: start.methods as Method[] }),
    ...(start.window === undefined ? {} : { window: start.window }),
    ...(start.alpha === undefined ? {} : { alpha: start.alpha }),
    ...(start.seed === undefined ? {} : { seed: start.seed }),
    ...(start.maxPairsPerShare === undefined ? {} : { maxPairsPerShare: start.maxPairsPerShare }),
    ...(start.timeResolution === undefined ? {} : { timeResolution: start.timeResolution }),
    clock: () => stamp,
    onProgress,
  });
  if (!result.ok) return { type: 'failed', message: describeDetectionError(result.error) };
  await send({ type: 'progress', fraction: 0.985, message: 'browsing: writing sorted Parquet files' });
  await writeBrowseFiles({ outDir: start.outDir });
  await send({ type: 'progress', fraction: 0.99, message: 'browsing: summarising communities' });
  const communities = await summariseCommunities(start.outDir);
  const { outputs: _outputs, input: _input, ...summary } = result.value;
  void _outputs;
  void _input;
  return { type: 'done', summary: { ...summary }, communities: communities.map((c) => ({ ...c, behaviours: [...c.behaviours], accountsPreview: [...c.accountsPreview] })) };
}

// The server went away (stopped or crashed): the run is re-queued at its next start, so this
// process stops rather than working on for nobody.
process.once('disconnect', () => process.exit(1));

process.once('message', (raw: unknown) => {
  const parsed = ChildStartSchema.safeParse(raw);
  const outcome: Promise<ChildMessage> = parsed.success
    ? run(parsed.data).catch((error: unknown) => ({ type: 'failed' as const, message: error instanceof Error ? error.message : String(error) }))
    : Promise.resolve({ type: 'failed' as const, message: `the detection process got an invalid start message: ${parsed.error.message}` });
  void outcome.then(async (message) => {
    await send(message);
    process.removeAllListeners('disconnect');
    process.exit(0);
  });
});
