import fc from 'fast-check';
import { expect, test } from 'vitest';
import { alphaEstimates, alphaMart } from './alpha';
import {
  IncrementalAlpha,
  alphaComparisonRisk,
  alphaPollingRisk,
  alphaSampleSize,
} from './alpha-audit';
import { buildContest } from './contest';
import { createPrng } from './prng';

const fixed075 = { kind: 'fixed', eta: 0.75 } as const;

// Known answers: pbstark/SHANGRLA tests/core/test_NonnegMean.py `test_alpha_mart`
// (default estimator: fixed alternative η = t + (u − t)/2 = 0.75, set once at construction).
test("alpha_mart's special cases equal SHANGRLA's tests", () => {
  expect(
    alphaMart({ x: Array<number>(5).fill(0.5), N: 1e6, u: 1, estimator: fixed075 }).pValue,
  ).toBeCloseTo(1, 7);
  const tiny = alphaMart({
    x: Array<number>(5).fill(0.5),
    N: 1e6,
    u: 1,
    t: 0.0001,
    estimator: fixed075,
  });
  for (const p of tiny.history.slice(1)) expect(p).toBeLessThan(0.0001);
  const wide = alphaMart({
    x: [0.6, 0.8, 1.0, 1.2, 1.4],
    N: 1e6,
    u: 2,
    t: 0.0001,
    estimator: fixed075,
  });
  for (const p of wide.history.slice(1)) expect(p).toBeLessThan(0.0001);
  const s1 = alphaMart({ x: [1, 0, 1, 1, 0, 0, 1], N: 7, u: 1, t: 3 / 7, estimator: fixed075 });
  expect(s1.history.some(Number.isNaN)).toBe(false);
  expect(s1.history.at(-1)).toBe(0);
  const s2 = alphaMart({ x: [1, 0, 1, 1, 0, 0, 0], N: 7, u: 1, t: 3 / 7, estimator: fixed075 });
  expect(s2.history.slice(0, -1)).toEqual(s1.history.slice(0, -1));
});

// Known answers: SHANGRLA test_NonnegMean.py `test_sample_size` (reps=None): η = 0.75, N = 1000;
// all ones reach p ≤ 0.05 at draw 8 (1.5^8 = 25.6 > 20), all 0.75 at draw 14 (1.25^14 = 22.7).
test("sample sizes from constant data equal SHANGRLA's", () => {
  const firstCrossing = (value: number) =>
    alphaMart({
      x: Array<number>(1000).fill(value),
      N: 1000,
      u: 1,
      estimator: fixed075,
    }).history.findIndex((p) => p <= 0.05) + 1;
  expect(firstCrossing(1)).toBe(8);
  expect(firstCrossing(0.75)).toBe(14);
});

// Known answers: SHANGRLA test_NonnegMean.py `test_shrink_trunc`, which checks shrink_trunc with
// f = 0 against the closed form min(max(m_j + c/√(d+j−1), (dη + S_j)/(d+j−1)), u(1−ε) − c/√(d+j−1)).
test('shrink-trunc with f = 0 equals its closed form', () => {
  const eps = 2 ** -52;
  const d = 10;
  for (const eta of [0.51, 0.55, 0.6]) {
    const c = (eta - 0.5) / 2;
    for (const x of [
      [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1, 1, 0, 0, 0, 0],
      [1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1],
    ]) {
      for (const N of [Number.POSITIVE_INFINITY, x.length]) {
        const estimates = alphaEstimates({
          x,
          N,
          u: 1,
          estimator: { kind: 'shrink-trunc', eta, c, d, f: 0 },
        });
        estimates.forEach((value, index) => {
          const j = index + 1;
          const S = x.slice(0, index).reduce((a, b) => a + b, 0);
          const m = Number.isFinite(N) ? (N * 0.5 - S) / (N - j + 1) : 0.5;
          const tolerance = c / Math.sqrt(d + j - 1);
          const expected = Math.min(
            Math.max(m + tolerance, (d * eta + S) / (d + j - 1)),
            1 - eps - tolerance,
          );
          expect(value).toBeCloseTo(expected, 12);
        });
      }
    }
  }
});

