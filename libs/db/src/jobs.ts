/**
 * Background jobs for long work (imports, detection, large sample draws). Any server
 * instance claims the oldest queued job with FOR UPDATE SKIP LOCKED, so several instances
 * share one queue without taking the same job twice; progress is written as the job runs.
 */
import type { JobId } from '@vigil/domain';
import type { Executor } from './database';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import type { JobStatus } from './schema';

/** A job as clients see it. */
export interface JobRecord {
  readonly id: JobId;
  readonly kind: string;
  readonly status: JobStatus;
  readonly payload: unknown;
  readonly progress: number;
  readonly message: string | null;
  readonly result: unknown;
  readonly error: string | null;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

const columns = ['id', 'kind', 'status', 'payload', 'progress', 'message', 'result', 'error', 'createdBy', 'createdAt', 'finishedAt'] as const;

function toJob(row: { id: string; kind: string; status: JobStatus; payload: unknown; progress: number; message: string | null; result: unknown; error: string | null; createdBy: string | null; createdAt: Date; finishedAt: Date | null }): JobRecord {
  return { ...row, id: row.id as JobId, createdAt: iso(row.createdAt), finishedAt: iso(row.finishedAt) };
}

/** Queues a job. */
export async function enqueueJob(
  db: Executor,
  context: MutationContext,
  input: { readonly kind: string; readonly payload: unknown; readonly createdBy: string | null },
): Promise<JobRecord> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('jobs')
      .values({ kind: input.kind, status: 'queued', payload: JSON.stringify(input.payload), message: null, result: null, error: null, createdBy: input.createdBy, lockedBy: null, startedAt: null, finishedAt: null, createdAt: context.now })
      .returning(columns)
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, { action: 'job.enqueue', targetType: 'job', targetId: row.id, change: { kind: input.kind, payload: input.payload } });
    return toJob(row);
  });
}

/** Claims the oldest queued job of the given kinds for `workerId`, or undefined when none waits. */
export async function claimNextJob(
  db: Executor,
  input: { readonly workerId: string; readonly kinds: readonly string[]; readonly now: Date },
): Promise<JobRecord | undefined> {
  if (input.kinds.length === 0) return undefined;
  return inTransaction(db, async (trx) => {
    const next = await trx
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'queued')
      .where('kind', 'in', input.kinds)
      .orderBy('createdAt')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!next) return undefined;
    const row = await trx
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', lockedBy: input.workerId, startedAt: input.now, heartbeatAt: input.now, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', next.id)
      .returning(columns)
      .executeTakeFirstOrThrow();
    return toJob(row);
  });
}

/** Records progress (0..1) and a short message while a job runs. */
export async function reportJobProgress(db: Executor, id: string, input: { readonly progress: number; readonly message: string | null }): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ progress: Math.min(1, Math.max(0, input.progress)), message: input.message })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/**
 * Ends a job with its result or its error; both are audited. A job already ended (cancelled
 * meanwhile) is left as it is: returns false and records nothing.
 */
export async function finishJob(
  db: Executor,
  context: MutationContext,
  input: { readonly id: string } & ({ readonly result: unknown } | { readonly error: string }),
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const failed = 'error' in input;
    const updated = await trx
      .updateTable('jobs')
      .set({
        status: failed ? 'failed' : 'succeeded',
        progress: failed ? undefined : 1,
        result: failed ? null : JSON.stringify(input.result ?? null),
        error: failed ? input.error : null,
        finishedAt: context.now,
        lockedBy: null,
      })
      .where('id', '=', input.id)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await recordChange(trx, context, { action: failed ? 'job.fail' : 'job.succeed', targetType: 'job', targetId: input.id, change: failed ? { error: input.error } : { result: input.result ?? null } });
    return true;
  });
}

/** What cancelling a job found. */
export type CancelJobOutcome =
  | { readonly cancelled: true; readonly previous: 'queued' | 'running' }
  | { readonly cancelled: false; readonly status: JobStatus | 'missing' };

/**
 * Cancels a queued or running job (row-locked, so a worker claiming or finishing it at the
 * same moment is decided one way): the worker never claims it afterwards and its late result
 * is not stored. Audited as `job.cancel`. A finished job is left as it is.
 */
export async function cancelJob(db: Executor, context: MutationContext, id: string): Promise<CancelJobOutcome> {
  return inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('jobs').select(['status']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) return { cancelled: false, status: 'missing' as const };
    if (row.status !== 'queued' && row.status !== 'running') return { cancelled: false, status: row.status };
    await trx.updateTable('jobs').set({ status: 'cancelled', finishedAt: context.now, lockedBy: null, error: null }).where('id', '=', id).execute();
    await recordChange(trx, context, { action: 'job.cancel', targetType: 'job', targetId: id, change: { previous: row.status } });
    return { cancelled: true, previous: row.status };
  });
}

/** The status of a job, or undefined when there is none (cheap: for polling while it runs). */
export async function jobStatus(db: Executor, id: string): Promise<JobStatus | undefined> {
  const row = await db.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirst();
  return row?.status;
}

/** One job, or undefined. */
export async function findJob(db: Executor, id: string): Promise<JobRecord | undefined> {
  const row = await db.selectFrom('jobs').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toJob(row) : undefined;
}

/**
 * Puts back jobs left running by a worker that died (a crash or a kill mid-job), so nothing
 * acknowledged is lost. A worker that is alive writes its running job's heartbeat every few
 * seconds ({@link beatJob}); with `staleBefore`, only jobs whose heartbeat is older (or
 * missing) are taken back, so a server starting beside others never re-queues — and runs a
 * second time — a job a live server is carrying out. `except` spares one worker's jobs.
 */
export async function requeueAbandonedJobs(
  db: Executor,
  options: { readonly except?: string; readonly staleBefore?: Date } = {},
): Promise<number> {
  let update = db.updateTable('jobs').set({ status: 'queued', lockedBy: null, startedAt: null, heartbeatAt: null, progress: 0 }).where('status', '=', 'running');
  if (options.except) update = update.where('lockedBy', '!=', options.except);
  const { staleBefore } = options;
  if (staleBefore) update = update.where((eb) => eb.or([eb('heartbeatAt', 'is', null), eb('heartbeatAt', '<', staleBefore)]));
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Says that `workerId` is alive and still running its jobs; returns how many it holds. */
export async function beatJob(db: Executor, input: { readonly workerId: string; readonly now: Date }): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ heartbeatAt: input.now })
    .where('status', '=', 'running')
    .where('lockedBy', '=', input.workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
