/**
 * A contest's reported results and the quantities every audit method derives from them,
 * computed as Arlo's `sampler_contest.Contest` does (server/audit_math/sampler_contest.py):
 * winners are the `numWinners` choices with the most votes (ties keep the file's order),
 * `p` shares are over ballots, `s` shares over valid votes, and the diluted margin is the
 * smallest winner-minus-loser vote difference divided by the ballots cast.
 */
import { type Result, err, ok } from '@vigil/basics';

/** A choice and its reported votes. */
export interface Choice {
  readonly name: string;
  readonly votes: number;
}

/** A contest with its reported outcome. */
export interface Contest {
  readonly name: string;
  /** Ballots cast in the contest (the sampling population). */
  readonly ballots: number;
  readonly numWinners: number;
  readonly votesAllowed: number;
  /** Ballots not yet tallied (batch comparison only). */
  readonly pendingBallots: number;
  /** A winner must win more than this share of valid votes (e.g. 2/3), or `null`. */
  readonly supermajority: number | null;
  /** All choices, in the input's order. */
  readonly choices: readonly Choice[];
  readonly winners: readonly Choice[];
  readonly losers: readonly Choice[];
  /** Sum of votes over all choices. */
  readonly validVotes: number;
  /** Smallest (winner − loser) / ballots; −1 without losers (Arlo's convention). */
  readonly dilutedMargin: number;
}

/** The contest file, as documented in docs/cli-audit.md. */
export interface ContestInput {
  readonly name: string;
  readonly ballots: number;
  readonly winners: number;
  readonly choices: Readonly<Record<string, number>>;
  readonly votesAllowed?: number;
  readonly pendingBallots?: number;
  readonly supermajority?: number;
}

/** A problem in a contest description, located by JSON path. */
export interface ContestProblem {
  readonly type: 'contest-invalid';
  readonly path: string;
  readonly message: string;
}

function isWholeNumber(value: unknown, minimum: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= minimum;
}

/** Validates an untrusted contest description (e.g. parsed JSON) and builds the contest. */
export function parseContest(input: unknown): Result<Contest, ContestProblem[]> {
  const problems: ContestProblem[] = [];
  const problem = (path: string, message: string): void =>
    void problems.push({ type: 'contest-invalid', path, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problem('$', 'expected an object');
    return err(problems);
  }
  const record = input as Record<string, unknown>;
  const allowed = new Set([
    'name',
    'ballots',
    'winners',
    'choices',
    'votesAllowed',
    'pendingBallots',
    'supermajority',
  ]);
  for (const key of Object.keys(record))
    if (!allowed.has(key)) problem(`$.${key}`, 'unknown property');
  const name = record['name'];
  if (typeof name !== 'string' || name.trim() === '')
    problem('$.name', 'expected a non-empty string');
  const ballots = record['ballots'];
  if (!isWholeNumber(ballots, 1)) problem('$.ballots', 'expected a whole number ≥ 1');
  const winners = record['winners'];
  if (!isWholeNumber(winners, 1)) problem('$.winners', 'expected a whole number ≥ 1');
  const votesAllowed = record['votesAllowed'] ?? winners;
  if (!isWholeNumber(votesAllowed, 1)) problem('$.votesAllowed', 'expected a whole number ≥ 1');
  const pendingBallots = record['pendingBallots'] ?? 0;
  if (!isWholeNumber(pendingBallots, 0)) problem('$.pendingBallots', 'expected a whole number ≥ 0');
  const supermajority = record['supermajority'] ?? null;
  if (
    supermajority !== null &&
    (typeof supermajority !== 'number' || !(supermajority >= 0.5 && supermajority < 1))
  ) {
    problem('$.supermajority', 'expected a share in [0.5, 1)');
  }
  const choicesValue = record['choices'];
  const choices: Choice[] = [];
  if (typeof choicesValue !== 'object' || choicesValue === null || Array.isArray(choicesValue)) {
    problem('$.choices', 'expected an object of choice names to vote counts');
  } else {
    for (const [choice, votes] of Object.entries(choicesValue as Record<string, unknown>)) {
      if (!isWholeNumber(votes, 0))
        problem(`$.choices[${JSON.stringify(choice)}]`, 'expected a whole number of votes ≥ 0');
      else choices.push({ name: choice, votes });
    }
    if (Object.keys(choicesValue).length === 0)
      problem('$.choices', 'expected at least one choice');
  }
  if (problems.length > 0) return err(problems);
  const total = choices.reduce((sum, choice) => sum + choice.votes, 0);
  if (total === 0) problem('$.choices', 'the contest has no votes');
  if (total > (ballots as number) * (votesAllowed as number)) {
    problem(
      '$.ballots',
      `${total} votes cannot come from ${ballots as number} ballots with ${votesAllowed as number} vote(s) each`,
    );
  }
  if ((winners as number) > choices.length) problem('$.winners', 'more winners than choices');
  if (supermajority !== null && winners !== 1)
    problem('$.supermajority', 'a supermajority contest has one winner');
  if (problems.length > 0) return err(problems);
  return ok(
    buildContest({
      name: name as string,
      ballots: ballots as number,
      winners: winners as number,
      choices: Object.fromEntries(choices.map((choice) => [choice.name, choice.votes])),
      votesAllowed: votesAllowed as number,
      pendingBallots: pendingBallots as number,
      ...(supermajority === null ? {} : { supermajority: supermajority as number }),
    }),
  );
}

/** Builds a contest from validated input (see {@link parseContest} for untrusted input). */
export function buildContest(input: ContestInput): Contest {
  const choices = Object.entries(input.choices).map(([name, votes]) => ({ name, votes }));
  // Array.prototype.sort is stable, as Python's sorted(): equal votes keep the input order.
  const ranked = [...choices].sort((a, b) => b.votes - a.votes);
  const winners = ranked.slice(0, input.winners);
  const losers = ranked.slice(input.winners);
  let smallest = input.ballots;
  for (const winner of winners)
    for (const loser of losers) smallest = Math.min(smallest, winner.votes - loser.votes);
  return {
    name: input.name,
    ballots: input.ballots,
    numWinners: input.winners,
    votesAllowed: input.votesAllowed ?? input.winners,
    pendingBallots: input.pendingBallots ?? 0,
    supermajority: input.supermajority ?? null,
    choices,
    winners,
    losers,
    validVotes: choices.reduce((sum, choice) => sum + choice.votes, 0),
    dilutedMargin: losers.length > 0 ? smallest / input.ballots : -1,
  };
}

/** Why a risk limit is refused. */
export interface RiskLimitError {
  readonly type: 'invalid-risk-limit';
  readonly value: number;
}

/** Risk limits are probabilities strictly between 0 and 1. */
export function checkRiskLimit(riskLimit: number): Result<number, RiskLimitError> {
  return riskLimit > 0 && riskLimit < 1
    ? ok(riskLimit)
    : err({ type: 'invalid-risk-limit', value: riskLimit });
}
