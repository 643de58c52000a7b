/**
 * SHANGRLA assertions and assorters (P. B. Stark, "Sets of Half-Average Nulls Generate
 * Risk-Limiting Audits: SHANGRLA", Voting '20, 2020). A contest's reported outcome is right if
 * every assertion holds, i.e. the mean of its assorter over all ballots exceeds 1/2.
 * - plurality / vote-for-n / approval: for each (winner, loser) pair,
 *   A(b) = (1[b marks w] − 1[b marks l] + 1) / 2, upper bound 1;
 * - supermajority with share f: A(b) = 1/(2f) for a vote for w alone, 0 for a valid vote for
 *   another choice, 1/2 otherwise; upper bound 1/(2f).
 * Reported assorter mean ā and margin v = 2ā − 1 come from the reported totals; for a
 * comparison audit the overstatement assorter is B(b) = (1 − ω(b)/u) / (2 − v/u), with
 * ω = A(cvr) − A(audited) and upper bound 2/(2 − v/u) (SHANGRLA §3.2). Ballots without a CVR
 * or that cannot be found take the worst case, B = 0.
 *
 * Scope: IRV (RAIRE) and runoff-threshold assertions are not built here.
 */
import type { Contest } from './contest';

/** One assertion with its assorter. */
export interface Assertion {
  /** Human-readable, e.g. `Alice beats Bob`. */
  readonly name: string;
  readonly winner: string;
  /** The loser, or `null` for a supermajority assertion (winner against all). */
  readonly loser: string | null;
  /** Upper bound of the assorter. */
  readonly upperBound: number;
  /** Assorter value of a ballot marking these choices. */
  readonly assort: (choices: readonly string[]) => number;
  /** Mean of the assorter over all ballots, from the reported totals. */
  readonly reportedMean: number;
}

/** The assertions that together imply the contest's reported outcome. */
export function contestAssertions(contest: Contest): Assertion[] {
  const N = contest.ballots;
  if (contest.supermajority !== null) {
    const f = contest.supermajority;
    const winner = contest.winners[0];
    if (winner === undefined) return [];
    const invalid = Math.max(N - contest.validVotes, 0);
    return [
      {
        name: `${winner.name} wins more than ${f} of valid votes`,
        winner: winner.name,
        loser: null,
        upperBound: 1 / (2 * f),
        assort: (choices) =>
          choices.length === 1
            ? choices[0] === winner.name
              ? 1 / (2 * f)
              : contest.choices.some((c) => c.name === choices[0])
                ? 0
                : 0.5
            : 0.5,
        reportedMean: (winner.votes / (2 * f) + invalid / 2) / N,
      },
    ];
  }
  return contest.winners.flatMap((winner) =>
    contest.losers.map((loser) => ({
      name: `${winner.name} beats ${loser.name}`,
      winner: winner.name,
      loser: loser.name,
      upperBound: 1,
      assort: (choices: readonly string[]) =>
        ((choices.includes(winner.name) ? 1 : 0) - (choices.includes(loser.name) ? 1 : 0) + 1) / 2,
      reportedMean: ((winner.votes - loser.votes) / N + 1) / 2,
    })),
  );
}

/** The reported assorter margin v = 2ā − 1. */
export function assorterMargin(assertion: Assertion): number {
  return 2 * assertion.reportedMean - 1;
}

/** Upper bound of the overstatement assorter: 2 / (2 − v/u). */
export function overstatementUpperBound(assertion: Assertion): number {
  return 2 / (2 - assorterMargin(assertion) / assertion.upperBound);
}

/**
 * B(b) for one compared ballot; `null` CVR or audited choices (no CVR, ballot not found) take
 * the worst case 0.
 */
export function overstatementValue(
  assertion: Assertion,
  cvr: readonly string[] | null,
  audited: readonly string[] | null,
): number {
  if (cvr === null || audited === null) return 0;
  const u = assertion.upperBound;
  const overstatement = assertion.assort(cvr) - assertion.assort(audited);
  return (1 - overstatement / u) / (2 - assorterMargin(assertion) / u);
}
