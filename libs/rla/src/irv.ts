/**
 * Instant-runoff (IRV) contests audited through RAIRE assertions (M. Blom, P. J. Stuckey,
 * V. Teague, "RAIRE: Risk-Limiting Audits for IRV Elections", arXiv:1903.08804, 2019), with
 * SHANGRLA's IRV assorters (Stark 2020, §2.4; pbstark/SHANGRLA `Assertion.make_assertions_from_json`).
 *
 * Assertions (a ballot is a ranking, first preference first):
 * - NEB, "not eliminated before" (RAIRE's "winner only"): w gets more first preferences than l
 *   gets votes when only {w, l} remain. Assorter A(b) = (1[w ranked first] − 1[l ranked above w,
 *   or l ranked and w not] + 1) / 2, upper bound 1.
 * - NEN, "not eliminated next": when exactly the set S continues, w has more votes than l, so w is
 *   not the next eliminated. Assorter A(b) = (1[w is b's first among S] − 1[l is b's first among
 *   S] + 1) / 2, upper bound 1.
 * Each assertion's reported margin (assorter total − ballots/2, times 2, in ballots) comes from
 * the reported rankings when given, else from the `margin` RAIRE printed for it.
 *
 * RAIRE's JSON is read in the two published shapes:
 * - raire-rs / raire-java (DemocracyDevelopers): `{"metadata": {"candidates": [names]},
 *   "solution": {"Ok": {"winner": i, "assertions": [{"assertion": {"type": "NEB"|"NEN",
 *   "winner": i, "loser": j, "continuing": [k, …]}, "margin": m, "difficulty": d}]}}}`
 *   with candidates as indices into `metadata.candidates`;
 * - SHANGRLA / audit-irv-cp: `{"audits": [{"contest": id, "winner": w, "eliminated": [...],
 *   "assertions": [{"assertion_type": "WINNER_ONLY"|"IRV_ELIMINATION", "winner": w,
 *   "loser": l, "already_eliminated": [...]}]}]}` with names; the candidates are the winner and
 *   the eliminated (as SHANGRLA's tests build them) and the continuing set of an elimination
 *   assertion is every candidate not already eliminated.
 *
 * Before an audit relies on them, the assertions are checked to rule out every elimination order
 * in which another candidate wins (RAIRE's own completeness condition), so a truncated or
 * tampered assertion file is refused instead of "confirming" an outcome it does not imply.
 */
import { type Result, err, ok } from '@vigil/basics';

/** One RAIRE assertion. `continuing` is empty for NEB. */
export interface IrvAssertion {
  readonly kind: 'NEB' | 'NEN';
  readonly winner: string;
  readonly loser: string;
  readonly continuing: readonly string[];
  /** The margin RAIRE printed (ballots), when it did. */
  readonly margin: number | null;
}

/** The assertions of one IRV contest as RAIRE produced them. */
export interface RaireAssertions {
  readonly winner: string;
  readonly candidates: readonly string[];
  readonly assertions: readonly IrvAssertion[];
}

/** A ranking and how many ballots carry it (raire-rs `votes`, with names). */
export interface RankedVotes {
  readonly n: number;
  readonly prefs: readonly string[];
}

/** A problem located by JSON path. */
export interface IrvProblem {
  readonly type: 'contest-invalid';
  readonly path: string;
  readonly message: string;
}

/** The candidate b ranks highest among `set`, or `null` if it ranks none of them. */
export function firstAmong(ranking: readonly string[], set: ReadonlySet<string>): string | null {
  for (const candidate of ranking) if (set.has(candidate)) return candidate;
  return null;
}

/** SHANGRLA's assorter value of a ranking for one assertion (see the module comment). */
export function irvAssort(assertion: IrvAssertion, ranking: readonly string[]): number {
  if (assertion.kind === 'NEB') {
    const forWinner = ranking[0] === assertion.winner ? 1 : 0;
    const first = firstAmong(ranking, new Set([assertion.winner, assertion.loser]));
    const forLoser = first === assertion.loser ? 1 : 0;
    return (forWinner - forLoser + 1) / 2;
  }
  const first = firstAmong(ranking, new Set(assertion.continuing));
  return ((first === assertion.winner ? 1 : 0) - (first === assertion.loser ? 1 : 0) + 1) / 2;
}

