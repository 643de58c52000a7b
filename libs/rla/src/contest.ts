/**
 * A contest's reported results and the quantities every audit method derives from them,
 * computed as Arlo's `sampler_contest.Contest` does (server/audit_math/sampler_contest.py):
 * winners are the `numWinners` choices with the most votes (ties keep the file's order),
 * `p` shares are over ballots, `s` shares over valid votes, and the diluted margin is the
 * smallest winner-minus-loser vote difference divided by the ballots cast.
 */
import { type Result, err, ok } from '@vigil/basics';
import {
  type RunoffRule,
  describeWay,
  parseRunoffRule,
  thresholdRule,
  waysThatHold,
} from './runoff';
import {
  type IrvContest,
  type RaireAssertions,
  type RankedVotes,
  buildIrvContest,
  parseRaireAssertions,
  parseRankedVotes,
} from './irv';

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
  /**
   * Runoff threshold f: a candidate with more than f of valid votes wins outright, else the top
   * two go to a runoff (`numWinners` 1: outright winner; 2: the two who advance), or `null`.
   */
  readonly runoffThreshold: number | null;
  /**
   * The two-round rule (runoff.ts): `runoffThreshold` f as the rule "more than f", or a compound
   * `runoffRule` (e.g. 45 %, or 40 % with a 10-point lead); `null` for other contests.
   */
  readonly runoffRule: RunoffRule | null;
  /** An instant-runoff contest audited through RAIRE's assertions, or `null`. */
  readonly irv: IrvContest | null;
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
  readonly runoffThreshold?: number;
  readonly runoffRule?: RunoffRule;
  readonly irv?: IrvContest;
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
    'runoffThreshold',
    'runoffRule',
    'irv',
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
  // Runoff and IRV ballots carry one vote (one ranking) whatever the number of winners.
  const votesAllowed =
    record['votesAllowed'] ??
    (record['runoffThreshold'] !== undefined ||
    record['runoffRule'] !== undefined ||
    record['irv'] !== undefined
      ? 1
      : winners);
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
  const runoffThreshold = record['runoffThreshold'] ?? null;
  if (
    runoffThreshold !== null &&
    (typeof runoffThreshold !== 'number' || !(runoffThreshold > 0 && runoffThreshold < 1))
  )
    problem('$.runoffThreshold', 'expected a share in (0, 1), e.g. 0.5');
  if (runoffThreshold !== null && supermajority !== null)
    problem('$.runoffThreshold', 'a contest has a supermajority or a runoff threshold, not both');
  let runoffRule: RunoffRule | null = null;
  if (record['runoffRule'] !== undefined) {
    const parsed = parseRunoffRule(record['runoffRule'], '$.runoffRule');
    for (const found of parsed.problems) problem(found.path, found.message);
    runoffRule = parsed.rule;
    if (runoffThreshold !== null)
      problem('$.runoffRule', 'give runoffThreshold or runoffRule, not both');
    if (supermajority !== null)
      problem('$.runoffRule', 'a contest has a supermajority or a runoff rule, not both');
  }
  const irvInput = parseIrvInput(record, problems);
  const choicesValue = record['choices'];
  const choices: Choice[] = [];
  if (record['irv'] !== undefined && choicesValue === undefined) {
    // IRV: the candidates come from RAIRE's file, first preferences from the rankings.
    for (const candidate of irvInput?.raire.candidates ?? []) {
      let votes = 0;
      for (const vote of irvInput?.votes ?? []) if (vote.prefs[0] === candidate) votes += vote.n;
      choices.push({ name: candidate, votes });
    }
  } else if (
    typeof choicesValue !== 'object' ||
    choicesValue === null ||
    Array.isArray(choicesValue)
  ) {
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
  if (total === 0 && irvInput === null) problem('$.choices', 'the contest has no votes');
  if (total > (ballots as number) * (votesAllowed as number)) {
    problem(
      '$.ballots',
      `${total} votes cannot come from ${ballots as number} ballots with ${votesAllowed as number} vote(s) each`,
    );
  }
  if ((winners as number) > choices.length) problem('$.winners', 'more winners than choices');
  if (supermajority !== null && winners !== 1)
    problem('$.supermajority', 'a supermajority contest has one winner');
  if (runoffThreshold !== null || runoffRule !== null)
    checkRunoff(
      choices,
      winners as number,
      votesAllowed as number,
      runoffRule ?? thresholdRule(runoffThreshold as number),
      problem,
    );
  let irv: IrvContest | undefined;
  if (irvInput !== null) {
    if (winners !== 1) problem('$.winners', 'an IRV contest has one winner');
    if (record['votesAllowed'] !== undefined && votesAllowed !== 1)
      problem('$.votesAllowed', 'an IRV ballot is one ranking');
    if (supermajority !== null || runoffThreshold !== null || runoffRule !== null)
      problem('$.irv', 'an IRV contest has no supermajority or runoff threshold');
    checkIrvChoices(choices, irvInput, choicesValue !== undefined, problem);
    const cast = (irvInput.votes ?? []).reduce((sum, vote) => sum + vote.n, 0);
    if (cast > (ballots as number))
      problem(
        '$.irv.votes',
        `${cast} ranked ballots exceed the contest's ${ballots as number} ballots`,
      );
    const built = buildIrvContest({
      raire: irvInput.raire,
      votes: irvInput.votes,
      ballots: ballots as number,
      path: '$.irv.raire',
    });
    if (built.ok) irv = built.value;
    else problems.push(...built.error);
  }
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
      ...(runoffThreshold === null ? {} : { runoffThreshold: runoffThreshold as number }),
      ...(runoffRule === null ? {} : { runoffRule }),
      ...(irv === undefined ? {} : { irv }),
    }),
  );
}

