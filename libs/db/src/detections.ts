/**
 * Detection datasets, runs and the communities a run found. A run is carried out by a job
 * (kind `detect.run`); its status and progress are the job's. Every change is audited.
 */
import type { Executor } from './database';
import type { CancelJobOutcome } from './jobs';
import { cancelJob, enqueueJob } from './jobs';
import type { MutationContext } from './mutation';
import { inTransaction, iso, recordChange } from './mutation';
import type { JobStatus } from './schema';

/** The job kind of a detection run. */
export const DETECT_RUN_JOB = 'detect.run';

/** An uploaded dataset. */
export interface DetectDatasetRecord {
  readonly id: string;
  readonly organisationId: string;
  readonly name: string;
  readonly format: string;
  readonly fileType: string;
  readonly compressed: boolean;
  /** The header's columns as the upload found them. */
  readonly columns: readonly string[];
  readonly mapping: Readonly<Record<string, string>>;
  readonly sizeBytes: number;
  readonly sha256: string;
  /** Relative to the files directory. */
  readonly storagePath: string;
  readonly uploadedBy: string | null;
  readonly createdAt: string;
}

/** A detection run with the state of its job. */
export interface DetectRunRecord {
  readonly id: string;
  readonly organisationId: string;
  readonly datasetId: string;
  readonly datasetName: string;
  readonly jobId: string | null;
  readonly status: JobStatus;
  readonly progress: number;
  readonly message: string | null;
  readonly error: string | null;
  readonly parameters: unknown;
  readonly summary: unknown;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

/** A community of a finished run. */
export interface DetectCommunityRecord {
  readonly community: number;
  readonly size: number;
  readonly edges: number;
  readonly behaviours: readonly string[];
  /** The first accounts (by id), for lists. */
  readonly accountsPreview: readonly string[];
}

/** Which organisations' records a reader may see: `'all'` for platform administrators. */
export type OrganisationScope = 'all' | readonly string[];

function toDataset(row: {
  id: string;
  organisationId: string;
  name: string;
  format: string;
  fileType: string;
  compressed: boolean;
  columns: string[];
  mapping: Record<string, string>;
  sizeBytes: string | number;
  sha256: string;
  storagePath: string;
  uploadedBy: string | null;
  createdAt: Date;
}): DetectDatasetRecord {
  return { ...row, sizeBytes: Number(row.sizeBytes), createdAt: iso(row.createdAt) };
}

function offsetOf(cursor: string | undefined): number {
  const offset = cursor ? Number.parseInt(cursor, 10) : 0;
  return Number.isFinite(offset) && offset > 0 ? offset : 0;
}

/** Records an uploaded dataset (the file is in place already). */
export async function createDetectDataset(
  db: Executor,
  context: MutationContext,
  input: Omit<DetectDatasetRecord, 'createdAt'>,
): Promise<DetectDatasetRecord> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('detectDatasets')
      .values({ ...input, mapping: JSON.stringify(input.mapping), columns: JSON.stringify(input.columns), createdAt: context.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, {
      action: 'detect.dataset.upload',
      targetType: 'detect-dataset',
      targetId: row.id,
      change: { organisationId: input.organisationId, name: input.name, format: input.format, fileType: input.fileType, mapping: input.mapping, sizeBytes: input.sizeBytes, sha256: input.sha256 },
    });
    return toDataset(row);
  });
}

/** One dataset, or undefined. */
export async function findDetectDataset(db: Executor, id: string): Promise<DetectDatasetRecord | undefined> {
  const row = await db.selectFrom('detectDatasets').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDataset(row) : undefined;
}

/** Datasets of the organisations in `scope`, newest first; the cursor is an offset. */
export async function listDetectDatasets(
  db: Executor,
  input: { readonly scope: OrganisationScope; readonly cursor?: string | undefined; readonly limit: number },
): Promise<{ items: DetectDatasetRecord[]; nextCursor: string | null }> {
  if (input.scope !== 'all' && input.scope.length === 0) return { items: [], nextCursor: null };
  const offset = offsetOf(input.cursor);
  let query = db.selectFrom('detectDatasets').selectAll();
  if (input.scope !== 'all') query = query.where('organisationId', 'in', input.scope);
  const rows = await query.orderBy('createdAt', 'desc').orderBy('id').offset(offset).limit(input.limit + 1).execute();
  return { items: rows.slice(0, input.limit).map(toDataset), nextCursor: rows.length > input.limit ? String(offset + input.limit) : null };
}