/** Ballots counting for the winner and for the loser of an assertion over reported rankings. */
export function irvTallies(
  assertion: IrvAssertion,
  votes: readonly RankedVotes[],
): { winner: number; loser: number } {
  let winner = 0;
  let loser = 0;
  for (const vote of votes) {
    const value = irvAssort(assertion, vote.prefs);
    if (value === 1) winner += vote.n;
    else if (value === 0) loser += vote.n;
  }
  return { winner, loser };
}

/** Human-readable name of an assertion. */
export function irvAssertionName(assertion: IrvAssertion): string {
  return assertion.kind === 'NEB'
    ? `${assertion.winner} not eliminated before ${assertion.loser} (NEB)`
    : `${assertion.winner} beats ${assertion.loser} when {${assertion.continuing.join(', ')}} continue (NEN)`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads RAIRE's assertions in either published shape (see the module comment). `contest` picks
 * the audit of a SHANGRLA file that lists several. Every problem is reported by JSON path under
 * `path` (e.g. `$.irv.raire`).
 */
export function parseRaireAssertions(
  input: unknown,
  options: { readonly path?: string; readonly contest?: string } = {},
): Result<RaireAssertions, IrvProblem[]> {
  const root = options.path ?? '$';
  const problems: IrvProblem[] = [];
  const problem = (path: string, message: string): void =>
    void problems.push({ type: 'contest-invalid', path, message });
  if (!isObject(input)) {
    problem(
      root,
      'expected RAIRE output: an object with "solution" (raire-rs) or "audits" (SHANGRLA)',
    );
    return err(problems);
  }
  let parsed: RaireAssertions | null = null;
  if ('solution' in input) parsed = parseRaireRs(input, root, problem);
  else if ('audits' in input) parsed = parseShangrla(input, root, options.contest, problem);
  else
    problem(
      root,
      'expected RAIRE output: an object with "solution" (raire-rs) or "audits" (SHANGRLA)',
    );
  if (problems.length > 0 || parsed === null) return err(problems);
  const candidates = new Set(parsed.candidates);
  if (candidates.size !== parsed.candidates.length) problem(root, 'a candidate is listed twice');
  if (parsed.assertions.length === 0) problem(root, 'no assertions');
  parsed.assertions.forEach((assertion, index) => {
    const at = `${root}.assertions[${index}]`;
    for (const name of [assertion.winner, assertion.loser, ...assertion.continuing])
      if (!candidates.has(name)) problem(at, `unknown candidate ${JSON.stringify(name)}`);
    if (assertion.winner === assertion.loser) problem(at, 'the winner and the loser are the same');
    if (
      assertion.kind === 'NEN' &&
      !(
        assertion.continuing.includes(assertion.winner) &&
        assertion.continuing.includes(assertion.loser)
      )
    )
      problem(at, 'the winner and the loser must both be continuing');
  });
  return problems.length > 0 ? err(problems) : ok(parsed);
}

function parseRaireRs(
  input: Record<string, unknown>,
  root: string,
  problem: (path: string, message: string) => void,
): RaireAssertions | null {
  const metadata = input['metadata'];
  const names = isObject(metadata) ? metadata['candidates'] : undefined;
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
    problem(`${root}.metadata.candidates`, 'expected the array of candidate names');
    return null;
  }
  const solution = input['solution'];
  if (isObject(solution) && 'Err' in solution) {
    problem(
      `${root}.solution.Err`,
      `RAIRE found no assertions: ${JSON.stringify(solution['Err'])}`,
    );
    return null;
  }
  const found = isObject(solution) ? solution['Ok'] : undefined;
  if (!isObject(found)) {
    problem(`${root}.solution.Ok`, "expected RAIRE's solution object");
    return null;
  }
  const name = (value: unknown, path: string): string => {
    if (
      typeof value === 'number' &&
      Number.isSafeInteger(value) &&
      value >= 0 &&
      value < names.length
    )
      return names[value] as string;
    problem(path, `expected a candidate index from 0 to ${names.length - 1}`);
    return '';
  };
  const winner = name(found['winner'], `${root}.solution.Ok.winner`);
  const list = found['assertions'];
  if (!Array.isArray(list)) {
    problem(`${root}.solution.Ok.assertions`, 'expected an array');
    return null;
  }
  const assertions = list.map((entry: unknown, index): IrvAssertion => {
    const at = `${root}.solution.Ok.assertions[${index}]`;
    const body = isObject(entry) ? entry['assertion'] : undefined;
    if (!isObject(entry) || !isObject(body)) {
      problem(at, 'expected {"assertion": {...}}');
      return { kind: 'NEB', winner: '', loser: '', continuing: [], margin: null };
    }
    const type = body['type'];
    if (type !== 'NEB' && type !== 'NEN')
      problem(`${at}.assertion.type`, 'expected "NEB" or "NEN"');
    const continuingValue = body['continuing'];
    let continuing: string[] = [];
    if (type === 'NEN') {
      if (!Array.isArray(continuingValue) || continuingValue.length < 2)
        problem(`${at}.assertion.continuing`, 'expected at least two candidate indices');
      else
        continuing = continuingValue.map((value, k) =>
          name(value, `${at}.assertion.continuing[${k}]`),
        );
    }
    const margin = entry['margin'];
    if (
      margin !== undefined &&
      !(typeof margin === 'number' && Number.isSafeInteger(margin) && margin >= 0)
    )
      problem(`${at}.margin`, 'expected a whole number of ballots');
    return {
      kind: type === 'NEN' ? 'NEN' : 'NEB',
      winner: name(body['winner'], `${at}.assertion.winner`),
      loser: name(body['loser'], `${at}.assertion.loser`),
      continuing,
      margin: typeof margin === 'number' ? margin : null,
    };
  });
  return { winner, candidates: names, assertions };
}

