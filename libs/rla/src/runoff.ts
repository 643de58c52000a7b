/**
 * Two-round (runoff) rules, simple and compound, and the SHANGRLA assertions that audit them.
 *
 * A rule is a disjunction of "ways" to win in the first round; each way is a conjunction of
 * conditions on the candidate with the most votes, over valid votes V (votes for choices):
 * - `share`: V_w > f·V (`moreThan`) or V_w ≥ f·V (`atLeast`);
 * - `lead`: V_w − V_second > d·V (`moreThan`) or ≥ d·V (`atLeast`).
 * Examples: a simple majority is `[{share: {moreThan: 0.5}}]`; Argentina (Constitution arts. 97–98)
 * `[{share: {moreThan: 0.45}}, {share: {atLeast: 0.4}, lead: {moreThan: 0.1}}]`; Ecuador (Constitution
 * art. 143) `[{share: {moreThan: 0.5}}, {share: {atLeast: 0.4}, lead: {moreThan: 0.1}}]`; Costa Rica
 * (Constitution art. 138) `[{share: {atLeast: 0.4}}]`. If no way holds, the top two go to a runoff.
 *
 * Every condition is linear in the votes, so each is one SHANGRLA assorter: for a linear
 * g(b) = c_choice for a ballot with one valid vote and 0 otherwise, with g ≥ −m (m > 0),
 * A(b) = (g(b) + m)/(2m) ∈ [0, u], u = (max g + m)/(2m), and mean A > 1/2 ⟺ Σ g > 0 over the
 * ballots. The assertions audited (docs/statistics.md §2, "Compound runoff rules"):
 * - outright winner w: ONE way that holds on the reported totals (the one whose hardest assertion
 *   has the largest margin v/u), all its conditions — share: g = 1[w] − f·1[valid]; lead, for every
 *   other candidate c: g = 1[w] − 1[c] − d·1[valid] — and, if the way alone does not make w first
 *   (no lead condition and every share below 1/2), "w beats c" for every c. If those assertions
 *   are true, that way holds for w and w has the most votes, so w wins outright: the disjunction
 *   is established by one of its disjuncts, the conjunction by all of its conjuncts;
 * - runoff between a and b: "a beats c" and "b beats c" for every other c (so the first-placed
 *   candidate is a or b), and, for x ∈ {a, b} and EVERY way, one condition of that way that fails
 *   for x — share: "V_x < f·V", g = f·1[valid] − 1[x]; lead: "V_x − V_y < d·V" with y the other
 *   of a, b (a lead over y below d means a lead over the runner-up below d), g = d·1[valid] −
 *   1[x] + 1[y] — choosing the failing condition with the largest margin v/u. If these hold, no
 *   way holds for the first-placed candidate, so nobody wins outright.
 * "At least" conditions are audited as "more than" and "at most" as "less than": strict
 * inequalities imply the weak ones, so the risk stays bounded; exactly at a threshold the
 * assertion has zero margin and only a full count decides.
 */
import type { Choice } from './contest';

/** One inequality of a way. */
export interface RunoffCondition {
  readonly kind: 'share' | 'lead';
  /** f or d, a share of valid votes. */
  readonly value: number;
  /** `moreThan` (true) or `atLeast` (false). */
  readonly strict: boolean;
}

/** A rule: any of its ways wins outright; a way needs all its conditions. */
export interface RunoffRule {
  readonly ways: readonly (readonly RunoffCondition[])[];
}

/** A problem in a rule, located by JSON path. */
export interface RunoffRuleProblem {
  readonly path: string;
  readonly message: string;
}

/** `runoffThreshold: f` as a rule: more than f wins outright. */
export function thresholdRule(f: number): RunoffRule {
  return { ways: [[{ kind: 'share', value: f, strict: true }]] };
}

