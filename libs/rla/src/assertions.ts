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
 * - runoff threshold f (top two advance unless a candidate has more than f of valid votes):
 *   an outright winner w takes the supermajority assorter with share f; two candidates a, b
 *   advancing take the pair assorters a beats c and b beats c for every other c, plus, for each
 *   of a and b, "x has less than f of valid votes": A(b) = 1/(2(1 − f)) for a valid vote for
 *   another choice, 0 for a vote for x, 1/2 otherwise (mean > 1/2 ⟺ x < f · valid votes);
 *   upper bound 1/(2(1 − f)). Every other c trails a, so it is under f too;
 * - IRV: RAIRE's NEB and NEN assertions with SHANGRLA's assorters (irv.ts); the choices passed
 *   to `assort` are the ballot's ranking, first preference first.
 */
import type { Contest } from './contest';
import { irvAssertionName, irvAssort } from './irv';

/** One possible assorter value of a drawn ballot and its reported probability. */
export interface AssorterOutcome {
  readonly value: number;
  readonly probability: number;
}

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
  /**
   * Distribution of the assorter over the reported ballots, for simulated polling audits;
   * absent for plurality pairs (the simulation draws winner, loser or neither from the totals).
   */
  readonly pollingOutcomes?: readonly AssorterOutcome[];
}

/** "w has more than f of valid votes": SHANGRLA's supermajority assorter. */
function thresholdAssertion(
  contest: Contest,
  winnerName: string,
  votes: number,
  f: number,
  name: string,
): Assertion {
  const N = contest.ballots;
  const invalid = Math.max(N - contest.validVotes, 0);
  const others = contest.validVotes - votes;
  return {
    name,
    winner: winnerName,
    loser: null,
    upperBound: 1 / (2 * f),
    assort: (choices) =>
      choices.length === 1
        ? choices[0] === winnerName
          ? 1 / (2 * f)
          : contest.choices.some((c) => c.name === choices[0])
            ? 0
            : 0.5
        : 0.5,
    reportedMean: (votes / (2 * f) + invalid / 2) / N,
    pollingOutcomes: [
      { value: 1 / (2 * f), probability: votes / N },
      { value: 0, probability: others / N },
      { value: 0.5, probability: invalid / N },
    ],
  };
}

/** "x has less than f of valid votes" (a runoff is needed): see the module comment. */
function belowThresholdAssertion(
  contest: Contest,
  name: string,
  votes: number,
  f: number,
): Assertion {
  const N = contest.ballots;
  const invalid = Math.max(N - contest.validVotes, 0);
  const others = contest.validVotes - votes;
  const high = 1 / (2 * (1 - f));
  return {
    name: `${name} has less than ${f} of valid votes (runoff)`,
    winner: name,
    loser: null,
    upperBound: high,
    assort: (choices) =>
      choices.length === 1 && contest.choices.some((c) => c.name === choices[0])
        ? choices[0] === name
          ? 0
          : high
        : 0.5,
    reportedMean: (others * high + invalid / 2) / N,
    pollingOutcomes: [
      { value: high, probability: others / N },
      { value: 0, probability: votes / N },
      { value: 0.5, probability: invalid / N },
    ],
  };
}

function irvAssertions(contest: Contest): Assertion[] {
  const irv = contest.irv;
  if (irv === null) return [];
  const N = contest.ballots;
  return irv.assertions.map((assertion) => {
    // With rankings the split of 1, 0 and 1/2 is known; with RAIRE's margin alone assume no
    // ballot is neutral (the widest spread for that mean, so simulated sizes are not optimistic).
    const winner = assertion.tallies?.winner ?? (N + assertion.reportedMargin) / 2;
    const loser = assertion.tallies?.loser ?? (N - assertion.reportedMargin) / 2;
    return {
      name: irvAssertionName(assertion),
      winner: assertion.winner,
      loser: assertion.loser,
      upperBound: 1,
      assort: (ranking: readonly string[]) => irvAssort(assertion, ranking),
      reportedMean: (assertion.reportedMargin / N + 1) / 2,
      pollingOutcomes: [
        { value: 1, probability: winner / N },
        { value: 0, probability: loser / N },
        { value: 0.5, probability: Math.max(N - winner - loser, 0) / N },
      ],
    };
  });
}

/** The assertions that together imply the contest's reported outcome. */
export function contestAssertions(contest: Contest): Assertion[] {
  const N = contest.ballots;
  if (contest.irv !== null) return irvAssertions(contest);
  if (contest.supermajority !== null) {
    const f = contest.supermajority;
    const winner = contest.winners[0];
    if (winner === undefined) return [];
    return [
      thresholdAssertion(
        contest,
        winner.name,
        winner.votes,
        f,
        `${winner.name} wins more than ${f} of valid votes`,
      ),
    ];
  }
  const f = contest.runoffThreshold;
  if (f !== null && contest.numWinners === 1) {
    const winner = contest.winners[0];
    if (winner === undefined) return [];
    return [
      thresholdAssertion(
        contest,
        winner.name,
        winner.votes,
        f,
        `${winner.name} wins more than ${f} of valid votes (no runoff)`,
      ),
    ];
  }
  const below =
    f === null
      ? []
      : contest.winners.map((winner) =>
          belowThresholdAssertion(contest, winner.name, winner.votes, f),
        );
  return [
    ...below,
    ...contest.winners.flatMap((winner) =>
      contest.losers.map((loser) => ({
        name: `${winner.name} beats ${loser.name}`,
        winner: winner.name,
        loser: loser.name,
        upperBound: 1,
        assort: (choices: readonly string[]) =>
          ((choices.includes(winner.name) ? 1 : 0) - (choices.includes(loser.name) ? 1 : 0) + 1) /
          2,
        reportedMean: ((winner.votes - loser.votes) / N + 1) / 2,
      })),
    ),
  ];
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