function parseShangrla(
  input: Record<string, unknown>,
  root: string,
  contest: string | undefined,
  problem: (path: string, message: string) => void,
): RaireAssertions | null {
  const audits = input['audits'];
  if (!Array.isArray(audits) || audits.length === 0) {
    problem(`${root}.audits`, 'expected a non-empty array');
    return null;
  }
  let index = 0;
  if (audits.length > 1) {
    index = audits.findIndex((audit) => isObject(audit) && audit['contest'] === contest);
    if (index < 0) {
      problem(
        `${root}.audits`,
        `${audits.length} contests (${audits.map((audit) => JSON.stringify(isObject(audit) ? audit['contest'] : null)).join(', ')}); none is named ${JSON.stringify(contest ?? '')}`,
      );
      return null;
    }
  }
  const at = `${root}.audits[${index}]`;
  const audit = audits[index] as unknown;
  if (!isObject(audit)) {
    problem(at, 'expected an object');
    return null;
  }
  const text = (value: unknown, path: string): string => {
    if (typeof value === 'string' && value !== '') return value;
    problem(path, 'expected a candidate name');
    return '';
  };
  const names = (value: unknown, path: string): string[] => {
    // SHANGRLA writes "" for "none eliminated".
    if (value === '' || value === undefined) return [];
    if (!Array.isArray(value)) {
      problem(path, 'expected an array of candidate names');
      return [];
    }
    return value.map((item, k) => text(item, `${path}[${k}]`));
  };
  const winner = text(audit['winner'], `${at}.winner`);
  const candidates = [winner, ...names(audit['eliminated'], `${at}.eliminated`)];
  const list = audit['assertions'];
  if (!Array.isArray(list)) {
    problem(`${at}.assertions`, 'expected an array');
    return null;
  }
  const assertions = list.map((entry: unknown, k): IrvAssertion => {
    const path = `${at}.assertions[${k}]`;
    if (!isObject(entry)) {
      problem(path, 'expected an object');
      return { kind: 'NEB', winner: '', loser: '', continuing: [], margin: null };
    }
    const type = entry['assertion_type'];
    const w = text(entry['winner'], `${path}.winner`);
    const l = text(entry['loser'], `${path}.loser`);
    if (type === 'WINNER_ONLY')
      return { kind: 'NEB', winner: w, loser: l, continuing: [], margin: null };
    if (type !== 'IRV_ELIMINATION')
      problem(`${path}.assertion_type`, 'expected "WINNER_ONLY" or "IRV_ELIMINATION"');
    const eliminated = new Set(names(entry['already_eliminated'], `${path}.already_eliminated`));
    return {
      kind: 'NEN',
      winner: w,
      loser: l,
      continuing: candidates.filter((candidate) => !eliminated.has(candidate)),
      margin: null,
    };
  });
  return { winner, candidates, assertions };
}

