/**
 * BRAVO ballot-polling audits: M. Lindeman, P. B. Stark, V. S. Yates, "BRAVO: Ballot-polling
 * Risk-limiting Audits to Verify Outcomes", EVT/WOTE 2012. Ported from Arlo
 * (votingworks/arlo server/audit_math/bravo.py and ballot_polling.py) so that p-values, the
 * ASN and the 70/80/90 % one-round sample sizes equal Arlo's: one sequential probability ratio
 * test per (winner, loser) pair, T = Π (s_wl / ½)^{votes for w} · ((1 − s_wl) / ½)^{votes for l},
 * p = min(1, 1/T). Arlo computes in 28-digit decimals; we compute in doubles, in log space,
 * which agrees to ~1e-12 relative and gives the same whole-ballot sample sizes on Arlo's tests.
 *
 * Scope: plurality and multi-winner plurality (vote for n) contests, one contest at a time.
 */
import { type Result, err, ok } from '@vigil/basics';
import { type Contest, type RiskLimitError, checkRiskLimit } from './contest';
import { binomialQuantile, normalCdf, normalQuantile, pythonRound } from './distributions';

/** Votes per choice observed in the (cumulative) sample. */
export type SampleCounts = Readonly<Record<string, number>>;

/** A p-value for one (winner, loser) pair. */
export interface PairRisk {
  readonly winner: string;
  /** `""` for a contest without losers (Arlo's convention). */
  readonly loser: string;
  readonly pValue: number;
}

/** The risk measured for a contest. */
export interface RiskMeasurement {
  readonly pairs: readonly PairRisk[];
  /** Every p-value is at most the risk limit: the audit may stop. */
  readonly finished: boolean;
}

/** A sample-size option, as Arlo offers them. */
export interface SampleSizeOption {
  /** `asn`, `0.7`, `0.8`, `0.9`, or `all-ballots`. */
  readonly key: 'asn' | '0.7' | '0.8' | '0.9' | 'all-ballots';
  readonly size: number;
  /** Chance of finishing in one round if the reported outcome is right, when known. */
  readonly prob: number | null;
}

/** Why BRAVO cannot compute a sample size. */
export type BravoError =
  | RiskLimitError
  | { readonly type: 'no-losers' }
  | { readonly type: 'all-ballots-audited' }
  | { readonly type: 'audit-already-complete' };

/**
 * Ballots that could not be found count as votes for every loser (Arlo's
 * `ballot_polling.compute_risk`): the worst case for the reported winners.
 */
export function withNotFoundBallots(
  contest: Contest,
  counts: SampleCounts,
  notFound: number,
): SampleCounts {
  const adjusted: Record<string, number> = { ...counts };
  for (const loser of contest.losers) adjusted[loser.name] = (adjusted[loser.name] ?? 0) + notFound;
  return adjusted;
}

/** s_w / (s_w + s_l): the winner's share of the pair's valid votes. */
function pairShare(contest: Contest, winnerVotes: number, loserVotes: number): number {
  const sw = winnerVotes / contest.validVotes;
  const sl = loserVotes / contest.validVotes;
  return sw / (sw + sl);
}

/** ln T for every pair (Arlo's `get_test_statistics`), −Infinity when T = 0. */
function logTestStatistics(
  contest: Contest,
  counts: SampleCounts,
): Map<string, { winner: string; loser: string; logT: number }> {
  const statistics = new Map<string, { winner: string; loser: string; logT: number }>();
  const key = (winner: string, loser: string): string => JSON.stringify([winner, loser]);
  for (const winner of contest.winners) {
    for (const loser of contest.losers)
      statistics.set(key(winner.name, loser.name), {
        winner: winner.name,
        loser: loser.name,
        logT: 0,
      });
    if (contest.losers.length === 0)
      statistics.set(key(winner.name, ''), { winner: winner.name, loser: '', logT: 0 });
  }
  for (const [choice, votes] of Object.entries(counts)) {
    if (!votes) continue;
    const winner = contest.winners.find((candidate) => candidate.name === choice);
    const loser = contest.losers.find((candidate) => candidate.name === choice);
    if (winner !== undefined) {
      for (const other of contest.losers) {
        const entry = statistics.get(key(winner.name, other.name)) as { logT: number };
        entry.logT += votes * Math.log(pairShare(contest, winner.votes, other.votes) / 0.5);
      }
    } else if (loser !== undefined) {
      for (const other of contest.winners) {
        const entry = statistics.get(key(other.name, loser.name)) as { logT: number };
        const factor = (1 - pairShare(contest, other.votes, loser.votes)) / 0.5;
        entry.logT += factor === 0 ? Number.NEGATIVE_INFINITY : votes * Math.log(factor);
      }
    }
  }
  return statistics;
}

/**
 * BRAVO p-values for every (winner, loser) pair from the cumulative sample counts (Arlo's
 * `bravo.compute_risk`). A sample at least as large as the contest is a full hand count: p = 0.
 */
