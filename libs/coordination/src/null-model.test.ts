import fc from 'fast-check';
import { expect, test } from 'vitest';
import { benjaminiHochberg, expectedCoShares, logFactorial, poissonUpperTail } from './null-model';

// Known answers: P(X ≥ k) = Σ_{i≥k} e^{−λ} λ^i / i! (R's ppois(k - 1, lambda, lower.tail = FALSE)),
// summed term by term in double precision with Python's math.lgamma (400 terms).
test.each([
  [1, 1, 0.6321205588285577],
  [3, 1, 0.08030139707139416],
  [5, 0.01, 8.264185641806491e-13],
  [10, 2, 4.649807501726388e-5],
  [2, 5, 0.9595723180054873],
  [60, 50, 0.09226505195893214],
])('P(X >= %d | lambda = %d)', (k, lambda, expected) => {
  expect(poissonUpperTail(k, lambda)).toBeCloseTo(expected, 4);
  expect(poissonUpperTail(k, lambda) / expected).toBeCloseTo(1, 6);
});

test('logFactorial matches factorials', () => {
  expect(logFactorial(0)).toBe(0);
  expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
  // Both branches agree where they meet.
  let exact = logFactorial(1023);
  exact += Math.log(1024);
  expect(logFactorial(1024)).toBeCloseTo(exact, 9);
});

test('tails are probabilities and fall as k grows', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 100, noNaN: true }), (k, lambda) => {
      const p = poissonUpperTail(k, lambda);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(poissonUpperTail(k + 1, lambda)).toBeLessThanOrEqual(p + 1e-12);
    }),
  );
});

test('hyperactive pairs expect more co-shares than quiet pairs', () => {
  const base = { pairsInWindow: 1000, totalShares: 100_000 };
  expect(expectedCoShares({ ...base, sharesA: 500, sharesB: 500 })).toBeGreaterThan(
    expectedCoShares({ ...base, sharesA: 5, sharesB: 5 }),
  );
  expect(expectedCoShares({ ...base, totalShares: 1, sharesA: 1, sharesB: 1 })).toBe(0);
});

test('Benjamini-Hochberg adjusts p-values (known answer from R p.adjust(method = "BH"))', () => {
  const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
  expect(q[0]).toBeCloseTo(0.02, 10);
  expect(q[1]).toBeCloseTo(0.04, 10);
  expect(q[2]).toBeCloseTo(0.04, 10);
  expect(q[3]).toBeCloseTo(0.02, 10);
  expect(benjaminiHochberg([0.01], 10)[0]).toBeCloseTo(0.1, 10);
});