/** Does an assertion rule out every elimination order ending with `tail` (last standing last)? */
function rulesOut(assertion: IrvAssertion, tail: readonly string[]): boolean {
  if (assertion.kind === 'NEB') {
    // Contradiction when the loser outlasts the winner: scanning from the last standing, the
    // loser comes first (the winner, absent from the tail, goes out earlier).
    for (let i = tail.length - 1; i >= 0; i--) {
      if (tail[i] === assertion.winner) return false;
      if (tail[i] === assertion.loser) return true;
    }
    return false;
  }
  const size = assertion.continuing.length;
  if (tail.length < size) return false;
  const last = tail.slice(tail.length - size);
  const continuing = new Set(assertion.continuing);
  return last.every((candidate) => continuing.has(candidate)) && last[0] === assertion.winner;
}

/** Why a set of assertions does not establish the reported winner. */
export interface IrvCompletenessError {
  readonly type: 'assertions-incomplete' | 'too-many-orders';
  /** An elimination order (first eliminated first) that no assertion rules out. */
  readonly order: readonly string[];
}

/**
 * Checks that the assertions rule out every elimination order in which a candidate other than
 * the reported winner is last standing (depth-first over order suffixes, as RAIRE does).
 * `budget` bounds the number of suffixes visited.
 */
export function checkIrvCompleteness(
  raire: RaireAssertions,
  budget = 1_000_000,
): Result<true, IrvCompletenessError> {
  let visited = 0;
  const stack: string[][] = raire.candidates
    .filter((candidate) => candidate !== raire.winner)
    .map((candidate) => [candidate]);
  while (stack.length > 0) {
    const tail = stack.pop() as string[];
    visited += 1;
    if (visited > budget) return err({ type: 'too-many-orders', order: tail });
    if (raire.assertions.some((assertion) => rulesOut(assertion, tail))) continue;
    if (tail.length === raire.candidates.length)
      return err({ type: 'assertions-incomplete', order: tail });
    for (const candidate of raire.candidates)
      if (!tail.includes(candidate)) stack.push([candidate, ...tail]);
  }
  return ok(true);
}

/** An assertion with the reported margin an audit measures against. */
export interface MeasuredIrvAssertion extends IrvAssertion {
  /** Reported ballots counting for the winner minus those counting for the loser. */
  readonly reportedMargin: number;
  /** Reported ballots counting for the winner and for the loser, when rankings were given. */
  readonly tallies: { readonly winner: number; readonly loser: number } | null;
}

/** An IRV contest: RAIRE's assertions with their reported margins. */
export interface IrvContest {
  readonly winner: string;
  readonly candidates: readonly string[];
  readonly assertions: readonly MeasuredIrvAssertion[];
  /** The reported rankings, when given. */
  readonly votes: readonly RankedVotes[] | null;
}