export function bravoRisk(options: {
  contest: Contest;
  riskLimit: number;
  counts: SampleCounts;
}): Result<RiskMeasurement, RiskLimitError> {
  const { contest, counts } = options;
  const alpha = checkRiskLimit(options.riskLimit);
  if (!alpha.ok) return alpha;
  const statistics = [...logTestStatistics(contest, counts).values()];
  const sampled = Object.values(counts).reduce((sum, votes) => sum + votes, 0);
  if (sampled >= contest.ballots) {
    return ok({
      pairs: statistics.map(({ winner, loser }) => ({ winner, loser, pValue: 0 })),
      finished: true,
    });
  }
  let finished = true;
  const pairs = statistics.map(({ winner, loser, logT }) => {
    // raw = 1/T, or 1 when T = 0.
    const logRaw = logT === Number.NEGATIVE_INFINITY ? 0 : -logT;
    if (logRaw > Math.log(alpha.value)) finished = false;
    return { winner, loser, pValue: Math.min(Math.exp(logRaw), 1) };
  });
  return ok({ pairs, finished });
}

function isTie(contest: Contest): boolean {
  if (contest.losers.length === 0) return false;
  const smallestWinner = Math.min(...contest.winners.map((winner) => winner.votes));
  const largestLoser = Math.max(...contest.losers.map((loser) => loser.votes));
  return smallestWinner === largestLoser;
}

function isLandslide(contest: Contest): boolean {
  return contest.losers.length > 0 && Math.max(...contest.losers.map((loser) => loser.votes)) === 0;
}

interface PairShares {
  readonly pw: number;
  readonly pl: number;
  readonly sampleW: number;
  readonly sampleL: number;
}

/** Shared set-up of Arlo's `bravo_sample_sizes` and `expected_prob`. */
function pairSetup(
  alpha: number,
  pair: PairShares,
): { pw2: number; plus: number; minus: number; threshold: number; pwr: number } {
  const pwr = pair.pw + pair.pl;
  const pw2 = pair.pw / pwr;
  const pr2 = 1 - pw2;
  const plus = Math.log(pw2 / 0.5);
  const minus = Math.log(pr2 / 0.5);
  const threshold = Math.log(1 / alpha) - (pair.sampleW * plus + pair.sampleL * minus);
  return { pw2, plus, minus, threshold, pwr };
}

/**
 * Mark Lindeman's analytic one-round size for BRAVO with chance `completion` of finishing
 * if the outcome is right (Arlo's `bravo_sample_sizes`): solve the normal approximation as a
 * quadratic, then step up until the binomial quantile attains the threshold.
 */
export function bravoQuantileSize(options: {
  alpha: number;
  pair: PairShares;
  completion: number;
  totalBallots: number;
}): number {
  const { alpha, pair, completion, totalBallots } = options;
  const { pw2, plus, minus, threshold } = pairSetup(alpha, pair);
  if (threshold <= 0) return 0;
  const pr2 = 1 - pw2;
  const z = -normalQuantile(completion);
  const d = pw2 * pr2;
  const f = threshold / (plus - minus);
  const g = minus / (plus - minus) + pw2;
  const qa = g ** 2;
  const qb = -(z ** 2 * d + 2 * f * g);
  const qc = f ** 2;
  const radical = Math.sqrt(Math.max(0, qb ** 2 - 4 * qa * qc));
  let size = Math.floor(completion > 0.5 ? (-qb + radical) / (2 * qa) : (-qb - radical) / (2 * qa));
  let statistic = Number.NaN;
  while (Number.isNaN(statistic) || (statistic < threshold && size < totalBallots)) {
    const successes = binomialQuantile(1 - completion, size, pw2);
    statistic = successes * plus + (size - successes) * minus;
    if (Number.isNaN(statistic) || statistic < threshold) size += 1;
  }
  return ceilDivideBySum(size, pair.pw, pair.pl);
}

/** The exact value of a double as a fraction with a power-of-two denominator. */
function exactFraction(x: number): { numerator: bigint; denominator: bigint } {
  let value = x;
  let denominator = 1n;
  // Doubling is exact; a finite double becomes an integer after at most 1074 doublings.
  while (!Number.isInteger(value)) {
    value *= 2;
    denominator *= 2n;
  }
  return { numerator: BigInt(value), denominator };
}

/**
 * ⌈size / (a + b)⌉ in exact arithmetic. Arlo adds the two shares as exact decimals
 * (`Decimal(p_w) + Decimal(p_r)`), and `size / p_wr` is often a whole number in exact
 * arithmetic (1683 / 0.68 = 2475) that a double sum would push just below.
 */
function ceilDivideBySum(size: number, a: number, b: number): number {
  const x = exactFraction(a);
  const y = exactFraction(b);
  const denominator = x.denominator > y.denominator ? x.denominator : y.denominator;
  const sum =
    x.numerator * (denominator / x.denominator) + y.numerator * (denominator / y.denominator);
  const dividend = BigInt(size) * denominator;
  const quotient = dividend / sum;
  return Number(quotient * sum === dividend ? quotient : quotient + 1n);
}

