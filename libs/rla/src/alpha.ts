/**
 * ALPHA: P. B. Stark, "ALPHA: Audit that Learns from Previously Hand-Audited Ballots",
 * Annals of Applied Statistics 17(1), 2023. A test of H0: mean(population) ≤ t for values in
 * [0, u], with or without replacement: T_j = Π_{i≤j} (x_i η_i/m_i + (u − x_i)(u − η_i)/(u − m_i)) / u,
 * p = min(1, 1 / max_j T_j), where m_j is the population mean implied by H0 after j − 1 draws
 * ((N t − S_{j−1}) / (N − j + 1) without replacement, t with) and η_j is an estimate of the
 * true mean that may use only earlier draws. Ported from SHANGRLA (pbstark/SHANGRLA
 * shangrla/core/NonnegMean.py: `alpha_mart`, `fixed_alternative_mean`, `shrink_trunc`,
 * `optimal_comparison`), including its special cases for degenerate m_j.
 *
 * Scope: any assorter with an upper bound (SHANGRLA); the audit modules build the assorter
 * values (polling: plurality pair assorters; comparison: overstatement assorters).
 */

const EPS = 2 ** -52;

/** How η_j (the alternative mean) is chosen for each draw. */
export type AlphaEstimator =
  | { readonly kind: 'fixed'; readonly eta: number }
  /**
   * η_j = η at every draw, with or without replacement: SHANGRLA's `optimal_comparison`, which
   * returns one number (unlike `fixed_alternative_mean`, which turns η into the mean of the
   * population left after each draw without replacement).
   */
  | { readonly kind: 'constant'; readonly eta: number }
  | {
      readonly kind: 'shrink-trunc';
      readonly eta: number;
      readonly d?: number;
      readonly f?: number;
      readonly c?: number;
      readonly minsd?: number;
    };

/** Arguments of {@link alphaMart}. */
export interface AlphaOptions {
  /** Assorter values in draw order, each in [0, u]. */
  readonly x: readonly number[];
  /** Population size; `Infinity` for sampling with replacement. */
  readonly N: number;
  /** Upper bound of the assorter. */
  readonly u: number;
  /** Null mean (1/2 for assorters). */
  readonly t?: number;
  readonly estimator: AlphaEstimator;
}

/** The p-value and its history (p after each draw). */
export interface AlphaResult {
  readonly pValue: number;
  readonly history: readonly number[];
}

/** m_j and S_j (SHANGRLA `sjm`). */
function impliedMeans(
  N: number,
  t: number,
  x: readonly number[],
): { S: number[]; total: number; m: number[] } {
  const S: number[] = [];
  const m: number[] = [];
  let sum = 0;
  for (let j = 1; j <= x.length; j++) {
    S.push(sum);
    m.push(Number.isFinite(N) ? (N * t - sum) / (N - j + 1) : t);
    sum += x[j - 1] as number;
  }
  return { S, total: sum, m };
}

/** The shrink-trunc parameters with SHANGRLA's defaults (d = 100, f = 0, minsd = 1e-6). */
export function shrinkTruncParameters(
  estimator: Extract<AlphaEstimator, { kind: 'shrink-trunc' }>,
  t: number,
  u: number,
): { eta: number; c: number; d: number; f: number; minsd: number } {
  const { eta } = estimator;
  let c = estimator.c ?? (eta - t) / 2 - EPS;
  // SHANGRLA resets c when the truncation constraints would be inconsistent.
  if (u - c < t + c) c = (u - c) / 2;
  return { eta, c, d: estimator.d ?? 100, f: estimator.f ?? 0, minsd: estimator.minsd ?? 1e-6 };
}

