/**
 * The job that carries out a detection run: the same pipeline as `vigil detect coordination`
 * over the run's dataset, in a child process (so its JavaScript steps never block the
 * server's requests) with its own heap ceiling, progress written to the job as it goes (one
 * overall fraction and the phase's message), the outputs under `filesDir/detect/runs/<id>/`
 * (with sorted Parquet copies for browsing), and the summary and communities stored in the
 * database. Bad input fails the job with a sentence saying what and where; the run shows it.
 *
 * Cancelling (see `cancelDetectRun`) marks the job `cancelled`; the supervisor here notices
 * at once when the cancel came through this server (`stopLocalRun`) or within a second by
 * polling the job when it came through another, kills the child and removes the outputs.
 */
import { messageOf } from '@vigil/basics';
import { completeDetectRun, findDetectDataset, findDetectRun, jobStatus } from '@vigil/db';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Services } from '../context';
import type { JobHandler } from '../job-worker';
import { outputFiles, runDirectory } from './run-files';
import { DEFAULT_DETECT_MAX_OLD_SPACE_MB, RunCancelledError, runInChild } from './run-in-child';

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

/** How often a running run checks whether it was cancelled through another server. */
const CANCEL_POLL_MS = 1000;

/** Runs of this process in progress: cancelling one aborts it and waits until it is cleaned up. */
const localRuns = new Map<string, { readonly controller: AbortController; readonly finished: Promise<unknown> }>();

/**
 * Stops the run `runId` if this process carries it out: kills its child and waits until its
 * partial outputs are removed. False when this process does not run it.
 */
export async function stopLocalRun(runId: string): Promise<boolean> {
  const local = localRuns.get(runId);
  if (!local) return false;
  local.controller.abort();
  await local.finished.catch(() => undefined);
  return true;
}

/** Runs detection for `runId`, writing outputs and the summary; returns the job's result. */
export async function runDetection(
  services: Pick<Services, 'db' | 'clock' | 'config'>,
  input: {
    readonly runId: string;
    readonly jobId: string | null;
    readonly progress: (fraction: number, message?: string) => Promise<void>;
    readonly onSpawn?: (pid: number) => void;
  },
): Promise<{ runId: string; communities: number; coordinatedAccounts: number }> {
  if (localRuns.has(input.runId)) throw new Error(`run ${input.runId} is already running here`);
  const controller = new AbortController();
  const work = carryOut(services, input, controller.signal);
  localRuns.set(input.runId, { controller, finished: work });
  try {
    return await work;
  } finally {
    localRuns.delete(input.runId);
  }
}

async function carryOut(
  services: Pick<Services, 'db' | 'clock' | 'config'>,
  input: Parameters<typeof runDetection>[1],
  signal: AbortSignal,
): Promise<{ runId: string; communities: number; coordinatedAccounts: number }> {
  const run = await findDetectRun(services.db, input.runId);
  if (!run) throw new Error(`no detection run ${input.runId}`);
  const dataset = await findDetectDataset(services.db, run.datasetId);
  if (!dataset) throw new Error(`the dataset of run ${input.runId} is gone`);
  const parameters = RunParametersSchema.parse(run.parameters);
  const outDir = runDirectory(services.config.filesDir, run.id);
  // A run retried after a crash starts from a clean directory.
  await rm(outDir, { recursive: true, force: true });

  // A cancel through another server shows only in the job's status.
  const poll =
    input.jobId === null
      ? null
      : setInterval(() => {
          void jobStatus(services.db, input.jobId ?? '')
            .then((status) => {
              if (status === 'cancelled') localRuns.get(input.runId)?.controller.abort();
            })
            .catch(() => undefined);
        }, CANCEL_POLL_MS);

  let writes: Promise<void> = Promise.resolve();
  const datasetPath = join(services.config.filesDir, dataset.storagePath);
  // The child's temporary files (DuckDB spills) live here, removed even when it is killed.
  const scratchDir = join(services.config.filesDir, 'detect', 'scratch', run.id);
  try {
    await mkdir(scratchDir, { recursive: true });
    await input.progress(0, 'starting');
    const result = await runInChild({
      start: {
        type: 'start',
        input: datasetPath,
        format: dataset.format,
        fileType: dataset.fileType,
        outDir,
        mapping: { ...dataset.mapping },
        ...(parameters.methods === undefined ? {} : { methods: parameters.methods }),
        ...(parameters.window === undefined ? {} : { window: parameters.window }),
        ...(parameters.alpha === undefined ? {} : { alpha: parameters.alpha }),
        ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
        ...(parameters.maxPairsPerShare === undefined ? {} : { maxPairsPerShare: parameters.maxPairsPerShare }),
        ...(parameters.timeResolution === undefined ? {} : { timeResolution: parameters.timeResolution }),
        now: services.clock.now().toISOString(),
      },
      maxOldSpaceMb: services.config.detectMaxOldSpaceMb ?? DEFAULT_DETECT_MAX_OLD_SPACE_MB,
      signal,
      scratchDir,
      onProgress: (fraction, message) => {
        writes = writes.then(() => input.progress(fraction, message)).catch(() => undefined);
      },
      ...(input.onSpawn === undefined ? {} : { onSpawn: input.onSpawn }),
    }).catch((error: unknown) => {
      if (error instanceof RunCancelledError) throw error;
      // The dataset's server path means nothing to a user: name the dataset instead.
      throw new Error(messageOf(error).replaceAll(datasetPath, dataset.name));
    });
    await writes;
    if (signal.aborted) throw new RunCancelledError('after-finishing');
    await input.progress(0.995, 'storing the summary');
    const stored = await completeDetectRun(
      services.db,
      { actor: { kind: 'system', id: input.jobId ?? 'detect', label: 'detection job' }, now: services.clock.now() },
      { id: run.id, summary: { ...result.summary, dataset: dataset.name, files: outputFiles(outDir) }, communities: result.communities },
    );
    if (!stored) throw new RunCancelledError('after-finishing');
    const accounts = result.summary['accounts'] as { coordinated?: number } | undefined;
    return { runId: run.id, communities: result.communities.length, coordinatedAccounts: accounts?.coordinated ?? 0 };
  } catch (error) {
    // A cancelled run leaves nothing behind; a failed one neither (its outputs are partial).
    await rm(outDir, { recursive: true, force: true });
    throw error;
  } finally {
    if (poll !== null) clearInterval(poll);
    await rm(scratchDir, { recursive: true, force: true });
    await writes;
  }
}

/** The `detect.run` job handler. */
export function detectRunJob(services: Services): JobHandler {
  return async ({ jobId, payload, progress }) => {
    const { runId } = PayloadSchema.parse(payload);
    try {
      return await runDetection(services, { runId, jobId, progress });
    } catch (error) {
      // Says whether the cancel stopped the work (the child killed) or came too late to.
      if (error instanceof RunCancelledError) services.logger.info('detection run cancelled', { runId, jobId, when: error.when });
      throw error;
    }
  };
}
