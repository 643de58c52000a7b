import { expect, test } from 'vitest';
import { creationTimeResolution, findCreationBursts, findCreationBurstsAtScales } from './creation-bursts';
import { createPrng } from './prng';

const day = 86_400;
const hour = 3600;
const tenMinutes = 600;

/**
 * Organic accounts created uniformly over `years` (the 20 M-post benchmark's ~970,000 over ten
 * years make ~265 a day, ~11 an hour, ~2 in ten minutes) and a batch of 24 accounts registered
 * within ten minutes (the synthetic generator's default).
 */
function population(options: { organic: number; batchSpread: number; dayResolution?: boolean; years?: number }): { account: number; time: number }[] {
  const random = createPrng(11);
  const span = 365 * (options.years ?? 10) * day;
  const round = (time: number): number => (options.dayResolution === true ? Math.floor(time / day) * day : time);
  const created = Array.from({ length: options.organic }, (_, account) => ({ account, time: round(Math.floor(random.next() * span)) }));
  const batchStart = 234 * day;
  for (let i = 0; i < 24; i += 1) created.push({ account: 5_000_000 + i, time: round(batchStart + random.int(options.batchSpread)) });
  return created;
}

test('resolution of creation times: seconds, hours, days', () => {
  expect(creationTimeResolution([10 * day, 12 * day, 40 * day])).toBe(day);
  expect(creationTimeResolution([10 * day, 10 * day + 3 * hour, 11 * day + hour])).toBe(hour);
  expect(creationTimeResolution([10 * day, 10 * day + 61])).toBe(1);
  expect(creationTimeResolution([])).toBe(day);
});

test('a ten-minute batch of 24 among ~265 organic creations a day: lost in daily bins, found in ten-minute ones', () => {
  // The 20 M benchmark's density (~265 a day) over one year instead of ten, to keep the test fast.
  const created = population({ organic: 97_000, batchSpread: tenMinutes, years: 1 });
  // Daily bins alone: 24 extra on a day expecting ~265 is within chance (the 2 M+ benchmark's recall 0).
  expect(findCreationBursts({ created, binSeconds: day, minAccounts: 5, alpha: 0.01 })).toEqual([]);
  const bursts = findCreationBurstsAtScales({ created, binSeconds: day, minAccounts: 5, alpha: 0.01 });
  // Over one year the hour (24 + ~11) may stand out too; over ten years only the ten minutes do.
  expect(bursts.every((burst) => burst.start === 234 * day && burst.binSeconds < day)).toBe(true);
  const fine = bursts.find((burst) => burst.binSeconds === tenMinutes);
  expect(fine?.start).toBe(234 * day);
  for (let i = 0; i < 24; i += 1) expect(fine?.accounts).toContain(5_000_000 + i);
  // The ten minutes also hold their ~2 organic creations, no more than a few times that.
  expect(fine?.accounts.length).toBeLessThan(24 + 10);
});

test('day-resolution creation dates are never binned by hour (no false bursts at midnight)', () => {
  const created = population({ organic: 30_000, batchSpread: day, dayResolution: true });
  const bursts = findCreationBurstsAtScales({ created, binSeconds: day, minAccounts: 5, alpha: 0.01 });
  expect(bursts.every((burst) => burst.binSeconds === day)).toBe(true);
  // Hour-resolution times are binned by day and by hour, not by ten minutes (the batch's day is
  // explained by its hour).
  const hourly = population({ organic: 30_000, batchSpread: hour }).map(({ account, time }) => ({ account, time: Math.floor(time / hour) * hour }));
  expect(findCreationBurstsAtScales({ created: hourly, binSeconds: day, minAccounts: 5, alpha: 0.01 }).map((burst) => burst.binSeconds)).toEqual([hour]);
  // ~8 a day plus the 24 of the batch: found at day resolution with this smaller population.
  expect(bursts.map((burst) => burst.start)).toEqual([234 * day]);
});

test('uniform creation times to the second yield no burst at either scale', () => {
  const created = population({ organic: 60_000, batchSpread: tenMinutes, years: 1 }).slice(0, 60_000);
  expect(findCreationBurstsAtScales({ created, binSeconds: day, minAccounts: 5, alpha: 0.01 })).toEqual([]);
});

test('dates mixed with full times (dated organic accounts, a timed batch) are binned by day only', () => {
  // The 2 M benchmark's first run: organic accounts dated to the day, the batch to the second.
  // Binned by hour, every day's ~27 dated accounts fell into its first hour: 7,298 false bursts.
  const dated = population({ organic: 97_000, batchSpread: day, dayResolution: true }).slice(0, 97_000);
  const batch = Array.from({ length: 24 }, (_, i) => ({ account: 5_000_000 + i, time: 234 * day + 60 * i + 7 }));
  const bursts = findCreationBurstsAtScales({ created: [...dated, ...batch], binSeconds: day, minAccounts: 5, alpha: 0.01 });
  expect(bursts.every((burst) => burst.binSeconds === day)).toBe(true);
  expect(bursts.length).toBeLessThanOrEqual(1);
});

test('a day holding a ten-minute batch is not a burst of its own unless its other accounts are', () => {
  // ~8 organic accounts a day; the batch's 24 make its day, hour and ten minutes significant.
  const created = population({ organic: 30_000, batchSpread: tenMinutes });
  const bursts = findCreationBurstsAtScales({ created, binSeconds: day, minAccounts: 5, alpha: 0.01 });
  expect(bursts.map((burst) => burst.binSeconds)).toEqual([tenMinutes]);
  // A second, slower batch of 30 over the rest of the same day: the day is a burst again.
  const slower = Array.from({ length: 30 }, (_, i) => ({ account: 6_000_000 + i, time: 234 * day + 3600 + i * 2000 }));
  const both = findCreationBurstsAtScales({ created: [...created, ...slower], binSeconds: day, minAccounts: 5, alpha: 0.01 });
  const daily = both.find((burst) => burst.binSeconds === day);
  for (let i = 0; i < 30; i += 1) expect(daily?.accounts).toContain(6_000_000 + i);
});