/** Validates reported rankings: `[{"n": 5000, "prefs": ["Chuan", "Bob"]}, …]`. */
export function parseRankedVotes(
  value: unknown,
  path: string,
  candidates: readonly string[],
): Result<RankedVotes[], IrvProblem[]> {
  const problems: IrvProblem[] = [];
  const problem = (at: string, message: string): void =>
    void problems.push({ type: 'contest-invalid', path: at, message });
  if (!Array.isArray(value)) {
    problem(
      path,
      'expected an array of {"n": ballots, "prefs": [candidate names, first preference first]}',
    );
    return err(problems);
  }
  const known = new Set(candidates);
  const votes = value.map((entry: unknown, index): RankedVotes => {
    const at = `${path}[${index}]`;
    if (!isObject(entry)) {
      problem(at, 'expected {"n": ballots, "prefs": [...]}');
      return { n: 0, prefs: [] };
    }
    for (const key of Object.keys(entry))
      if (key !== 'n' && key !== 'prefs') problem(`${at}.${key}`, 'unknown property');
    const n = entry['n'];
    if (!(typeof n === 'number' && Number.isSafeInteger(n) && n >= 0))
      problem(`${at}.n`, 'expected a whole number of ballots ≥ 0');
    const prefs = entry['prefs'];
    if (!Array.isArray(prefs) || !prefs.every((name) => typeof name === 'string')) {
      problem(`${at}.prefs`, 'expected an array of candidate names');
      return { n: 0, prefs: [] };
    }
    const seen = new Set<string>();
    prefs.forEach((name: string, k) => {
      if (!known.has(name))
        problem(`${at}.prefs[${k}]`, `unknown candidate ${JSON.stringify(name)}`);
      if (seen.has(name)) problem(`${at}.prefs[${k}]`, `${JSON.stringify(name)} is ranked twice`);
      seen.add(name);
    });
    return { n: typeof n === 'number' ? n : 0, prefs: prefs };
  });
  return problems.length > 0 ? err(problems) : ok(votes);
}

/**
 * Builds an IRV contest from RAIRE's assertions and, when given, the reported rankings: checks
 * that the assertions imply the winner, takes each margin from the rankings (and checks it
 * against RAIRE's when RAIRE printed one) or else from RAIRE, and refuses an assertion whose
 * reported margin is not positive (it does not hold: the outcome needs a full count).
 */
export function buildIrvContest(options: {
  readonly raire: RaireAssertions;
  readonly votes: readonly RankedVotes[] | null;
  readonly ballots: number;
  /** JSON path of the RAIRE document, for problems. */
  readonly path: string;
}): Result<IrvContest, IrvProblem[]> {
  const { raire, votes, ballots, path } = options;
  const problems: IrvProblem[] = [];
  const problem = (at: string, message: string): void =>
    void problems.push({ type: 'contest-invalid', path: at, message });
  const complete = checkIrvCompleteness(raire);
  if (!complete.ok)
    problem(
      path,
      complete.error.type === 'too-many-orders'
        ? 'too many elimination orders to check that the assertions imply the winner'
        : `the assertions do not imply that ${raire.winner} wins: nothing rules out the elimination order ${complete.error.order.join(' → ')}`,
    );
  const assertions = raire.assertions.map((assertion, index): MeasuredIrvAssertion => {
    const at = `${path}.assertions[${index}]`;
    const tallies = votes === null ? null : irvTallies(assertion, votes);
    const reportedMargin = tallies === null ? assertion.margin : tallies.winner - tallies.loser;
    if (reportedMargin === null)
      problem(at, 'no margin: give the reported rankings ("votes") or RAIRE output with margins');
    else if (reportedMargin <= 0)
      problem(
        at,
        `${irvAssertionName(assertion)} does not hold on the reported votes (margin ${reportedMargin})`,
      );
    else if (reportedMargin > ballots)
      problem(at, `margin ${reportedMargin} exceeds the ${ballots} ballots of the contest`);
    if (tallies !== null && assertion.margin !== null && assertion.margin !== reportedMargin)
      problem(
        at,
        `RAIRE's margin ${assertion.margin} differs from ${reportedMargin} on the reported rankings`,
      );
    return { ...assertion, reportedMargin: reportedMargin ?? 0, tallies };
  });
  return problems.length > 0
    ? err(problems)
    : ok({ winner: raire.winner, candidates: raire.candidates, assertions, votes });
}
