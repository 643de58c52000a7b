/**
 * ALPHA audits of whole contests: ballot polling on the SHANGRLA assorters and ballot-level
 * comparison on the overstatement assorters (see assertions.ts), with the ALPHA test of
 * alpha.ts, and sample sizes by seeded simulation (SHANGRLA `NonnegMean.sample_size` with
 * `reps`: simulate draws until the p-value reaches the risk limit; take a quantile of the
 * stopping times over the simulations; the largest over the assertions).
 *
 * Choices made here (docs/statistics.md): polling uses the shrink-trunc estimator with
 * η₀ = the reported assorter mean, d = 100, f = 0; comparison uses SHANGRLA's
 * `optimal_comparison` η, constant over the draws, for a two-vote overstatement rate p2 = 1e-4
 * (SHANGRLA's own default when none is set is 1e-5; both can be chosen). Sample counts without
 * draw order are measured with a fixed η, sampling with replacement, and the martingale's
 * final value only (p = 1/T_n), which does not depend on the order of the draws.
 */
import { type Result, err, ok } from '@vigil/basics';
import {
  type AlphaEstimator,
  alphaMart,
  isClose,
  optimalComparisonEta,
  shrinkTruncParameters,
} from './alpha';
import {
  type Assertion,
  contestAssertions,
  overstatementUpperBound,
  overstatementValue,
} from './assertions';
import type { ComparedBallot, DiscrepancyCounts } from './super-simple';
import { type Contest, type RiskLimitError, checkRiskLimit } from './contest';
import { createPrng } from './prng';

/** The p-value of one assertion. */
export interface AssertionRisk {
  readonly assertion: string;
  readonly pValue: number;
}

/** Risk of every assertion; the audit may stop when all are at most the risk limit. */
export interface AlphaRiskMeasurement {
  readonly assertions: readonly AssertionRisk[];
  readonly finished: boolean;
}

/** Why ALPHA cannot run. */
export type AlphaError =
  | RiskLimitError
  | { readonly type: 'no-assertions' }
  | { readonly type: 'irv-needs-rankings' }
  | {
      readonly type: 'sample-larger-than-population';
      readonly sampled: number;
      readonly population: number;
    };

/** Two-vote overstatement rate behind the comparison η (our default). */
export const COMPARISON_P2 = 1e-4;

/**
 * η₀ of the polling estimator: the reported assorter mean (ours), or SHANGRLA's default when no
 * `eta` is given to its `NonnegMean`, u(1 − ε) with ε = 2⁻⁵².
 */
export type PollingEta = 'reported-mean' | 'shangrla-default';

function pollingEstimator(
  assertion: Assertion,
  ordered: boolean,
  start: PollingEta = 'reported-mean',
): AlphaEstimator {
  const eta =
    start === 'shangrla-default'
      ? assertion.upperBound * (1 - 2 ** -52)
      : Math.min(Math.max(assertion.reportedMean, 0.5 + 1e-6), assertion.upperBound * (1 - 1e-9));
  return ordered ? { kind: 'shrink-trunc', eta } : { kind: 'fixed', eta };
}

/**
 * SHANGRLA's `optimal_comparison`: one η for every draw, with or without replacement. (Our
 * engine used to turn it into a `fixed_alternative_mean` without replacement — the mean the rest
 * of the population would need — which drifts above u within a few hundred clean draws of a
 * large contest, after which one two-vote overstatement zeroes the martingale; SHANGRLA does not.)
 */
function comparisonEstimator(assertion: Assertion, p2: number = COMPARISON_P2): AlphaEstimator {
  return {
    kind: 'constant',
    eta: optimalComparisonEta(overstatementUpperBound(assertion), p2),
  };
}

function measure(
  contest: Contest,
  riskLimit: number,
  values: (assertion: Assertion) => {
    x: number[];
    u: number;
    estimator: AlphaEstimator;
    N: number;
    ordered: boolean;
  },
): Result<AlphaRiskMeasurement, AlphaError> {
  const alpha = checkRiskLimit(riskLimit);
  if (!alpha.ok) return alpha;
  const assertions = contestAssertions(contest);
  if (assertions.length === 0) return err({ type: 'no-assertions' });
  const risks = assertions.map((assertion) => {
    const { x, u, estimator, N, ordered } = values(assertion);
    const result = alphaMart({ x, N, u, estimator });
    // Without the draw order only the final value of the martingale is meaningful (Markov's
    // inequality at the sample size); the maximum over prefixes would depend on the order.
    return {
      assertion: assertion.name,
      pValue: ordered ? result.pValue : (result.history.at(-1) ?? 1),
    };
  });
  return ok({ assertions: risks, finished: risks.every((risk) => risk.pValue <= alpha.value) });
}

