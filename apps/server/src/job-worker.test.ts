import { beatJob, cancelJob, claimNextJob, enqueueJob, findJob, requeueAbandonedJobs, verifyAuditChain } from '@vigil/db';
import type { VigilDatabase } from '@vigil/db';
import { createTestDatabase, testEngines } from '@vigil/test-utils';
import { afterEach, expect, test } from 'vitest';
import { JOB_STALE_MS, createJobWorker } from './job-worker';
import { createLogger } from './logger';

const open: VigilDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});
const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: new Date('2027-01-01T00:00:00Z') };
const clock = { now: () => new Date('2027-01-01T00:00:00Z') };
const logger = createLogger({ level: 'silent' });

test.each(testEngines())('%s: a job runs with progress and its result is stored and audited', async (engine) => {
  const database = await createTestDatabase(engine);
  open.push(database);
  const { db } = database;
  const seen: number[] = [];
  const job = await enqueueJob(db, context, { kind: 'count', payload: { to: 3 }, createdBy: null });
  const worker = createJobWorker({
    db,
    clock,
    logger,
    handlers: {
      count: async ({ payload, progress, jobId }) => {
        const { to } = payload as { to: number };
        for (let i = 1; i <= to; i += 1) {
          await progress(i / to, `step ${i}`);
          seen.push((await findJob(db, jobId))?.progress ?? -1);
        }
        return { counted: to };
      },
      fail: () => Promise.reject(new Error('the input file is not a CSV')),
    },
  });
  expect(await worker.runOnce()).toBe(true);
  expect(seen).toEqual([1 / 3, 2 / 3, 1]);
  expect(await findJob(db, job.id)).toMatchObject({ status: 'succeeded', progress: 1, result: { counted: 3 }, message: 'step 3' });
  const failing = await enqueueJob(db, context, { kind: 'fail', payload: {}, createdBy: null });
  expect(await worker.runOnce()).toBe(true);
  expect(await findJob(db, failing.id)).toMatchObject({ status: 'failed', error: 'the input file is not a CSV' });
  expect(await worker.runOnce()).toBe(false);
  const actions = (await db.selectFrom('auditEvents').select('action').orderBy('seq').execute()).map((e) => e.action);
  expect(actions).toEqual(['job.enqueue', 'job.succeed', 'job.enqueue', 'job.fail']);
  expect((await verifyAuditChain(db)).ok).toBe(true);
});

test.each(testEngines())('%s: concurrent claims never take the same job; abandoned jobs are re-queued', async (engine) => {
  const database = await createTestDatabase(engine);
  open.push(database);
  const { db } = database;
  for (let i = 0; i < 6; i += 1) await enqueueJob(db, context, { kind: 'k', payload: { i }, createdBy: null });
  const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => claimNextJob(db, { workerId: `w${i}`, kinds: ['k'], now: context.now })));
  const ids = claims.filter((c) => c !== undefined).map((c) => c.id);
  expect(ids).toHaveLength(6);
  expect(new Set(ids).size).toBe(6);
  expect(await requeueAbandonedJobs(db)).toBe(6);
  expect((await claimNextJob(db, { workerId: 'again', kinds: ['k'], now: context.now }))?.status).toBe('running');
});

