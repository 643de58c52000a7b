import type { VigilDatabase } from '@vigil/db';
import { createTestDatabase, testEngines } from '@vigil/test-utils';
import { sql } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import { GENESIS_HASH, appendAuditEvent, chainHash, verifyAuditChain } from './audit-log';
import { inTransaction, recordChange } from './mutation';
import { createOrganisation } from './organisations';

const actor = { kind: 'system', id: 'test', label: 'test' } as const;
const open: VigilDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((database) => database.close()));
});

async function fresh(engine: 'pglite' | 'postgres'): Promise<VigilDatabase> {
  const database = await createTestDatabase(engine);
  open.push(database);
  return database;
}

test.each(testEngines())('%s: each change appends one linked event in its own transaction', async (engine) => {
  const { db } = await fresh(engine);
  const context = { actor, now: new Date('2027-01-01T00:00:00Z') };
  await createOrganisation(db, context, { name: 'Electoral Commission', type: 'election-authority' });
  await createOrganisation(db, context, { name: 'CERT', type: 'government-agency' });
  const events = await db.selectFrom('auditEvents').selectAll().orderBy('seq').execute();
  expect(events.map((e) => [Number(e.seq), e.action])).toEqual([
    [1, 'organisation.create'],
    [2, 'organisation.create'],
  ]);
  expect(events[0]?.prevHash).toBe(GENESIS_HASH);
  expect(events[1]?.prevHash).toBe(events[0]?.hash);
  expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 2, firstBroken: null });
});

test.each(testEngines())('%s: a failed change leaves no event behind', async (engine) => {
  const { db } = await fresh(engine);
  const context = { actor, now: new Date('2027-01-01T00:00:00Z') };
  await createOrganisation(db, context, { name: 'Same', type: 'vendor' });
  await expect(createOrganisation(db, context, { name: 'same', type: 'vendor' })).rejects.toThrow('exists already');
  const count = await db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  expect(Number(count.n)).toBe(1);
});

test.each(testEngines())('%s: tampering with any event is found at that event', async (engine) => {
  const { db } = await fresh(engine);
  const context = { actor, now: new Date('2027-01-01T00:00:00Z') };
  for (let index = 0; index < 5; index += 1) {
    await db.transaction().execute((trx) =>
      appendAuditEvent(trx, { ...context, at: context.now, action: 'test.event', targetType: 'test', targetId: String(index), change: { index } }),
    );
  }
  // Rewrite what event 3 says happened, as an attacker with database access would.
  await sql`update audit_events set target_id = 'forged' where seq = 3`.execute(db);
  expect(await verifyAuditChain(db)).toEqual({ ok: false, checked: 2, firstBroken: { seq: 3, reason: 'hash does not match the event’s contents' } });

  // Re-hashing the forged event to hide it breaks the next link instead.
  const forged = await db.selectFrom('auditEvents').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
  const rehash = chainHash(forged.prevHash, { ...forged, seq: 3, at: forged.at.toISOString() });
  await sql`update audit_events set hash = ${rehash} where seq = 3`.execute(db);
  expect((await verifyAuditChain(db)).firstBroken).toEqual({ seq: 4, reason: 'previous-hash does not match the hash of the event before it' });

  // Deleting an event leaves a gap.
  await sql`delete from audit_events where seq = 2`.execute(db);
  expect((await verifyAuditChain(db)).firstBroken?.seq).toBe(2);
});

test.each(testEngines())('%s: concurrent appends keep one unbroken chain', async (engine) => {
  const { db } = await fresh(engine);
  const context = { actor, now: new Date('2027-01-01T00:00:00Z') };
  await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      createOrganisation(db, context, { name: `Organisation ${index}`, type: 'civil-society' }),
    ),
  );
  expect(await verifyAuditChain(db, { pageSize: 7 })).toEqual({ ok: true, checked: 20, firstBroken: null });
});

test.each(testEngines())('%s: changes recorded in one transaction are appended in order when it commits, and not at all when it rolls back', async (engine) => {
  const { db } = await fresh(engine);
  const context = { actor, now: new Date('2027-01-01T00:00:00Z') };
  const record = (trx: Parameters<typeof recordChange>[0], id: string) =>
    recordChange(trx, context, { action: 'test.step', targetType: 'test', targetId: id, change: { id } });
  await expect(
    inTransaction(db, async (trx) => {
      await record(trx, 'a');
      await record(trx, 'b');
      throw new Error('the work failed after recording');
    }),
  ).rejects.toThrow('the work failed after recording');
  expect(await db.selectFrom('auditEvents').select('seq').execute()).toEqual([]);

  await inTransaction(db, async (trx) => {
    await record(trx, 'first');
    // A nested call joins the same transaction and the same queue.
    await inTransaction(trx, (inner) => record(inner, 'second'));
    await record(trx, 'third');
  });
  const events = await db.selectFrom('auditEvents').select(['seq', 'targetId']).orderBy('seq').execute();
  expect(events.map((e) => [Number(e.seq), e.targetId])).toEqual([
    [1, 'first'],
    [2, 'second'],
    [3, 'third'],
  ]);
  expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 3, firstBroken: null });
});

// PostgreSQL only: PGlite has one connection, so its transactions never overlap.
test.skipIf(!testEngines().includes('postgres'))('postgres: a transaction holds the audit lock only while it appends, not while it works', async () => {
  const { db } = await fresh('postgres');
  const context = { actor, now: new Date('2027-01-01T00:00:00Z') };
  const record = (trx: Parameters<typeof recordChange>[0], id: string) =>
    recordChange(trx, context, { action: 'test.step', targetType: 'test', targetId: id, change: { id } });
  await inTransaction(db, async (slow) => {
    await record(slow, 'slow');
    // While the slow transaction is still working, another one records a change and commits.
    // Had the first held the lock from its first change, this would wait for it for ever.
    await inTransaction(db, (quick) => record(quick, 'quick'));
  });
  const events = await db.selectFrom('auditEvents').select(['seq', 'targetId']).orderBy('seq').execute();
  expect(events.map((e) => [Number(e.seq), e.targetId])).toEqual([
    [1, 'quick'],
    [2, 'slow'],
  ]);
  expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 2, firstBroken: null });
});
