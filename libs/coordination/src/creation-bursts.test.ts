import { expect, test } from 'vitest';
import { findCreationBursts } from './creation-bursts';
import { createPrng } from './prng';

const day = 86_400;

test('a batch of accounts created on one day is a burst; a steady trickle is not', () => {
  const random = createPrng(3);
  const created = Array.from({ length: 3000 }, (_, account) => ({ account, time: Math.floor(random.next() * 3000 * day) }));
  for (let i = 0; i < 25; i += 1) created.push({ account: 10_000 + i, time: 1500 * day + i * 60 });
  const bursts = findCreationBursts({ created, binSeconds: day, minAccounts: 5, alpha: 0.01 });
  expect(bursts).toHaveLength(1);
  const burst = bursts[0];
  expect(burst?.start).toBe(1500 * day);
  for (let i = 0; i < 25; i += 1) expect(burst?.accounts).toContain(10_000 + i);
});

test('no bursts in uniform data, and none from nothing', () => {
  const created = Array.from({ length: 1000 }, (_, account) => ({ account, time: account * day }));
  expect(findCreationBursts({ created, binSeconds: day, minAccounts: 2, alpha: 0.01 })).toEqual([]);
  expect(findCreationBursts({ created: [], binSeconds: day, minAccounts: 2, alpha: 0.01 })).toEqual([]);
});