test.each(testEngines())('%s: a cancelled job is never claimed, and a handler finishing after the cancel does not flip it back', async (engine) => {
  const database = await createTestDatabase(engine);
  open.push(database);
  const { db } = database;
  const queued = await enqueueJob(db, context, { kind: 'slow', payload: {}, createdBy: null });
  expect(await cancelJob(db, context, queued.id)).toEqual({ cancelled: true, previous: 'queued' });
  let release: () => void = () => undefined;
  const worker = createJobWorker({
    db,
    clock,
    logger,
    handlers: {
      slow: async ({ jobId }) => {
        // Cancelled while it works; the handler ends anyway, once successfully and once failing.
        expect(await cancelJob(db, context, jobId)).toEqual({ cancelled: true, previous: 'running' });
        await new Promise<void>((resolve) => {
          release = resolve;
          setTimeout(resolve, 10);
        });
        return { late: true };
      },
      failing: async ({ jobId }) => {
        await cancelJob(db, context, jobId);
        throw new Error('killed');
      },
    },
  });
  expect(await worker.runOnce()).toBe(false);
  const running = await enqueueJob(db, context, { kind: 'slow', payload: {}, createdBy: null });
  expect(await worker.runOnce()).toBe(true);
  release();
  expect(await findJob(db, running.id)).toMatchObject({ status: 'cancelled', result: null, error: null });
  const failing = await enqueueJob(db, context, { kind: 'failing', payload: {}, createdBy: null });
  expect(await worker.runOnce()).toBe(true);
  expect(await findJob(db, failing.id)).toMatchObject({ status: 'cancelled', error: null });
  expect(await cancelJob(db, context, failing.id)).toEqual({ cancelled: false, status: 'cancelled' });
  expect(await cancelJob(db, context, '00000000-0000-4000-8000-000000000000')).toEqual({ cancelled: false, status: 'missing' });
  const actions = (await db.selectFrom('auditEvents').select('action').orderBy('seq').execute()).map((e) => e.action);
  expect(actions).toEqual(['job.enqueue', 'job.cancel', 'job.enqueue', 'job.cancel', 'job.enqueue', 'job.cancel']);
  expect((await verifyAuditChain(db)).ok).toBe(true);
});

test.each(testEngines())('%s: a starting server re-queues the jobs of a dead worker, never those of a live one', async (engine) => {
  const database = await createTestDatabase(engine);
  open.push(database);
  const { db } = database;
  let now = new Date('2027-01-01T00:00:00Z');
  const moving = { now: () => now };
  const live = await enqueueJob(db, context, { kind: 'k', payload: { who: 'live' }, createdBy: null });
  const dead = await enqueueJob(db, context, { kind: 'k', payload: { who: 'dead' }, createdBy: null });
  // Two servers took a job each at 00:00; at 00:03 only the live one still beats.
  expect((await claimNextJob(db, { workerId: 'live-server', kinds: ['k'], now }))?.id).toBe(live.id);
  expect((await claimNextJob(db, { workerId: 'dead-server', kinds: ['k'], now }))?.id).toBe(dead.id);
  now = new Date(now.getTime() + 3 * 60_000);
  expect(await beatJob(db, { workerId: 'live-server', now })).toBe(1);
  // Nothing is stale yet from the point of view of 00:00 + a minute.
  expect(await requeueAbandonedJobs(db, { staleBefore: new Date(Date.parse('2027-01-01T00:01:00Z') - JOB_STALE_MS) })).toBe(0);

  const ran: string[] = [];
  const worker = createJobWorker({
    db,
    clock: moving,
    logger,
    pollMs: 10,
    heartbeatMs: 20,
    handlers: {
      k: ({ payload }) => {
        ran.push((payload as { who: string }).who);
        return Promise.resolve({ done: true });
      },
    },
  });
  worker.start();
  const deadline = Date.now() + 60_000;
  while (ran.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  await worker.stop();
  // The dead server's job ran again here; the live server's job is still its own.
  expect(ran).toEqual(['dead']);
  expect(await findJob(db, dead.id)).toMatchObject({ status: 'succeeded' });
  const stillLive = await db.selectFrom('jobs').select(['status', 'lockedBy']).where('id', '=', live.id).executeTakeFirstOrThrow();
  expect(stillLive).toEqual({ status: 'running', lockedBy: 'live-server' });
  // Once the live server stops beating too, the next sweep takes its job back.
  now = new Date(now.getTime() + JOB_STALE_MS + 1000);
  expect(await requeueAbandonedJobs(db, { staleBefore: new Date(now.getTime() - JOB_STALE_MS) })).toBe(1);
  expect((await findJob(db, live.id))?.status).toBe('queued');
});