// Hand-computed: with replacement and fixed η, each 1 multiplies T by η/t, each 0 by (1−η)/(1−t).
test('fixed-η ALPHA with replacement is the product of likelihood ratios', () => {
  const p = alphaMart({
    x: [1, 1, 0, 1],
    N: Number.POSITIVE_INFINITY,
    u: 1,
    estimator: { kind: 'fixed', eta: 0.6 },
  }).pValue;
  expect(p).toBeCloseTo(1 / Math.max(1.2, 1.44, 1.44 * 0.8, 1.44 * 0.8 * 1.2), 12);
});

test('the incremental ALPHA equals alpha_mart on every prefix', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(0, 0.5, 1), { minLength: 1, maxLength: 40 }),
      fc.boolean(),
      fc.constantFrom(
        { kind: 'fixed', eta: 0.7 } as const,
        { kind: 'shrink-trunc', eta: 0.6 } as const,
        { kind: 'constant', eta: 0.8 } as const,
      ),
      (x, finite, estimator) => {
        const N = finite ? 60 : Number.POSITIVE_INFINITY;
        const incremental = new IncrementalAlpha(N, 1, estimator);
        x.forEach((value, index) => {
          const expected = alphaMart({ x: x.slice(0, index + 1), N, u: 1, estimator }).pValue;
          expect(incremental.push(value)).toBeCloseTo(expected, 9);
        });
      },
    ),
    { numRuns: 60 },
  );
});

// Known answers: an independent Python implementation of the generator as specified in prng.ts.
test('the simulation generator reproduces its specification', () => {
  const random = createPrng('vigil');
  expect([1, 2, 3, 4, 5].map(() => random.nextUint32())).toEqual([
    1304006620, 617449466, 3227525022, 4268295394, 1077244277,
  ]);
  const doubles = createPrng('vigil');
  expect([1, 2, 3].map(() => doubles.nextDouble())).toEqual([
    0.30361269521535295, 0.7514667287006226, 0.2508154762238667,
  ]);
});

const mayor = buildContest({
  name: 'Mayor',
  ballots: 10000,
  winners: 1,
  choices: { Alice: 5500, Bob: 4500 },
});

test('polling and comparison risks: confirming samples stop, contrary samples do not', () => {
  const good = alphaPollingRisk({
    contest: mayor,
    riskLimit: 0.05,
    withReplacement: false,
    sample: { kind: 'counts', counts: { Alice: 700, Bob: 500 }, ballotsSampled: 1200 },
  });
  const bad = alphaPollingRisk({
    contest: mayor,
    riskLimit: 0.05,
    withReplacement: false,
    sample: { kind: 'counts', counts: { Alice: 100, Bob: 100 }, ballotsSampled: 200 },
  });
  expect(good.ok && good.value.finished).toBe(true);
  expect(bad.ok && bad.value.finished).toBe(false);
  const ballots = Array.from({ length: 80 }, () => ({ cvr: ['Alice'], audited: ['Alice'] }));
  const clean = alphaComparisonRisk({
    contest: mayor,
    riskLimit: 0.05,
    withReplacement: true,
    sample: { kind: 'ballots', ballots },
  });
  expect(clean.ok && clean.value.finished).toBe(true);
  const missing = alphaComparisonRisk({
    contest: mayor,
    riskLimit: 0.05,
    withReplacement: true,
    sample: { kind: 'ballots', ballots: [{ cvr: ['Alice'], audited: null }, ...ballots] },
  });
  expect(missing.ok && missing.value.finished).toBe(false);
  const counts = alphaComparisonRisk({
    contest: mayor,
    riskLimit: 0.05,
    withReplacement: true,
    sample: { kind: 'counts', counts: { sampled: 80, o1: 0, o2: 0, u1: 0, u2: 0 } },
  });
  expect(counts.ok && counts.value.assertions[0]?.pValue).toBeCloseTo(
    clean.ok ? (clean.value.assertions[0]?.pValue ?? 0) : 0,
    12,
  );
  expect(
    alphaPollingRisk({
      contest: mayor,
      riskLimit: 2,
      withReplacement: true,
      sample: { kind: 'counts', counts: {}, ballotsSampled: 0 },
    }).ok,
  ).toBe(false);
});