/** Chance that a round of `asn` ballots completes (Arlo's `expected_prob`), rounded to 0.01. */
export function bravoExpectedProbability(options: {
  alpha: number;
  pair: PairShares;
  asn: number;
}): number {
  const { pw2, plus, minus, threshold, pwr } = pairSetup(options.alpha, options.pair);
  if (threshold <= 0) return 0;
  const n = options.asn * pwr;
  const rx = (threshold - minus * n) / (plus - minus);
  const z = (rx - n * pw2) / Math.sqrt(n * pw2 * (1 - pw2));
  return pythonRound(normalCdf(-z), 2);
}

/** BRAVO's average sample number (Arlo's `get_expected_sample_size`). */
export function bravoAsn(options: {
  contest: Contest;
  alpha: number;
  counts: SampleCounts;
}): Result<SampleSizeOption, BravoError> {
  const { contest, alpha, counts } = options;
  if (contest.losers.length === 0) return err({ type: 'no-losers' });
  const statistics = logTestStatistics(contest, counts);
  let size = 0;
  let chosen: PairShares | undefined;
  for (const winner of contest.winners) {
    for (const loser of contest.losers) {
      const pw = winner.votes / contest.ballots;
      const pl = loser.votes / contest.ballots;
      if (pl === 0) continue;
      const { logT } = statistics.get(JSON.stringify([winner.name, loser.name])) as {
        logT: number;
      };
      const sw = pw / (pw + pl);
      const zw = Math.log(2 * sw);
      const zl = Math.log(2 - 2 * sw);
      // ln(weighted alpha) = ln((1/alpha) / T); T = 0 would need every ballot.
      const possible =
        logT === Number.NEGATIVE_INFINITY
          ? contest.ballots
          : Math.ceil((-Math.log(alpha) - logT + zw / 2) / (pw * zw + pl * zl));
      if (possible > size) {
        size = possible;
        chosen = { pw, pl, sampleW: counts[winner.name] ?? 0, sampleL: counts[loser.name] ?? 0 };
      }
    }
  }
  if (size === 0) return err({ type: 'audit-already-complete' });
  const prob =
    chosen !== undefined && contest.numWinners === 1
      ? bravoExpectedProbability({ alpha, pair: chosen, asn: size })
      : null;
  return ok({ key: 'asn', size, prob });
}

/**
 * Arlo's BRAVO sample-size options (`bravo.get_sample_size`): a tie needs every ballot; a
 * contest whose losers got no votes needs one ballot; otherwise the ASN and, for single-winner
 * contests, the sizes with a 70, 80 and 90 % chance of finishing in one round. In contests
 * over 100,000 ballots where the 90 % size reaches a quarter of the ballots, a full count.
 */
export function bravoSampleSizes(options: {
  contest: Contest;
  riskLimit: number;
  /** Cumulative counts of earlier rounds (all zero before the first round). */
  counts?: SampleCounts;
  /** Ballots drawn in earlier rounds. */
  ballotsSampled?: number;
}): Result<SampleSizeOption[], BravoError> {
  const { contest } = options;
  const alpha = checkRiskLimit(options.riskLimit);
  if (!alpha.ok) return alpha;
  if ((options.ballotsSampled ?? 0) >= contest.ballots) return err({ type: 'all-ballots-audited' });
  if (contest.losers.length === 0) return err({ type: 'no-losers' });
  if (isTie(contest)) return ok([{ key: 'all-ballots', size: contest.ballots, prob: null }]);
  if (isLandslide(contest)) return ok([{ key: 'asn', size: 1, prob: 1 }]);
  const counts: Record<string, number> = Object.fromEntries(
    contest.choices.map((choice) => [choice.name, 0]),
  );
  Object.assign(counts, options.counts ?? {});
  const asn = bravoAsn({ contest, alpha: alpha.value, counts });
  if (!asn.ok) return asn;
  const sizes: SampleSizeOption[] = [asn.value];
  if (contest.numWinners !== 1) return ok(sizes);
  for (const [key, quantile] of [
    ['0.7', 0.7],
    ['0.8', 0.8],
    ['0.9', 0.9],
  ] as const) {
    let size = 0;
    for (const winner of contest.winners) {
      for (const loser of contest.losers) {
        const pw = winner.votes / contest.ballots;
        const pl = loser.votes / contest.ballots;
        if (pl === 0) continue;
        const pair = {
          pw,
          pl,
          sampleW: counts[winner.name] ?? 0,
          sampleL: counts[loser.name] ?? 0,
        };
        size = Math.max(
          size,
          bravoQuantileSize({
            alpha: alpha.value,
            pair,
            completion: quantile,
            totalBallots: contest.ballots,
          }),
        );
      }
    }
    if (size !== 0) sizes.push({ key, size, prob: quantile });
  }
  const ninety = sizes.find((option) => option.key === '0.9');
  if (contest.ballots > 100_000 && ninety !== undefined && ninety.size >= contest.ballots * 0.25) {
    return ok([{ key: 'all-ballots', size: contest.ballots, prob: null }]);
  }
  return ok(sizes);
}