/**
 * A polling sample: marked choices of each ballot in draw order (`null` for a ballot that could
 * not be found: the worst case, assorter value 0), or counts per choice.
 */
export type PollingSample =
  | { readonly kind: 'ballots'; readonly ballots: readonly (readonly string[] | null)[] }
  | {
      readonly kind: 'counts';
      readonly counts: Readonly<Record<string, number>>;
      readonly ballotsSampled: number;
      readonly notFound?: number;
    };

/** ALPHA ballot-polling risk for every assertion of the contest. */
export function alphaPollingRisk(options: {
  contest: Contest;
  riskLimit: number;
  sample: PollingSample;
  withReplacement: boolean;
  /** η₀ of the shrink-trunc estimator (default: the reported assorter mean). */
  eta?: PollingEta;
}): Result<AlphaRiskMeasurement, AlphaError> {
  const { contest, sample } = options;
  // Counts per choice lose the rankings an IRV assorter reads.
  if (contest.irv !== null && sample.kind === 'counts') return err({ type: 'irv-needs-rankings' });
  const sampled =
    sample.kind === 'ballots'
      ? sample.ballots.length
      : Math.max(
          sample.ballotsSampled,
          Object.values(sample.counts).reduce((a, b) => a + b, 0) + (sample.notFound ?? 0),
        );
  if (!options.withReplacement && sampled > contest.ballots)
    return err({ type: 'sample-larger-than-population', sampled, population: contest.ballots });
  return measure(contest, options.riskLimit, (assertion) => {
    if (sample.kind === 'ballots') {
      return {
        x: sample.ballots.map((choices) => (choices === null ? 0 : assertion.assort(choices))),
        u: assertion.upperBound,
        estimator: pollingEstimator(assertion, true, options.eta),
        N: options.withReplacement ? Number.POSITIVE_INFINITY : contest.ballots,
        ordered: true,
      };
    }
    // Counts carry no order: expand them (any order gives the same p with a fixed η and N = ∞).
    const x: number[] = [];
    let marked = 0;
    for (const [choice, votes] of Object.entries(sample.counts)) {
      for (let i = 0; i < votes; i++) x.push(assertion.assort([choice]));
      marked += votes;
    }
    for (let i = 0; i < (sample.notFound ?? 0); i++) x.push(0);
    for (let i = marked + (sample.notFound ?? 0); i < sample.ballotsSampled; i++)
      x.push(assertion.assort([]));
    return {
      x,
      u: assertion.upperBound,
      estimator: pollingEstimator(assertion, false, options.eta),
      N: Number.POSITIVE_INFINITY,
      ordered: false,
    };
  });
}

/** A comparison sample: compared ballots in draw order, or discrepancy counts. */
export type ComparisonSample =
  | { readonly kind: 'ballots'; readonly ballots: readonly ComparedBallot[] }
  | { readonly kind: 'counts'; readonly counts: DiscrepancyCounts };

/** ALPHA on the overstatement assorters (SHANGRLA ballot-level comparison). */
export function alphaComparisonRisk(options: {
  contest: Contest;
  riskLimit: number;
  sample: ComparisonSample;
  withReplacement: boolean;
  /** Two-vote overstatement rate p2 behind SHANGRLA's `optimal_comparison` η (default 1e-4). */
  twoVoteRate?: number;
}): Result<AlphaRiskMeasurement, AlphaError> {
  const { contest, sample } = options;
  const p2 = options.twoVoteRate ?? COMPARISON_P2;
  return measure(contest, options.riskLimit, (assertion) => {
    const u = overstatementUpperBound(assertion);
    const clean = overstatementValue(assertion, [assertion.winner], [assertion.winner]);
    if (sample.kind === 'ballots') {
      const x = sample.ballots.flatMap((ballot) =>
        Array<number>(ballot.timesSampled ?? 1).fill(
          overstatementValue(assertion, ballot.cvr, ballot.audited),
        ),
      );
      return {
        x,
        u,
        estimator: comparisonEstimator(assertion, p2),
        N: options.withReplacement ? Number.POSITIVE_INFINITY : contest.ballots,
        ordered: true,
      };
    }
    // Discrepancy counts: ω = 1/2 (one vote) or 1 (two votes) on the assorter scale u = 1.
    const { sampled, o1, o2, u1, u2 } = sample.counts;
    const value = (omega: number): number =>
      (1 - omega / assertion.upperBound) /
      (2 - (2 * assertion.reportedMean - 1) / assertion.upperBound);
    const x = [
      ...Array<number>(o1).fill(value(0.5)),
      ...Array<number>(o2).fill(value(1)),
      ...Array<number>(u1).fill(value(-0.5)),
      ...Array<number>(u2).fill(value(-1)),
      ...Array<number>(Math.max(sampled - o1 - o2 - u1 - u2, 0)).fill(clean),
    ];
    return {
      x,
      u,
      estimator: comparisonEstimator(assertion, p2),
      N: Number.POSITIVE_INFINITY,
      ordered: false,
    };
  });
}

