/**
 * Kaplan-Markov ballot-level comparison audits with Stark's "super-simple" simultaneous
 * bound: P. B. Stark, "Super-Simple Simultaneous Single-Ballot Risk-Limiting Audits",
 * EVT/WOTE 2010, with γ = 1.03905 as in Stark's tools, AGI and ColoradoRLA. Ported from
 * Arlo (votingworks/arlo server/audit_math/supersimple.py) so that sample sizes and p-values
 * equal Arlo's: with U = 2γ/μ (μ the diluted margin) and e_r the ballot's overstatement as a
 * share of the pair margin,
 *   p = Π_r (1 − 1/U) / (1 − e_r · V / (2γ))   (V = μN, understatements counted as 0),
 * and the initial size solves the same bound with Arlo's default expected discrepancy rates
 * (one-vote 1/1000, two-vote 1/10000). Ballots that are not in the CVRs or cannot be found
 * count as two-vote overstatements.
 *
 * Scope: plurality and multi-winner plurality contests, ballot-level CVRs, one contest at a time.
 */
import { type Result, err, ok } from '@vigil/basics';
import { type Contest, type RiskLimitError, checkRiskLimit } from './contest';
import {
  type Decimal28,
  decimalCeil,
  decimalDivide,
  decimalFromNumber,
  decimalMultiply,
  decimalRoundHalfUp,
} from './decimal28';

/** Stark's inflation factor γ. */
export const GAMMA = 1.03905;

/** Counts of discrepancies in a comparison sample (ballot draws, with multiplicity). */
export interface DiscrepancyCounts {
  readonly sampled: number;
  /** One-vote and two-vote overstatements (favouring reported winners). */
  readonly o1: number;
  readonly o2: number;
  /** One-vote and two-vote understatements. */
  readonly u1: number;
  readonly u2: number;
}

/** One audited ballot of a comparison sample. */
export interface ComparedBallot {
  /** Choices the CVR records in this contest; `null` if the ballot has no CVR. */
  readonly cvr: readonly string[] | null;
  /** Choices the audit board read; `null` if the ballot could not be found. */
  readonly audited: readonly string[] | null;
  /** Times the ballot was drawn (sampling with replacement); 1 by default. */
  readonly timesSampled?: number;
}

/** The discrepancy of one ballot: the largest over (winner, loser) pairs. */
export interface Discrepancy {
  /** Overstatement in votes (−2…2). */
  readonly countedAs: number;
  /** countedAs / (winner's votes − loser's votes) for that pair. */
  readonly weightedError: number;
}

/** Why a comparison sample size cannot be computed. */
export type ComparisonError = RiskLimitError | { readonly type: 'no-losers' };

/** Arlo's `supersimple.discrepancy` for plurality ballots, worst pair first. */
export function ballotDiscrepancy(contest: Contest, ballot: ComparedBallot): Discrepancy | null {
  let worst: Discrepancy | null = null;
  for (const winner of contest.winners) {
    for (const loser of contest.losers) {
      let error: number;
      if (ballot.cvr === null || ballot.audited === null) error = 2;
      else {
        const vote = (choices: readonly string[], name: string): number =>
          choices.includes(name) ? 1 : 0;
        error =
          vote(ballot.cvr, winner.name) -
          vote(ballot.audited, winner.name) -
          (vote(ballot.cvr, loser.name) - vote(ballot.audited, loser.name));
      }
      if (error === 0) continue;
      const margin = winner.votes - loser.votes;
      const discrepancy = {
        countedAs: error,
        weightedError: margin > 0 ? error / margin : Number.POSITIVE_INFINITY,
      };
      if (worst === null || discrepancy.countedAs > worst.countedAs) worst = discrepancy;
    }
  }
  return worst;
}

/** Counts a per-ballot sample into one- and two-vote over- and understatements. */
export function countDiscrepancies(
  contest: Contest,
  ballots: readonly ComparedBallot[],
): DiscrepancyCounts {
  const counts = { sampled: 0, o1: 0, o2: 0, u1: 0, u2: 0 };
  for (const ballot of ballots) {
    const times = ballot.timesSampled ?? 1;
    counts.sampled += times;
    const discrepancy = ballotDiscrepancy(contest, ballot);
    if (discrepancy === null) continue;
    if (discrepancy.countedAs >= 2) counts.o2 += times;
    else if (discrepancy.countedAs === 1) counts.o1 += times;
    else if (discrepancy.countedAs === -1) counts.u1 += times;
    else if (discrepancy.countedAs <= -2) counts.u2 += times;
  }
  return counts;
}

/** The measured risk of a comparison audit. */
export interface ComparisonRisk {
  readonly pValue: number;
  readonly finished: boolean;
}

/**
 * Kaplan-Markov p-value over per-ballot comparisons (Arlo's `supersimple.compute_risk`).
 * A sample at least as large as the contest is a full hand count: p = 0.
 */
