/**
 * The job that carries out a detection run: the same pipeline as `vigil detect coordination`
 * over the run's dataset, with progress written to the job as it goes (one overall fraction
 * and the phase's message), the outputs under `filesDir/detect/runs/<id>/`, and the summary
 * and communities stored in the database. Bad input fails the job with a sentence saying what
 * and where; the run shows it.
 */
import type { FileType, InputFormat, Method, Progress } from '@vigil/coordination';
import { describeDetectionError, detectCoordination, overallFraction } from '@vigil/coordination';
import { completeDetectRun, findDetectDataset, findDetectRun } from '@vigil/db';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Services } from '../context';
import type { JobHandler } from '../job-worker';
import { outputFiles, runDirectory, summariseCommunities } from './run-files';

const PayloadSchema = z.object({ runId: z.uuid() });

/** Parameters of a run as stored (the API's NewDetectRun without the dataset). */
export const RunParametersSchema = z.object({
  methods: z.array(z.string()).optional(),
  window: z.union([z.literal('auto'), z.number()]).optional(),
  alpha: z.number().optional(),
  seed: z.number().optional(),
  maxPairsPerShare: z.number().optional(),
  timeResolution: z.number().optional(),
});

/** Least time between two progress writes: a run reports many small steps. */
const PROGRESS_INTERVAL_MS = 250;

/** Runs detection for `runId`, writing outputs and the summary; returns the job's result. */
export async function runDetection(
  services: Pick<Services, 'db' | 'clock' | 'config'>,
  input: { readonly runId: string; readonly jobId: string | null; readonly progress: (fraction: number, message?: string) => Promise<void> },
): Promise<{ runId: string; communities: number; coordinatedAccounts: number }> {
  const run = await findDetectRun(services.db, input.runId);
  if (!run) throw new Error(`no detection run ${input.runId}`);
  const dataset = await findDetectDataset(services.db, run.datasetId);
  if (!dataset) throw new Error(`the dataset of run ${input.runId} is gone`);
  const parameters = RunParametersSchema.parse(run.parameters);
  const outDir = runDirectory(services.config.filesDir, run.id);
  // A run retried after a crash starts from a clean directory.
  await rm(outDir, { recursive: true, force: true });

  let lastWrite = 0;
  let lastPhase = '';
  let writes: Promise<void> = Promise.resolve();
  const onProgress = (progress: Progress): void => {
    const now = Date.now();
    if (progress.phase === lastPhase && now - lastWrite < PROGRESS_INTERVAL_MS && progress.fraction < 1) return;
    lastPhase = progress.phase;
    lastWrite = now;
    const fraction = Math.min(0.99, overallFraction(progress));
    writes = writes.then(() => input.progress(fraction, `${progress.phase}: ${progress.message}`)).catch(() => undefined);
  };
  await input.progress(0, 'starting');
  const result = await detectCoordination({
    input: join(services.config.filesDir, dataset.storagePath),
    format: dataset.format as InputFormat,
    outDir,
    mapping: dataset.mapping,
    fileType: dataset.fileType as FileType,
    evidenceFormat: 'parquet',
    ...(parameters.methods === undefined ? {} : { methods: parameters.methods as Method[] }),
    ...(parameters.window === undefined ? {} : { window: parameters.window }),
    ...(parameters.alpha === undefined ? {} : { alpha: parameters.alpha }),
    ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
    ...(parameters.maxPairsPerShare === undefined ? {} : { maxPairsPerShare: parameters.maxPairsPerShare }),
    ...(parameters.timeResolution === undefined ? {} : { timeResolution: parameters.timeResolution }),
    clock: () => services.clock.now(),
    onProgress,
  });
  await writes;
  if (!result.ok) {
    const error = result.error;
    // The dataset's server path means nothing to a user: name the dataset instead.
    const message = describeDetectionError(error).replaceAll(join(services.config.filesDir, dataset.storagePath), dataset.name);
    throw new Error(message);
  }
  await input.progress(0.995, 'storing the summary');
  const { outputs: _outputs, input: _input, ...summary } = result.value;
  void _outputs;
  void _input;
  const communities = await summariseCommunities(outDir);
  await completeDetectRun(
    services.db,
    { actor: { kind: 'system', id: input.jobId ?? 'detect', label: 'detection job' }, now: services.clock.now() },
    { id: run.id, summary: { ...summary, dataset: dataset.name, files: outputFiles(outDir) }, communities },
  );
  return { runId: run.id, communities: communities.length, coordinatedAccounts: summary.accounts.coordinated };
}

/** The `detect.run` job handler. */
export function detectRunJob(services: Services): JobHandler {
  return async ({ jobId, payload, progress }) => {
    const { runId } = PayloadSchema.parse(payload);
    return runDetection(services, { runId, jobId, progress });
  };
}