test('simulated sample sizes are reproducible from the seed and shrink as the margin grows', () => {
  const size = (contest: typeof mayor, kind: 'polling' | 'comparison', seed = 's') => {
    const result = alphaSampleSize({
      contest,
      riskLimit: 0.05,
      kind,
      simulations: 200,
      quantile: 0.9,
      seed,
      withReplacement: false,
    });
    return result.ok ? result.value : Number.NaN;
  };
  expect(size(mayor, 'polling')).toBe(size(mayor, 'polling'));
  expect(size(mayor, 'comparison')).toBe(size(mayor, 'comparison'));
  const wide = buildContest({
    name: 'Mayor',
    ballots: 10000,
    winners: 1,
    choices: { Alice: 6500, Bob: 3500 },
  });
  expect(size(wide, 'polling')).toBeLessThan(size(mayor, 'polling'));
  expect(size(wide, 'comparison')).toBeLessThan(size(mayor, 'comparison'));
  // Comparison needs far fewer ballots than polling for the same contest.
  expect(size(mayor, 'comparison')).toBeLessThan(size(mayor, 'polling') / 5);
  expect(
    alphaSampleSize({
      contest: mayor,
      riskLimit: 0.05,
      kind: 'polling',
      simulations: 0,
      quantile: 0.9,
      seed: 's',
      withReplacement: true,
    }).ok,
  ).toBe(false);
  expect(
    alphaSampleSize({
      contest: mayor,
      riskLimit: 0.05,
      kind: 'polling',
      simulations: 5,
      quantile: 1,
      seed: 's',
      withReplacement: true,
    }).ok,
  ).toBe(false);
});

test('ALPHA p-values stay in [0, 1] and are deterministic, with and without replacement', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }),
      fc.boolean(),
      fc.double({ min: 0.51, max: 0.99, noNaN: true }),
      (x, finite, eta) => {
        for (const estimator of [
          { kind: 'fixed', eta } as const,
          { kind: 'shrink-trunc', eta } as const,
        ]) {
          const options = { x, N: finite ? 100 : Number.POSITIVE_INFINITY, u: 1, estimator };
          const { pValue, history } = alphaMart(options);
          expect(pValue).toBeGreaterThanOrEqual(0);
          expect(pValue).toBeLessThanOrEqual(1);
          for (const p of history) expect(p >= 0 && p <= 1).toBe(true);
          expect(alphaMart(options).pValue).toBe(pValue);
        }
      },
    ),
  );
});

// SHANGRLA (numpy): a martingale that overflows to ∞ gives p = 0 (np.isclose(0, inf) is False);
// found on San Francisco's 2019 DA polling sample (irv-shangrla-audit.test.ts), where one
// assertion's martingale passes 1.8e308 after 8,559 ballots.
test('a martingale that overflows gives p = 0, not the last finite value', () => {
  const x = Array<number>(1100).fill(1);
  const estimator = { kind: 'fixed', eta: 0.99 } as const;
  const result = alphaMart({ x, N: Number.POSITIVE_INFINITY, u: 1, estimator });
  expect(result.pValue).toBe(0);
  expect(result.history.at(-1)).toBe(0);
  const incremental = new IncrementalAlpha(Number.POSITIVE_INFINITY, 1, estimator);
  expect(x.map((value) => incremental.push(value)).at(-1)).toBe(0);
});