/**
 * Incremental ALPHA for simulations: the same recurrences and special cases as `alphaMart`,
 * one draw at a time, returning the running p-value (the last-draw rule of `alphaMart`,
 * "the sample total already exceeds N·t", applies at every draw, which only stops earlier
 * when the null is certainly false).
 */
export class IncrementalAlpha {
  private j = 0;
  private sum = 0;
  private product = 1;
  private largest = 0;
  // Welford's running mean and sum of squared deviations of the draws so far.
  private mean = 0;
  private m2 = 0;
  private readonly shrink: { eta: number; c: number; d: number; f: number; minsd: number } | null;

  constructor(
    private readonly N: number,
    private readonly u: number,
    private readonly estimator: AlphaEstimator,
  ) {
    this.shrink =
      estimator.kind === 'shrink-trunc' ? shrinkTruncParameters(estimator, 0.5, u) : null;
  }

  /** Adds one draw and returns the p-value after it. */
  push(value: number): number {
    this.j += 1;
    const { N, u, j } = this;
    const eps = 2 ** -52;
    const m = Number.isFinite(N) ? (N * 0.5 - this.sum) / (N - j + 1) : 0.5;
    let eta: number;
    if (this.estimator.kind === 'constant') {
      eta = this.estimator.eta;
    } else if (this.shrink === null) {
      const fixed = this.estimator.eta;
      // Clamped to [0, u] as in alphaEstimates (an impossible alternative mean).
      eta = Math.min(
        Math.max(Number.isFinite(N) ? (N * fixed - this.sum) / (N - j + 1) : fixed, 0),
        u,
      );
    } else {
      const { c, d, f, minsd } = this.shrink;
      const sd = j <= 2 ? 1 : Math.max(Math.sqrt(this.m2 / (j - 1)), minsd);
      const weighted =
        ((d * this.shrink.eta + this.sum) / (d + j - 1) + (u * f) / sd) / (1 + f / sd);
      const tolerance = c / Math.sqrt(d + j - 1);
      eta = Math.min(u * (1 - eps) - tolerance, Math.max(weighted, m * (1 + eps) + tolerance));
    }
    this.product *= (value * eta) / m / u + ((u - value) * (u - eta)) / (u - m) / u;
    this.sum += value;
    const previousMean = this.mean;
    this.mean += (value - this.mean) / j;
    this.m2 += (value - previousMean) * (value - this.mean);
    let term = this.product;
    const atol = 2 * eps;
    if (m > u) term = 0;
    if (isClose(0, m, atol, 1e-5)) term = 1;
    if (isClose(u, m, atol, 1e-6)) term = 1;
    if (isClose(0, term, atol, 1e-5)) term = 1;
    if (m < 0) term = Number.POSITIVE_INFINITY;
    if (this.sum > N * 0.5) term = Number.POSITIVE_INFINITY;
    if (Number.isNaN(term)) return 1;
    this.largest = Math.max(this.largest, term);
    return Math.min(1, 1 / this.largest);
  }
}

/** Arguments of {@link alphaSampleSize}. */
export interface AlphaSampleSizeOptions {
  readonly contest: Contest;
  readonly riskLimit: number;
  readonly kind: 'polling' | 'comparison';
  /** Number of simulated audits per assertion. */
  readonly simulations: number;
  /** Quantile of the simulated stopping sizes, in (0, 1). */
  readonly quantile: number;
  /** Seed of the simulation's generator (see prng.ts). */
  readonly seed: string;
  readonly withReplacement: boolean;
  /** Comparison only: assumed one- and two-vote overstatement rates (default Arlo's 0.001, 0.0001). */
  readonly o1Rate?: number;
  readonly o2Rate?: number;
  /** Comparison only: p2 behind the `optimal_comparison` η (default 1e-4). */
  readonly twoVoteRate?: number;
}