const runColumns = [
  'detectRuns.id',
  'detectRuns.organisationId',
  'detectRuns.datasetId',
  'detectDatasets.name as datasetName',
  'detectRuns.jobId',
  'jobs.status',
  'jobs.progress',
  'jobs.message',
  'jobs.error',
  'detectRuns.parameters',
  'detectRuns.summary',
  'detectRuns.createdBy',
  'detectRuns.createdAt',
  'detectRuns.finishedAt',
] as const;

function runQuery(db: Executor) {
  return db
    .selectFrom('detectRuns')
    .innerJoin('detectDatasets', 'detectDatasets.id', 'detectRuns.datasetId')
    .leftJoin('jobs', 'jobs.id', 'detectRuns.jobId')
    .select(runColumns);
}

function toRun(row: {
  id: string;
  organisationId: string;
  datasetId: string;
  datasetName: string;
  jobId: string | null;
  status: JobStatus | null;
  progress: number | null;
  message: string | null;
  error: string | null;
  parameters: object;
  summary: object | null;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}): DetectRunRecord {
  return {
    ...row,
    status: row.status ?? (row.summary === null ? 'queued' : 'succeeded'),
    progress: row.progress ?? (row.summary === null ? 0 : 1),
    createdAt: iso(row.createdAt),
    finishedAt: iso(row.finishedAt),
  };
}

/** Creates a run of `datasetId` and queues its job, in one transaction. */
export async function createDetectRun(
  db: Executor,
  context: MutationContext,
  input: { readonly organisationId: string; readonly datasetId: string; readonly parameters: object; readonly createdBy: string | null },
): Promise<DetectRunRecord> {
  const id = await inTransaction(db, async (trx) => {
    const run = await trx
      .insertInto('detectRuns')
      .values({
        organisationId: input.organisationId,
        datasetId: input.datasetId,
        jobId: null,
        parameters: JSON.stringify(input.parameters),
        summary: null,
        createdBy: input.createdBy,
        createdAt: context.now,
        finishedAt: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, context, {
      action: 'detect.run.create',
      targetType: 'detect-run',
      targetId: run.id,
      change: { organisationId: input.organisationId, datasetId: input.datasetId, parameters: input.parameters },
    });
    const job = await enqueueJob(trx, context, { kind: DETECT_RUN_JOB, payload: { runId: run.id }, createdBy: input.createdBy });
    await trx.updateTable('detectRuns').set({ jobId: job.id }).where('id', '=', run.id).execute();
    return run.id;
  });
  const run = await findDetectRun(db, id);
  if (!run) throw new Error(`run ${id} vanished`);
  return run;
}

/** One run with its job's state, or undefined. */
export async function findDetectRun(db: Executor, id: string): Promise<DetectRunRecord | undefined> {
  const row = await runQuery(db).where('detectRuns.id', '=', id).executeTakeFirst();
  return row ? toRun(row) : undefined;
}

/** Runs of the organisations in `scope`, newest first; the cursor is an offset. */
export async function listDetectRuns(
  db: Executor,
  input: { readonly scope: OrganisationScope; readonly datasetId?: string | undefined; readonly cursor?: string | undefined; readonly limit: number },
): Promise<{ items: DetectRunRecord[]; nextCursor: string | null }> {
  if (input.scope !== 'all' && input.scope.length === 0) return { items: [], nextCursor: null };
  const offset = offsetOf(input.cursor);
  let query = runQuery(db);
  if (input.scope !== 'all') query = query.where('detectRuns.organisationId', 'in', input.scope);
  if (input.datasetId !== undefined) query = query.where('detectRuns.datasetId', '=', input.datasetId);
  const rows = await query.orderBy('detectRuns.createdAt', 'desc').orderBy('detectRuns.id').offset(offset).limit(input.limit + 1).execute();
  return { items: rows.slice(0, input.limit).map(toRun), nextCursor: rows.length > input.limit ? String(offset + input.limit) : null };
}

/**
 * Stores a finished run's summary and communities (replacing any earlier ones), audited. The
 * run's job row is locked first: a run cancelled meanwhile stores nothing (returns false).
 */
export async function completeDetectRun(
  db: Executor,
  context: MutationContext,
  input: { readonly id: string; readonly summary: object; readonly communities: readonly DetectCommunityRecord[] },
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const run = await trx.selectFrom('detectRuns').select('jobId').where('id', '=', input.id).executeTakeFirst();
    if (!run) return false;
    if (run.jobId !== null) {
      const job = await trx.selectFrom('jobs').select('status').where('id', '=', run.jobId).forUpdate().executeTakeFirst();
      if (job?.status === 'cancelled') return false;
    }
    await trx.updateTable('detectRuns').set({ summary: JSON.stringify(input.summary), finishedAt: context.now }).where('id', '=', input.id).execute();
    await trx.deleteFrom('detectCommunities').where('runId', '=', input.id).execute();
    // Batches keep each statement's parameter count well under PostgreSQL's limit.
    for (let start = 0; start < input.communities.length; start += 1000) {
      await trx
        .insertInto('detectCommunities')
        .values(
          input.communities.slice(start, start + 1000).map((community) => ({
            runId: input.id,
            community: community.community,
            size: community.size,
            edges: community.edges,
            behaviours: JSON.stringify(community.behaviours),
            accountsPreview: JSON.stringify(community.accountsPreview),
          })),
        )
        .execute();
    }
    await recordChange(trx, context, {
      action: 'detect.run.complete',
      targetType: 'detect-run',
      targetId: input.id,
      change: { communities: input.communities.length, summary: input.summary },
    });
    return true;
  });
}

