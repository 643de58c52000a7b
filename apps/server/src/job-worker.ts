/**
 * Runs background jobs: claims queued jobs of the kinds it has handlers for (several
 * server instances share the queue through FOR UPDATE SKIP LOCKED), reports progress as the
 * handler goes, and records success or failure (both audited). Handlers of each capability
 * register here.
 */
import { messageOf } from '@vigil/basics';
import type { Executor } from '@vigil/db';
import { beatJob, claimNextJob, finishJob, reportJobProgress, requeueAbandonedJobs } from '@vigil/db';
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import type { Logger } from './logger';

/** How often a started worker writes its running job's heartbeat and looks for abandoned jobs. */
export const JOB_HEARTBEAT_MS = 15_000;
/** A running job whose heartbeat is older than this belongs to a worker that died: re-queued. */
export const JOB_STALE_MS = 120_000;

/** What a job handler gets. */
export interface JobContext {
  readonly jobId: string;
  readonly payload: unknown;
  /** Reports progress in [0, 1] with a short message a user can watch. */
  readonly progress: (fraction: number, message?: string) => Promise<void>;
}

/** A handler for one kind of job; its return value is stored as the job's result. */
export type JobHandler = (context: JobContext) => Promise<unknown>;

/** A worker over the jobs table. */
export interface JobWorker {
  readonly id: string;
  /** Claims and runs one job; false when none was waiting. */
  runOnce(): Promise<boolean>;
  /** Polls until stopped. */
  start(): void;
  stop(): Promise<void>;
}

/** Creates a worker for `handlers`; call `start()` to poll. */
export function createJobWorker(input: {
  readonly db: Executor;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly pollMs?: number;
  /** Overrides {@link JOB_HEARTBEAT_MS} (tests). */
  readonly heartbeatMs?: number;
}): JobWorker {
  const id = `worker-${randomUUID()}`;
  const kinds = Object.keys(input.handlers);
  let timer: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const runOnce = async (): Promise<boolean> => {
    const job = await claimNextJob(input.db, { workerId: id, kinds, now: input.clock.now() });
    if (!job) return false;
    const handler = input.handlers[job.kind];
    const system = { actor: { kind: 'system' as const, id, label: `job worker (${job.kind})` } };
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const result = await handler({
        jobId: job.id,
        payload: job.payload,
        progress: (fraction, message) => reportJobProgress(input.db, job.id, { progress: fraction, message: message ?? null }),
      });
      if (!(await finishJob(input.db, { ...system, now: input.clock.now() }, { id: job.id, result }))) {
        input.logger.info('job ended after it was cancelled; its result is not stored', { jobId: job.id, kind: job.kind });
      }
    } catch (error) {
      // A job cancelled meanwhile stays cancelled: finishJob leaves an ended job as it is.
      if (await finishJob(input.db, { ...system, now: input.clock.now() }, { id: job.id, error: messageOf(error) })) {
        input.logger.warn('job failed', { jobId: job.id, kind: job.kind, error: messageOf(error) });
      } else {
        input.logger.info('job stopped after it was cancelled', { jobId: job.id, kind: job.kind });
      }
    }
    return true;
  };

  const tick = () => {
    if (stopped) return;
    running = runOnce()
      .then((ran) => {
        if (!stopped) timer = setTimeout(tick, ran ? 0 : (input.pollMs ?? 1000));
      })
      .catch((error: unknown) => {
        input.logger.error('job worker error', { error: messageOf(error) });
        if (!stopped) timer = setTimeout(tick, input.pollMs ?? 1000);
      });
  };

  return {
    id,
    runOnce,
    start: () => {
      if (kinds.length === 0) return;
      // Other servers' jobs are taken back only once their heartbeat has stopped: a job a live
      // server carries out is never run twice. The same sweep, repeated, picks up the jobs of a
      // server that dies later.
      const sweep = async () => {
        const now = input.clock.now();
        await beatJob(input.db, { workerId: id, now });
        const requeued = await requeueAbandonedJobs(input.db, { except: id, staleBefore: new Date(now.getTime() - JOB_STALE_MS) });
        if (requeued > 0) input.logger.warn('re-queued jobs of a worker that stopped', { count: requeued });
      };
      const beat = () => {
        sweep().catch((error: unknown) => input.logger.error('job heartbeat error', { error: messageOf(error) }));
      };
      heartbeat = setInterval(beat, input.heartbeatMs ?? JOB_HEARTBEAT_MS);
      heartbeat.unref();
      void sweep()
        .catch((error: unknown) => input.logger.error('job heartbeat error', { error: messageOf(error) }))
        .then(tick);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (heartbeat) clearInterval(heartbeat);
      await running;
    },
  };
}