/** Why a simulated sample size cannot be computed. */
export type AlphaSampleSizeError =
  | RiskLimitError
  | { readonly type: 'no-assertions' }
  | { readonly type: 'invalid-simulation'; readonly message: string };

/** numpy.quantile (linear interpolation) of sorted values, truncated to an integer as SHANGRLA does. */
function quantileOf(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const low = Math.floor(h);
  const a = sorted[low] as number;
  const b = sorted[Math.min(low + 1, sorted.length - 1)] as number;
  return Math.trunc(a + (h - low) * (b - a));
}

/**
 * Sample size for ALPHA by simulation, assuming the reported results are right (polling: ballots
 * drawn from the reported shares; comparison: CVRs right except for overstatements at the given
 * rates). Each simulated audit stops at the first draw where p ≤ risk limit, or at N.
 */
export function alphaSampleSize(
  options: AlphaSampleSizeOptions,
): Result<number, AlphaSampleSizeError> {
  const { contest, kind } = options;
  const alpha = checkRiskLimit(options.riskLimit);
  if (!alpha.ok) return alpha;
  if (!Number.isSafeInteger(options.simulations) || options.simulations < 1)
    return err({ type: 'invalid-simulation', message: 'simulations must be a whole number ≥ 1' });
  if (!(options.quantile > 0 && options.quantile < 1))
    return err({ type: 'invalid-simulation', message: 'the quantile must be in (0, 1)' });
  const assertions = contestAssertions(contest);
  if (assertions.length === 0) return err({ type: 'no-assertions' });
  const random = createPrng(options.seed);
  const N = contest.ballots;
  let size = 0;
  for (const assertion of assertions) {
    // Outcomes of one draw and their probabilities.
    let outcomes: { value: number; probability: number }[];
    let u: number;
    let estimator: AlphaEstimator;
    if (kind === 'polling' && assertion.pollingOutcomes !== undefined) {
      outcomes = [...assertion.pollingOutcomes];
      u = assertion.upperBound;
      estimator = pollingEstimator(assertion, true);
    } else if (kind === 'polling') {
      const winnerShare =
        (contest.choices.find((choice) => choice.name === assertion.winner)?.votes ?? 0) / N;
      const loserShare =
        assertion.loser === null
          ? (contest.validVotes -
              (contest.choices.find((c) => c.name === assertion.winner)?.votes ?? 0)) /
            N
          : (contest.choices.find((c) => c.name === assertion.loser)?.votes ?? 0) / N;
      const winnerValue = assertion.assort([assertion.winner]);
      const loserValue = assertion.loser === null ? 0 : assertion.assort([assertion.loser]);
      outcomes = [
        { value: winnerValue, probability: Math.min(winnerShare, 1) },
        { value: loserValue, probability: Math.min(loserShare, 1) },
        { value: 0.5, probability: Math.max(1 - winnerShare - loserShare, 0) },
      ];
      u = assertion.upperBound;
      estimator = pollingEstimator(assertion, true);
    } else {
      const o1 = options.o1Rate ?? 0.001;
      const o2 = options.o2Rate ?? 0.0001;
      const value = (omega: number): number =>
        (1 - omega / assertion.upperBound) /
        (2 - (2 * assertion.reportedMean - 1) / assertion.upperBound);
      outcomes = [
        { value: value(0), probability: Math.max(1 - o1 - o2, 0) },
        { value: value(0.5), probability: o1 },
        { value: value(1), probability: o2 },
      ];
      u = overstatementUpperBound(assertion);
      estimator = comparisonEstimator(assertion, options.twoVoteRate);
    }
    const stops: number[] = [];
    for (let run = 0; run < options.simulations; run++) {
      const test = new IncrementalAlpha(
        options.withReplacement ? Number.POSITIVE_INFINITY : N,
        u,
        estimator,
      );
      let stop = N;
      for (let j = 1; j <= N; j++) {
        let r = random.nextDouble();
        let drawn = (outcomes[outcomes.length - 1] as { value: number }).value;
        for (const outcome of outcomes) {
          if (r < outcome.probability) {
            drawn = outcome.value;
            break;
          }
          r -= outcome.probability;
        }
        if (test.push(drawn) <= alpha.value) {
          stop = j;
          break;
        }
      }
      stops.push(stop);
    }
    stops.sort((a, b) => a - b);
    size = Math.max(size, quantileOf(stops, options.quantile));
  }
  return ok(size);
}