/**
 * Cancels a queued or running run: its job becomes `cancelled` (the worker never picks it up,
 * a late finish is not stored), audited as `detect.run.cancel`. A finished run is left as it is.
 */
export async function cancelDetectRun(db: Executor, context: MutationContext, runId: string): Promise<CancelJobOutcome> {
  return inTransaction(db, async (trx) => {
    const run = await trx.selectFrom('detectRuns').select(['jobId', 'summary']).where('id', '=', runId).executeTakeFirst();
    if (!run) return { cancelled: false, status: 'missing' as const };
    if (run.jobId === null) return { cancelled: false, status: run.summary === null ? ('failed' as const) : ('succeeded' as const) };
    const outcome = await cancelJob(trx, context, run.jobId);
    if (outcome.cancelled) {
      await recordChange(trx, context, { action: 'detect.run.cancel', targetType: 'detect-run', targetId: runId, change: { jobId: run.jobId, previous: outcome.previous } });
    }
    return outcome;
  });
}

/** Communities of a run, largest first; the cursor is an offset. */
export async function listDetectCommunities(
  db: Executor,
  input: { readonly runId: string; readonly cursor?: string | undefined; readonly limit: number },
): Promise<{ items: DetectCommunityRecord[]; nextCursor: string | null }> {
  const offset = offsetOf(input.cursor);
  const rows = await db
    .selectFrom('detectCommunities')
    .select(['community', 'size', 'edges', 'behaviours', 'accountsPreview'])
    .where('runId', '=', input.runId)
    .orderBy('size', 'desc')
    .orderBy('community')
    .offset(offset)
    .limit(input.limit + 1)
    .execute();
  return { items: rows.slice(0, input.limit), nextCursor: rows.length > input.limit ? String(offset + input.limit) : null };
}

/** One community of a run, or undefined. */
export async function findDetectCommunity(db: Executor, runId: string, community: number): Promise<DetectCommunityRecord | undefined> {
  return db
    .selectFrom('detectCommunities')
    .select(['community', 'size', 'edges', 'behaviours', 'accountsPreview'])
    .where('runId', '=', runId)
    .where('community', '=', community)
    .executeTakeFirst();
}
