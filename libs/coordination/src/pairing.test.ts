import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase, queryRows, type Database } from './database';
import { buildPairs, estimateCoordinationWindow } from './pairing';

let db: Database;

beforeAll(async () => {
  db = await openDatabase();
});
afterAll(() => db.close());

async function shares(rows: readonly (readonly [string, number, number])[]): Promise<void> {
  await db.connection.run('CREATE OR REPLACE TABLE shares_co_repost (key VARCHAR, aid INTEGER, ts BIGINT, line BIGINT, variant UBIGINT)');
  const values = rows.map(([key, aid, ts], index) => `('${key}', ${aid}, ${ts}, ${index + 2}, NULL)`).join(', ');
  await db.connection.run(`INSERT INTO shares_co_repost VALUES ${values}`);
}

test('pairs are the in-window pairs of different accounts on one object, a < b', async () => {
  await shares([
    ['x', 1, 0],
    ['x', 2, 30],
    ['x', 3, 61],
    ['x', 1, 100],
    ['y', 2, 0],
    ['y', 3, 0],
    ['z', 4, 0],
  ]);
  const stats = await buildPairs({ connection: db.connection, method: 'co-repost', window: 60, resolution: 1, maxPairsPerShare: 50 });
  const pairs = await queryRows(db.connection, 'SELECT a, b, ts_a, ts_b FROM pairs_co_repost ORDER BY a, b, ts_a, ts_b');
  // x: (1@0, 2@30), (2@30, 3@61), (3@61, 1@100) — not (1@0, 3@61): 61 s apart; y: (2, 3).
  expect(pairs).toEqual([
    { a: 1, b: 2, ts_a: 0, ts_b: 30 },
    { a: 1, b: 3, ts_a: 100, ts_b: 61 },
    { a: 2, b: 3, ts_a: 0, ts_b: 0 },
    { a: 2, b: 3, ts_a: 30, ts_b: 61 },
  ]);
  expect(stats.pairsInWindow).toBe(4);
  expect(stats.objects).toBe(3);
  // With minute resolution the effective window is 60 + 60 − 1 s: 1@0 and 3@61 pair too.
  const minute = await buildPairs({ connection: db.connection, method: 'co-repost', window: 60, resolution: 60, maxPairsPerShare: 50 });
  expect(minute.effectiveWindow).toBe(119);
  expect(minute.accountPairs).toBe(6);
});

test('the viral guard caps the successors of each share', async () => {
  await shares(Array.from({ length: 200 }, (_, i) => ['viral', i, 0] as const));
  const stats = await buildPairs({ connection: db.connection, method: 'co-repost', window: 60, resolution: 1, maxPairsPerShare: 5 });
  // 195 shares with 5 successors, then 4 + 3 + 2 + 1.
  expect(stats.accountPairs).toBe(195 * 5 + 10);
  // Shares 1 … 194 have more than five later shares within the window.
  expect(stats.guardedShares).toBe(194);
  expect(stats.guardedObjects).toBe(1);
});

test('CooRnet-style window estimate: q-quantile of the time fast objects take to reach p of their shares', async () => {
  // Ten objects shared by four accounts at t, t + d, t + 2d, t + 3d with d = 1 … 10 s.
  const rows: [string, number, number][] = [];
  for (let d = 1; d <= 10; d += 1) for (let k = 0; k < 4; k += 1) rows.push([`o${d}`, k, 1000 * d + k * d]);
  await shares(rows);
  // Median second-share time 5.5 s; objects reaching half their shares (the 2nd of 4) by then:
  // d = 1 … 5, taking d seconds; the 10 % quantile of 1 … 5 is 1.4 s, the median 3 s.
  expect(await estimateCoordinationWindow({ connection: db.connection, method: 'co-repost' })).toBe(1);
  expect(await estimateCoordinationWindow({ connection: db.connection, method: 'co-repost', q: 0.5 })).toBe(3);
});