/** The `irv` member of a contest file: `{"raire": RAIRE output, "votes": [rankings]}`. */
function parseIrvInput(
  record: Record<string, unknown>,
  problems: ContestProblem[],
): { raire: RaireAssertions; votes: RankedVotes[] | null } | null {
  const value = record['irv'];
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({
      type: 'contest-invalid',
      path: '$.irv',
      message:
        'expected {"raire": RAIRE\'s assertions, "votes": [{"n": …, "prefs": […]}] (optional)}',
    });
    return null;
  }
  const irv = value as Record<string, unknown>;
  for (const key of Object.keys(irv))
    if (key !== 'raire' && key !== 'votes')
      problems.push({ type: 'contest-invalid', path: `$.irv.${key}`, message: 'unknown property' });
  const name = record['name'];
  const raire = parseRaireAssertions(irv['raire'], {
    path: '$.irv.raire',
    ...(typeof name === 'string' ? { contest: name } : {}),
  });
  if (!raire.ok) {
    problems.push(...raire.error);
    return null;
  }
  if (irv['votes'] === undefined) return { raire: raire.value, votes: null };
  const votes = parseRankedVotes(irv['votes'], '$.irv.votes', raire.value.candidates);
  if (!votes.ok) {
    problems.push(...votes.error);
    return null;
  }
  return { raire: raire.value, votes: votes.value };
}

/** Choices given beside RAIRE's file must be its candidates, with the rankings' first preferences. */
function checkIrvChoices(
  choices: readonly Choice[],
  irv: { raire: RaireAssertions; votes: RankedVotes[] | null },
  given: boolean,
  problem: (path: string, message: string) => void,
): void {
  if (!given) return;
  const candidates = new Set(irv.raire.candidates);
  const names = new Set(choices.map((choice) => choice.name));
  for (const candidate of candidates)
    if (!names.has(candidate))
      problem('$.choices', `RAIRE's candidate ${JSON.stringify(candidate)} is missing`);
  for (const choice of choices) {
    if (!candidates.has(choice.name))
      problem(`$.choices[${JSON.stringify(choice.name)}]`, "not a candidate in RAIRE's file");
    else if (irv.votes !== null) {
      const first = irv.votes.reduce(
        (sum, vote) => sum + (vote.prefs[0] === choice.name ? vote.n : 0),
        0,
      );
      if (first !== choice.votes)
        problem(
          `$.choices[${JSON.stringify(choice.name)}]`,
          `${choice.votes} votes, but the rankings give ${first} first preferences`,
        );
    }
  }
}

/** The reported outcome must follow the runoff rule from the reported totals (exact arithmetic). */
function checkRunoff(
  choices: readonly Choice[],
  winners: number,
  votesAllowed: number,
  rule: RunoffRule,
  problem: (path: string, message: string) => void,
): void {
  if (votesAllowed !== 1) problem('$.votesAllowed', 'a runoff contest has one vote per ballot');
  const valid = choices.reduce((sum, choice) => sum + choice.votes, 0);
  const top = [...choices].sort((a, b) => b.votes - a.votes)[0];
  if (top === undefined) return;
  const holding = waysThatHold(rule, choices);
  const outright = holding.length > 0;
  const ways = rule.ways.map((way) => describeWay(way)).join('; or ');
  if (winners === 1 && !outright)
    problem(
      '$.winners',
      `${top.name} has ${top.votes} of ${valid} valid votes, not ${ways}: the top two go to a runoff (winners: 2)`,
    );
  else if (winners === 2 && outright)
    problem(
      '$.winners',
      `${top.name} has ${top.votes} of ${valid} valid votes, ${describeWay(rule.ways[holding[0] as number] ?? [])}: an outright winner (winners: 1)`,
    );
  else if (winners !== 1 && winners !== 2)
    problem('$.winners', 'a runoff contest has 1 (outright) or 2 (runoff) winners');
}

/** Builds a contest from validated input (see {@link parseContest} for untrusted input). */
export function buildContest(input: ContestInput): Contest {
  const choices = Object.entries(input.choices).map(([name, votes]) => ({ name, votes }));
  // Array.prototype.sort is stable, as Python's sorted(): equal votes keep the input order.
  const ranked = [...choices].sort((a, b) => b.votes - a.votes);
  const { irv } = input;
  // IRV: the winner is RAIRE's; the smallest margin is the smallest assertion's.
  const winners =
    irv === undefined
      ? ranked.slice(0, input.winners)
      : ranked.filter((choice) => choice.name === irv.winner);
  const losers =
    irv === undefined
      ? ranked.slice(input.winners)
      : ranked.filter((choice) => choice.name !== irv.winner);
  let smallest = input.ballots;
  if (irv === undefined) {
    for (const winner of winners)
      for (const loser of losers) smallest = Math.min(smallest, winner.votes - loser.votes);
  } else
    for (const assertion of irv.assertions) smallest = Math.min(smallest, assertion.reportedMargin);
  return {
    name: input.name,
    ballots: input.ballots,
    numWinners: input.winners,
    votesAllowed: input.votesAllowed ?? input.winners,
    pendingBallots: input.pendingBallots ?? 0,
    supermajority: input.supermajority ?? null,
    runoffThreshold: input.runoffThreshold ?? null,
    runoffRule:
      input.runoffRule ??
      (input.runoffThreshold === undefined ? null : thresholdRule(input.runoffThreshold)),
    irv: input.irv ?? null,
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
