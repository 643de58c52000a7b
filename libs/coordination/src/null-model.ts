/**
 * The null model that gives every candidate edge a significance.
 *
 * Null hypothesis: the accounts' labels are exchangeable across the shares of one behaviour.
 * Each account keeps its number of shares, each object keeps its shares and their times; only
 * *who* made each share is permuted (a configuration-model null, as in the "random label"
 * tests of co-occurrence networks). Under it the number of in-window co-share instances
 * between accounts a and b is approximately Poisson with mean
 *
 *   λ_ab = M · 2 · n_a · n_b / (N · (N − 1))
 *
 * where N is the behaviour's number of shares, M its number of in-window share pairs (over all
 * accounts) and n_a, n_b the two accounts' shares. A hyperactive organic pair has a large
 * λ_ab and its many co-shares are expected; a small group that keeps sharing the same objects
 * within seconds has a tiny λ_ab. The p-value of an edge is P(X ≥ observed | λ_ab); p-values
 * are adjusted for the number of pairs that were tested (Benjamini & Hochberg 1995).
 *
 * The expectation is exact for the permutation, so no Monte-Carlo draw (and no seed) is needed;
 * `docs/detect.md` discusses the choice against a time-shuffle null.
 */

const logFactorials: number[] = [0];

/** ln(n!) for an integer n ≥ 0: exact sums up to 1024, Stirling's series (error < 1e-15) beyond. */
export function logFactorial(n: number): number {
  if (n < 1024) {
    for (let i = logFactorials.length; i <= n; i += 1) logFactorials.push((logFactorials[i - 1] ?? 0) + Math.log(i));
    return logFactorials[n] ?? 0;
  }
  const inverse = 1 / n;
  const inverse2 = inverse * inverse;
  return (
    n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) +
    inverse * (1 / 12 - inverse2 * (1 / 360 - inverse2 / 1260))
  );
}

/**
 * P(X ≥ k) for X ~ Poisson(λ), computed in log space so that tiny tails stay positive.
 * Returns 1 for k ≤ 0; `lambda` must be finite and ≥ 0.
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  if (k <= lambda) {
    // The lower tail is the short sum here: 1 − P(X ≤ k − 1).
    let term = Math.exp(-lambda);
    let lower = term;
    for (let i = 1; i < k; i += 1) {
      term *= lambda / i;
      lower += term;
    }
    return Math.min(1, Math.max(0, 1 - lower));
  }
  // Sum the upper tail from k: terms fall geometrically once i > λ.
  let logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
  let sum = 0;
  for (let i = k; i < k + 10_000; i += 1) {
    const term = Math.exp(logTerm);
    sum += term;
    if (term < sum * 1e-16) break;
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.min(1, sum);
}

/** The expected number of co-share instances between two accounts under the label permutation. */
export function expectedCoShares(input: {
  readonly pairsInWindow: number;
  readonly totalShares: number;
  readonly sharesA: number;
  readonly sharesB: number;
}): number {
  const { pairsInWindow, totalShares, sharesA, sharesB } = input;
  if (totalShares < 2) return 0;
  return (pairsInWindow * 2 * sharesA * sharesB) / (totalShares * (totalShares - 1));
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values) for `pValues`, with `tests` the number of
 * hypotheses tested (at least `pValues.length`; pairs never observed together have p = 1 and
 * may be left out of the list but still count).
 */
export function benjaminiHochberg(pValues: readonly number[], tests = pValues.length): number[] {
  const m = Math.max(tests, pValues.length);
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p || a.index - b.index);
  const q = new Array<number>(pValues.length).fill(1);
  let running = 1;
  for (let rank = order.length; rank >= 1; rank -= 1) {
    const entry = order[rank - 1];
    if (entry === undefined) continue;
    running = Math.min(running, (entry.p * m) / rank);
    q[entry.index] = Math.min(1, running);
  }
  return q;
}

/**
 * `benjaminiHochberg` over a typed array, with the same arithmetic and order (by p, then
 * position), so the q-values are identical: for millions of p-values it holds 12 bytes each
 * (an index and a q-value) instead of an object per p-value.
 */
export function benjaminiHochbergTyped(pValues: Float64Array, tests = pValues.length): Float64Array {
  const m = Math.max(tests, pValues.length);
  const order = new Uint32Array(pValues.length);
  for (let i = 0; i < order.length; i += 1) order[i] = i;
  order.sort((x, y) => (pValues[x] ?? 0) - (pValues[y] ?? 0) || x - y);
  const q = new Float64Array(pValues.length).fill(1);
  let running = 1;
  for (let rank = order.length; rank >= 1; rank -= 1) {
    const index = order[rank - 1] ?? 0;
    running = Math.min(running, ((pValues[index] ?? 1) * m) / rank);
    q[index] = Math.min(1, running);
  }
  return q;
}