export function superSimpleRisk(options: {
  contest: Contest;
  riskLimit: number;
  ballots: readonly ComparedBallot[];
}): Result<ComparisonRisk, RiskLimitError> {
  const { contest, ballots } = options;
  const alpha = checkRiskLimit(options.riskLimit);
  if (!alpha.ok) return alpha;
  const margin = contest.dilutedMargin;
  let logP = 0;
  let sampled = 0;
  for (const ballot of ballots) {
    const times = ballot.timesSampled ?? 1;
    sampled += times;
    // A tie (or no margin) leaves p at 1: 1 − 1/∞ over 1 − e/∞.
    if (margin <= 0) continue;
    const discrepancy = ballotDiscrepancy(contest, ballot);
    const error = discrepancy === null ? 0 : Math.max(discrepancy.weightedError, 0);
    const u = (2 * GAMMA) / margin;
    const denominator = (2 * GAMMA) / (margin * contest.ballots);
    logP += times * (Math.log1p(-1 / u) - Math.log1p(-error / denominator));
  }
  if (sampled >= contest.ballots) return ok({ pValue: 0, finished: true });
  const p = Math.exp(logP);
  return ok({ pValue: Math.min(p, 1), finished: p > 0 && p < alpha.value });
}

/**
 * Kaplan-Markov p-value from discrepancy counts, each discrepancy taken on the pair with the
 * smallest margin (exact for two-choice contests, conservative otherwise).
 */
export function superSimpleRiskFromCounts(options: {
  contest: Contest;
  riskLimit: number;
  counts: DiscrepancyCounts;
}): Result<ComparisonRisk, RiskLimitError> {
  const { contest, counts } = options;
  const alpha = checkRiskLimit(options.riskLimit);
  if (!alpha.ok) return alpha;
  if (counts.sampled >= contest.ballots) return ok({ pValue: 0, finished: true });
  if (contest.dilutedMargin <= 0) return ok({ pValue: 1, finished: false });
  const u = (2 * GAMMA) / contest.dilutedMargin;
  const logP =
    counts.sampled * Math.log1p(-1 / u) -
    counts.o1 * Math.log1p(-1 / (2 * GAMMA)) -
    counts.o2 * Math.log1p(-1 / GAMMA);
  const p = Math.exp(logP);
  return ok({ pValue: Math.min(p, 1), finished: p > 0 && p < alpha.value });
}

const LN_O1 = Math.log(1 - 1 / (2 * GAMMA));
const LN_O2 = Math.log(1 - 1 / GAMMA);
const LN_U1 = Math.log(1 + 1 / (2 * GAMMA));
const LN_U2 = Math.log(1 + 1 / GAMMA);

/** Arlo's `nMin`: the size at which the given discrepancies still meet the risk limit. */
function nMin(
  alpha: number,
  margin: number,
  o1: number,
  o2: number,
  u1: number,
  u2: number,
): number {
  return Math.max(
    o1 + o2 + u1 + u2,
    Math.ceil(
      (-2 * GAMMA * (Math.log(alpha) + o1 * LN_O1 + o2 * LN_O2 + u1 * LN_U1 + u2 * LN_U2)) / margin,
    ),
  );
}

/**
 * Ballots still to sample (Arlo's `supersimple.get_sample_sizes`). Before the first round the
 * rates are Arlo's defaults; afterwards the observed overstatement rates (understatements are
 * ignored, conservatively). Rounding of expected discrepancy counts follows Arlo's decimals.
 */
export function superSimpleSampleSize(options: {
  contest: Contest;
  riskLimit: number;
  observed?: Pick<DiscrepancyCounts, 'sampled' | 'o1' | 'o2'>;
}): Result<number, ComparisonError> {
  const { contest } = options;
  const alpha = checkRiskLimit(options.riskLimit);
  if (!alpha.ok) return alpha;
  if (contest.losers.length === 0) return err({ type: 'no-losers' });
  const sampled = options.observed?.sampled ?? 0;
  let r1: Decimal28;
  let r2: Decimal28;
  let s1: Decimal28;
  let s2: Decimal28;
  if (sampled > 0 && options.observed !== undefined) {
    const n = decimalFromNumber(sampled);
    r1 = decimalDivide(decimalFromNumber(options.observed.o1), n);
    r2 = decimalDivide(decimalFromNumber(options.observed.o2), n);
    s1 = decimalFromNumber(0);
    s2 = decimalFromNumber(0);
  } else {
    r1 = decimalFromNumber(0.001);
    r2 = decimalFromNumber(0.0001);
    s1 = decimalFromNumber(0.001);
    s2 = decimalFromNumber(0.0001);
  }
  const asNumber = (value: Decimal28): number => Number(value.coefficient) * 10 ** value.exponent;
  const denominator =
    Math.log(1 - contest.dilutedMargin / (2 * GAMMA)) -
    asNumber(r1) * LN_O1 -
    asNumber(r2) * LN_O2 -
    asNumber(s1) * LN_U1 -
    asNumber(s2) * LN_U2;
  let stopping: number;
  if (!(denominator < 0) || contest.dilutedMargin <= 0) stopping = contest.ballots;
  else {
    const n0 = decimalFromNumber(Math.ceil(Math.log(alpha.value) / denominator));
    const o1 = decimalCeil(decimalMultiply(r1, n0));
    const u1 = decimalCeil(decimalMultiply(s1, n0));
    const o2 = decimalRoundHalfUp(decimalMultiply(r2, n0));
    const u2 = decimalRoundHalfUp(decimalMultiply(s2, n0));
    stopping = Math.min(nMin(alpha.value, contest.dilutedMargin, o1, o2, u1, u2), contest.ballots);
  }
  return ok(Math.max(stopping - sampled, 0));
}