/** η_j for every draw. */
export function alphaEstimates(options: AlphaOptions): number[] {
  const { x, N, u, estimator } = options;
  const t = options.t ?? 0.5;
  if (estimator.kind === 'constant') return x.map(() => estimator.eta);
  if (estimator.kind === 'fixed') {
    // fixed_alternative_mean: the mean the rest of the population must have if the true mean is η.
    // Deviation from SHANGRLA, which only warns: once the draws make the alternative mean
    // impossible (outside [0, u]), clamp it, so the martingale vanishes instead of turning
    // negative (a negative "p-value").
    return impliedMeans(N, estimator.eta, x).m.map((eta) => Math.min(Math.max(eta, 0), u));
  }
  const { eta, c, d, f, minsd } = shrinkTruncParameters(estimator, t, u);
  const { S, m } = impliedMeans(N, t, x);
  // Welford's running population variance of x_1..x_j; sd_1 = sd_2 = 1, then sd of x_1..x_{j-1}.
  const sd: number[] = [];
  let mean = 0;
  let m2 = 0;
  const running: number[] = [];
  x.forEach((value, index) => {
    const previous = mean;
    mean += (value - mean) / (index + 1);
    m2 += (value - previous) * (value - mean);
    running.push(Math.max(Math.sqrt(m2 / (index + 1)), minsd));
  });
  for (let j = 1; j <= x.length; j++) sd.push(j <= 2 ? 1 : (running[j - 2] as number));
  return x.map((_, index) => {
    const j = index + 1;
    const sdj = sd[index] as number;
    const weighted =
      ((d * eta + (S[index] as number)) / (d + j - 1) + (u * f) / sdj) / (1 + f / sdj);
    const tolerance = c / Math.sqrt(d + j - 1);
    return Math.min(
      u * (1 - EPS) - tolerance,
      Math.max(weighted, (m[index] as number) * (1 + EPS) + tolerance),
    );
  });
}

/**
 * numpy.isclose: |a − b| ≤ atol + rtol·|b|, except that an infinite value is close only to
 * itself (without that rule, a martingale that overflowed to ∞ would count as "vanished").
 */
export function isClose(a: number, b: number, atol: number, rtol: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/** SHANGRLA's `alpha_mart`: the ALPHA p-value of H0: mean ≤ t. */
export function alphaMart(options: AlphaOptions): AlphaResult {
  const { x, N, u } = options;
  const t = options.t ?? 0.5;
  const { total, m } = impliedMeans(N, t, x);
  const eta = alphaEstimates(options);
  const atol = 2 * EPS;
  const terms: number[] = [];
  let product = 1;
  x.forEach((value, index) => {
    const mj = m[index] as number;
    const etaj = eta[index] as number;
    product *= (value * etaj) / mj / u + ((u - value) * (u - etaj)) / (u - mj) / u;
    terms.push(product);
  });
  // SHANGRLA's special cases, in its order.
  for (let j = 0; j < terms.length; j++) {
    const mj = m[j] as number;
    if (mj > u) terms[j] = 0; // the true mean is certainly below t
    if (isClose(0, mj, atol, 1e-5)) terms[j] = 1;
    if (isClose(u, mj, atol, 1e-6)) terms[j] = 1;
    if (isClose(0, terms[j] as number, atol, 1e-5)) terms[j] = 1; // the martingale vanished
    if (mj < 0) terms[j] = Number.POSITIVE_INFINITY; // the true mean is certainly above t
  }
  if (terms.length > 0 && total > N * t) terms[terms.length - 1] = Number.POSITIVE_INFINITY;
  const largest = terms.reduce(
    (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b)),
    0,
  );
  // Python's min(1, nan) is 1: an undefined statistic gives no evidence.
  const pValue = terms.length === 0 || Number.isNaN(largest) ? 1 : Math.min(1, 1 / largest);
  return { pValue, history: terms.map((term) => (Number.isNaN(term) ? 1 : Math.min(1, 1 / term))) };
}

/**
 * SHANGRLA's `optimal_comparison`: the constant η that is best for an overstatement assorter
 * with upper bound `u` when two-vote overstatements occur at rate `p2` (use it with the
 * `constant` estimator, as SHANGRLA does).
 */
export function optimalComparisonEta(u: number, p2: number): number {
  return (1 - u * (1 - p2)) / (2 - 2 * u) + u * (1 - p2) - 0.5;
}
