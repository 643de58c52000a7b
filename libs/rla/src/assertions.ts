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
 * - compound runoff rules (runoff.ts): every condition is linear in the votes and becomes
 *   {@link linearAssertion}; which ones are audited is in runoff.ts and docs/statistics.md;
 * - IRV: RAIRE's NEB and NEN assertions with SHANGRLA's assorters (irv.ts); the choices passed
 *   to `assort` are the ballot's ranking, first preference first.
 */
import type { Choice, Contest } from './contest';
import { irvAssertionName, irvAssort } from './irv';
import { type RunoffCondition, waysThatHold } from './runoff';

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
  const pairs = contest.winners.flatMap((winner) =>
    contest.losers.map((loser) => pairAssertion(contest, winner, loser)),
  );
  if (contest.runoffRule === null) return pairs;
  // Outright winner: runoffAssertions adds the pairs it needs; runoff: the top two beat the rest.
  return contest.numWinners === 1
    ? runoffAssertions(contest)
    : [...runoffAssertions(contest), ...pairs];
}

/** "w beats l": SHANGRLA's plurality pair assorter. */
function pairAssertion(contest: Contest, winner: Choice, loser: Choice): Assertion {
  return {
    name: `${winner.name} beats ${loser.name}`,
    winner: winner.name,
    loser: loser.name,
    upperBound: 1,
    assort: (choices: readonly string[]) =>
      ((choices.includes(winner.name) ? 1 : 0) - (choices.includes(loser.name) ? 1 : 0) + 1) / 2,
    reportedMean: ((winner.votes - loser.votes) / contest.ballots + 1) / 2,
  };
}

/**
 * The assertion "Σ g(b) > 0" for a linear g: `weight(choice)` for a ballot with one valid vote,
 * 0 for any other ballot (blank, invalid, overvoted). A(b) = (g(b) + m)/(2m) with −m = `least`
 * (m > 0), so A ∈ [0, u], u = (max weight + m)/(2m), and mean A > 1/2 ⟺ Σ g > 0.
 */
export function linearAssertion(
  contest: Contest,
  options: {
    readonly name: string;
    readonly winner: string;
    readonly loser: string | null;
    readonly weight: (choice: string) => number;
    /** The least and greatest weight any choice could have (−m < 0 and the maximum). */
    readonly least: number;
    readonly most: number;
  },
): Assertion {
  const N = contest.ballots;
  const invalid = Math.max(N - contest.validVotes, 0);
  const weights = contest.choices.map((choice) => options.weight(choice.name));
  const m = -options.least;
  const high = options.most;
  const valueOf = new Map(
    contest.choices.map((choice, index) => [
      choice.name,
      ((weights[index] as number) + m) / (2 * m),
    ]),
  );
  // Outcomes by value, largest first, then ballots without a valid vote (1/2).
  const grouped = new Map<number, number>();
  const byValue = [...contest.choices].sort(
    (p, q) => (valueOf.get(q.name) as number) - (valueOf.get(p.name) as number),
  );
  for (const choice of byValue) {
    const value = valueOf.get(choice.name) as number;
    grouped.set(value, (grouped.get(value) ?? 0) + choice.votes);
  }
  grouped.set(0.5, (grouped.get(0.5) ?? 0) + invalid);
  let total = invalid * 0.5;
  for (const choice of contest.choices)
    total += choice.votes * (valueOf.get(choice.name) as number);
  return {
    name: options.name,
    winner: options.winner,
    loser: options.loser,
    upperBound: (high + m) / (2 * m),
    assort: (choices) => (choices.length === 1 ? (valueOf.get(choices[0] as string) ?? 0.5) : 0.5),
    reportedMean: total / N,
    pollingOutcomes: [...grouped].map(([value, count]) => ({ value, probability: count / N })),
  };
}

/** The assertion's margin relative to its upper bound, v/u: larger is easier to confirm. */
const ease = (assertion: Assertion): number => assorterMargin(assertion) / assertion.upperBound;

/** Assertions of a two-round contest: see runoff.ts for which ones and why. */
function runoffAssertions(contest: Contest): Assertion[] {
  const rule = contest.runoffRule;
  if (rule === null) return [];
  const share = (x: string, f: number, above: boolean, label: string): Assertion =>
    linearAssertion(contest, {
      name: above
        ? `${x} wins ${label} ${f} of valid votes (no runoff)`
        : `${x} has less than ${f} of valid votes (runoff)`,
      winner: x,
      loser: null,
      weight: (choice) => (above ? (choice === x ? 1 - f : -f) : choice === x ? f - 1 : f),
      least: above ? -f : f - 1,
      most: above ? 1 - f : f,
    });
  const lead = (x: string, y: string, d: number, above: boolean, label: string): Assertion =>
    linearAssertion(contest, {
      name: above
        ? `${x} leads ${y} by ${label} ${d} of valid votes (no runoff)`
        : `${x} leads ${y} by less than ${d} of valid votes (runoff)`,
      winner: x,
      loser: y,
      weight: (choice) =>
        above
          ? (choice === x ? 1 : choice === y ? -1 : 0) - d
          : d - (choice === x ? 1 : choice === y ? -1 : 0),
      least: above ? -1 - d : d - 1,
      most: above ? 1 - d : d + 1,
    });
  const label = (condition: RunoffCondition): string =>
    condition.strict ? 'more than' : 'at least';

  if (contest.numWinners === 1) {
    const winner = contest.winners[0];
    if (winner === undefined) return [];
    const others = contest.choices.filter((choice) => choice.name !== winner.name);
    const candidates = waysThatHold(rule, contest.choices).map((index) => {
      const way = rule.ways[index] ?? [];
      const assertions = way.flatMap((condition) =>
        condition.kind === 'share'
          ? [share(winner.name, condition.value, true, label(condition))]
          : others.map((other) =>
              lead(winner.name, other.name, condition.value, true, label(condition)),
            ),
      );
      // Without a lead, a share below 1/2 does not make w first: add w beats c.
      const first =
        way.some((condition) => condition.kind === 'lead') ||
        way.some((condition) => condition.kind === 'share' && condition.value >= 0.5);
      const extra = first ? [] : others.map((other) => pairAssertion(contest, winner, other));
      return [...assertions, ...extra];
    });
    // The way whose hardest assertion is easiest.
    let best: Assertion[] = [];
    let bestEase = -Infinity;
    for (const assertions of candidates) {
      const hardest = Math.min(...assertions.map(ease));
      if (hardest > bestEase) {
        bestEase = hardest;
        best = assertions;
      }
    }
    return best;
  }

  // Runoff: for x in the top two and every way, the failing condition easiest to confirm.
  const [a, b] = contest.winners;
  if (a === undefined || b === undefined) return [];
  return [a, b].flatMap((x) => {
    const y = x === a ? b : a;
    return rule.ways.map((way) => {
      const options = way.map((condition) =>
        condition.kind === 'share'
          ? share(x.name, condition.value, false, '')
          : lead(x.name, y.name, condition.value, false, ''),
      );
      return options.reduce((easiest, option) => (ease(option) > ease(easiest) ? option : easiest));
    });
  });
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