/** Parses the contest file's `runoffRule` (an array of ways). */
export function parseRunoffRule(
  value: unknown,
  path: string,
): { rule: RunoffRule | null; problems: RunoffRuleProblem[] } {
  const problems: RunoffRuleProblem[] = [];
  const example =
    'e.g. [{"share": {"moreThan": 0.45}}, {"share": {"atLeast": 0.4}, "lead": {"moreThan": 0.1}}]';
  if (!Array.isArray(value) || value.length === 0) {
    problems.push({
      path,
      message: `expected a non-empty array of ways to win outright, ${example}`,
    });
    return { rule: null, problems };
  }
  const ways: RunoffCondition[][] = [];
  value.forEach((way: unknown, index) => {
    const at = `${path}[${index}]`;
    if (typeof way !== 'object' || way === null || Array.isArray(way)) {
      problems.push({
        path: at,
        message: `expected an object with "share" and/or "lead", ${example}`,
      });
      return;
    }
    const record = way as Record<string, unknown>;
    const conditions: RunoffCondition[] = [];
    for (const key of Object.keys(record)) {
      if (key !== 'share' && key !== 'lead') {
        problems.push({
          path: `${at}.${key}`,
          message: 'unknown property; expected "share" or "lead"',
        });
        continue;
      }
      const bound = record[key];
      const keys =
        typeof bound === 'object' && bound !== null && !Array.isArray(bound)
          ? Object.keys(bound)
          : [];
      const operator = keys[0];
      const number =
        operator === undefined ? undefined : (bound as Record<string, unknown>)[operator];
      if (
        keys.length !== 1 ||
        (operator !== 'moreThan' && operator !== 'atLeast') ||
        typeof number !== 'number' ||
        !(key === 'share' ? number > 0 && number < 1 : number >= 0 && number < 1)
      ) {
        problems.push({
          path: `${at}.${key}`,
          message: `expected {"moreThan": x} or {"atLeast": x} with x a share of valid votes in ${key === 'share' ? '(0, 1)' : '[0, 1)'}`,
        });
        continue;
      }
      conditions.push({ kind: key, value: number, strict: operator === 'moreThan' });
    }
    if (Object.keys(record).length === 0)
      problems.push({ path: at, message: 'a way needs a "share" or a "lead" condition' });
    ways.push(conditions);
  });
  return { rule: problems.length > 0 ? null : { ways }, problems };
}

/** Exact a·x vs y comparisons: a share given as a decimal number, as a fraction. */
function fraction(value: number): { numerator: bigint; denominator: bigint } {
  const text = String(value);
  const match = /^(\d+)(?:\.(\d+))?(?:e-(\d+))?$/.exec(text);
  if (match === null)
    return { numerator: BigInt(Math.round(value * 1e12)), denominator: 10n ** 12n };
  const digits = match[2] ?? '';
  const exponent = digits.length + Number(match[3] ?? 0);
  return { numerator: BigInt(`${match[1] ?? '0'}${digits}`), denominator: 10n ** BigInt(exponent) };
}

/** Sign of (votes − value · valid), exactly. */
function compare(votes: number, value: number, valid: number): number {
  const { numerator, denominator } = fraction(value);
  const left = BigInt(votes) * denominator;
  const right = numerator * BigInt(valid);
  return left > right ? 1 : left < right ? -1 : 0;
}

/** Does the condition hold for `top` (the first-placed candidate) against `second`? */
export function conditionHolds(
  condition: RunoffCondition,
  top: number,
  second: number,
  valid: number,
): boolean {
  const sign = compare(condition.kind === 'share' ? top : top - second, condition.value, valid);
  return condition.strict ? sign > 0 : sign >= 0;
}

/** The ways that hold for the first-placed choice, from the reported totals. */
export function waysThatHold(rule: RunoffRule, choices: readonly Choice[]): number[] {
  const sorted = [...choices].map((choice) => choice.votes).sort((a, b) => b - a);
  const valid = sorted.reduce((sum, votes) => sum + votes, 0);
  const top = sorted[0] ?? 0;
  const second = sorted[1] ?? 0;
  return rule.ways.flatMap((way, index) =>
    way.every((condition) => conditionHolds(condition, top, second, valid)) ? [index] : [],
  );
}

/** A condition in words, e.g. `at least 0.4 of valid votes and a lead of more than 0.1`. */
export function describeWay(way: readonly RunoffCondition[]): string {
  return way
    .map((condition) =>
      condition.kind === 'share'
        ? `${condition.strict ? 'more than' : 'at least'} ${condition.value} of valid votes`
        : `a lead of ${condition.strict ? 'more than' : 'at least'} ${condition.value} of valid votes over the runner-up`,
    )
    .join(' and ');
}
