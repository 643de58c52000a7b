import { createTestDatabase, testClock, testEngines } from '@vigil/test-utils';
import { expect, test } from 'vitest';
import { ESCALATION_SWEEP_JOB, queueSweepOnce, runEscalationSweep } from './escalation-sweep';

test.each(testEngines())('%s: each minute’s sweep is queued once however many servers try; the sweep runs on an empty database', async (engine) => {
  const database = await createTestDatabase(engine);
  try {
    const clock = testClock();
    const servers = await Promise.all([queueSweepOnce({ db: database.db, clock }), queueSweepOnce({ db: database.db, clock }), queueSweepOnce({ db: database.db, clock })]);
    expect(servers.filter(Boolean)).toHaveLength(1);
    clock.advance(30_000);
    expect(await queueSweepOnce({ db: database.db, clock })).toBe(false);
    clock.advance(31_000);
    expect(await queueSweepOnce({ db: database.db, clock })).toBe(true);
    const jobs = await database.db.selectFrom('jobs').select('payload').where('kind', '=', ESCALATION_SWEEP_JOB).orderBy('createdAt').execute();
    expect(jobs.map((job) => job.payload)).toEqual([{ slot: '2027-03-01T09:00' }, { slot: '2027-03-01T09:01' }]);
    expect(await runEscalationSweep({ db: database.db, clock, email: false })).toEqual({ examined: 0, breached: 0, escalated: 0, atTop: 0, platformRequestsUnanswered: 0, deliveriesRequeued: 0 });
  } finally {
    await database.close();
  }
});
