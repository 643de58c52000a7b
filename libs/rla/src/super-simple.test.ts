import fc from 'fast-check';
import { expect, test } from 'vitest';
import { buildContest } from './contest';
import {
  decimalCeil,
  decimalDivide,
  decimalFromNumber,
  decimalMultiply,
  decimalRoundHalfUp,
} from './decimal28';
import {
  type ComparedBallot,
  countDiscrepancies,
  superSimpleRisk,
  superSimpleRiskFromCounts,
  superSimpleSampleSize,
} from './super-simple';

const RISK_LIMIT = 0.1;

// Contests of votingworks/arlo server/tests/audit_math/test_supersimple.py (`ss_contests`).
const contests = {
  'Contest A': { choices: { winner: 60000, loser: 40000 }, ballots: 100000, winners: 1 },
  'Contest B': { choices: { winner: 30000, loser: 24000 }, ballots: 60000, winners: 1 },
  'Contest C': { choices: { winner: 18000, loser: 12600 }, ballots: 36000, winners: 1 },
  'Contest D': { choices: { winner: 8000, loser: 6000 }, ballots: 15000, winners: 1 },
  'Contest E': { choices: { winner: 10000, loser: 0 }, ballots: 10000, winners: 1 },
  'Contest F': { choices: { winner: 10, loser: 4 }, ballots: 15, winners: 1 },
  'Two-winner Contest': {
    choices: { winner1: 600, winner2: 300, loser: 100 },
    ballots: 1000,
    winners: 2,
  },
} as const;
type Name = keyof typeof contests;
const contest = (name: Name) => buildContest({ name, votesAllowed: 1, ...contests[name] });

// Known answers: test_supersimple.py `true_dms`, `true_sample_sizes` ("From Stark's tool"),
// `o1_stopping_size`, `o2_stopping_size` and `expected_p_values`.
const table: Record<
  Name,
  {
    margin: number | null;
    size: number;
    o1Stop: number;
    o2Stop: number;
    p: [number, number, number];
  }
> = {
  'Contest A': { margin: 0.2, size: 27, o1Stop: 38, o2Stop: 100000, p: [0.06507, 0.12534, 1] },
  'Contest B': { margin: 0.1, size: 54, o1Stop: 76, o2Stop: 60000, p: [0.06973, 0.13441, 1] },
  'Contest C': { margin: 0.15, size: 36, o1Stop: 51, o2Stop: 36000, p: [0.0674, 0.12992, 1] },
  'Contest D': { margin: 2 / 15, size: 40, o1Stop: 57, o2Stop: 15000, p: [0.07048, 0.13585, 1] },
  'Contest E': { margin: 1, size: 6, o1Stop: 7, o2Stop: 33, p: [0.0195, 0.03758, 0.51877] },
  'Contest F': { margin: null, size: 14, o1Stop: 15, o2Stop: 15, p: [0.05013, 0.05013, 0.05013] },
  'Two-winner Contest': {
    margin: 0.2,
    size: 27,
    o1Stop: 38,
    o2Stop: 1000,
    p: [0.06508, 0.12534, 1],
  },
};

test("diluted margins, sample sizes, p-values and next-round sizes equal Arlo's test_supersimple.py", () => {
  for (const [name, known] of Object.entries(table) as [Name, (typeof table)[Name]][]) {
    const c = contest(name);
    if (known.margin !== null) expect(c.dilutedMargin, name).toBe(known.margin);
    const size = superSimpleSampleSize({ contest: c, riskLimit: RISK_LIMIT });
    expect(size, name).toEqual({ ok: true, value: known.size });
    // Arlo's sample: every ballot audited as a vote for the first winner only. Contest F is
    // absent from Arlo's CVR fixture, so its ballots show no discrepancy.
    const winner = name === 'Two-winner Contest' ? 'winner2' : 'winner';
    const clean: ComparedBallot = { cvr: [winner], audited: [winner] };
    const sample: ComparedBallot[] = Array.from({ length: known.size }, () => clean);
    const oneVote: ComparedBallot = name === 'Contest F' ? clean : { cvr: [winner], audited: [] };
    const twoVote: ComparedBallot =
      name === 'Contest F' ? clean : { cvr: [winner], audited: ['loser'] };
    const measured = [sample, [oneVote, ...sample.slice(1)], [twoVote, ...sample.slice(1)]].map(
      (ballots) => superSimpleRisk({ contest: c, riskLimit: RISK_LIMIT, ballots }),
    );
    measured.forEach((risk, index) => {
      expect(
        Math.abs((risk.ok ? risk.value.pValue : Number.NaN) - known.p[index]!),
        `${name} #${index}`,
      ).toBeLessThan(0.001);
    });
    expect(measured[0]?.ok && measured[0].value.finished).toBe(true);
    expect(measured[1]?.ok && measured[1].value.finished).toBe(
      name === 'Contest E' || name === 'Contest F',
    );
    expect(measured[2]?.ok && measured[2].value.finished).toBe(name === 'Contest F');
    const next = (o1: number, o2: number) =>
      superSimpleSampleSize({
        contest: c,
        riskLimit: RISK_LIMIT,
        observed: { sampled: known.size, o1, o2 },
      });
    expect(next(0, 0), name).toEqual({ ok: true, value: 0 });
    expect(next(1, 0), name).toEqual({ ok: true, value: known.o1Stop - known.size });
    expect(next(0, 1), name).toEqual({ ok: true, value: known.o2Stop - known.size });
    const counted = countDiscrepancies(c, [oneVote, ...sample.slice(1)]);
    const fromCounts = superSimpleRiskFromCounts({
      contest: c,
      riskLimit: RISK_LIMIT,
      counts: counted,
    });
    expect(
      Math.abs((fromCounts.ok ? fromCounts.value.pValue : Number.NaN) - known.p[1]),
    ).toBeLessThan(0.001);
  }
});

// Known answers: test_supersimple.py `test_snapshot_test`, `test_tied_contest`,
// `test_supersimple_full_hand_tally`, and the "ballot not found" / "not in CVR" cases.
test("Arlo's special cases: two blank ballots, ties, full hand tallies, missing ballots", () => {
  const jonah = buildContest({
    name: 'Jonah Test',
    choices: { winner: 16, loser: 10 },
    ballots: 26,
    winners: 1,
  });
  const ballots: ComparedBallot[] = Array.from({ length: 18 }, (_, i) =>
    i < 16 ? { cvr: ['winner'], audited: ['winner'] } : { cvr: ['loser'], audited: ['loser'] },
  );
  // Arlo's test edits the audited dict that is also the CVR dict (same object), so ballots 0
  // and 1 end up blank on both sides: no discrepancy, p = (1 − 1/U)^18.
  ballots[0] = { cvr: [], audited: [] };
  ballots[1] = { cvr: [], audited: [] };
  const risk = superSimpleRisk({ contest: jonah, riskLimit: RISK_LIMIT, ballots });
  expect(Math.abs((risk.ok ? risk.value.pValue : 0) - 0.1201733)).toBeLessThan(0.0001);
  expect(risk.ok && risk.value.finished).toBe(false);

  const tied = buildContest({
    name: 'Tied',
    choices: { winner: 50000, loser: 50000 },
    ballots: 100000,
    winners: 1,
  });
  expect(superSimpleSampleSize({ contest: tied, riskLimit: RISK_LIMIT })).toEqual({
    ok: true,
    value: 100000,
  });
  const tiedRisk = superSimpleRisk({
    contest: tied,
    riskLimit: RISK_LIMIT,
    ballots: [{ cvr: ['winner'], audited: ['winner'] }],
  });
  expect(tiedRisk).toEqual({ ok: true, value: { pValue: 1, finished: false } });

  const small = buildContest({
    name: 'Full',
    choices: { choice_1: 5, choice_2: 4 },
    ballots: 10,
    winners: 1,
  });
  const twice = (choice: string): ComparedBallot => ({
    cvr: [choice],
    audited: [choice],
    timesSampled: 2,
  });
  expect(
    superSimpleRisk({
      contest: small,
      riskLimit: RISK_LIMIT,
      ballots: ['choice_1', 'choice_1', 'choice_2', 'choice_2', 'choice_2'].map(twice),
    }),
  ).toEqual({
    ok: true,
    value: { pValue: 0, finished: true },
  });

  const a = contest('Contest A');
  expect(
    countDiscrepancies(a, [
      { cvr: null, audited: ['winner'] },
      { cvr: ['winner'], audited: null },
      { cvr: ['loser'], audited: ['winner'] },
    ]),
  ).toEqual({
    sampled: 3,
    o1: 0,
    o2: 2,
    u1: 0,
    u2: 1,
  });
  const noLosers = buildContest({ name: 'x', choices: { a: 5 }, ballots: 5, winners: 1 });
  expect(superSimpleSampleSize({ contest: noLosers, riskLimit: 0.05 })).toEqual({
    ok: false,
    error: { type: 'no-losers' },
  });
  expect(superSimpleSampleSize({ contest: a, riskLimit: 1.5 }).ok).toBe(false);
});

// Known answers: Python 3 decimal module, default context (28 digits, ROUND_HALF_EVEN):
// Decimal(0.001) * 1000 = 1.000000000000000020816681712; (Decimal(2) / Decimal(3)) * 3 = 2.
test('the 28-digit decimal helper rounds as Python does', () => {
  expect(decimalCeil(decimalMultiply(decimalFromNumber(0.001), decimalFromNumber(1000)))).toBe(2);
  expect(
    decimalCeil(
      decimalMultiply(
        decimalDivide(decimalFromNumber(2), decimalFromNumber(3)),
        decimalFromNumber(3),
      ),
    ),
  ).toBe(2);
  expect(decimalDivide(decimalFromNumber(1), decimalFromNumber(7))).toEqual({
    coefficient: 1428571428571428571428571429n,
    exponent: -28,
  });
  expect(decimalRoundHalfUp(decimalFromNumber(2.5))).toBe(3);
  expect(
    decimalRoundHalfUp(decimalMultiply(decimalFromNumber(0.0001), decimalFromNumber(27))),
  ).toBe(0);
});

test('more clean ballots never raise the risk; p stays in [0, 1]', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 400 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 2 }),
      (n, o1, o2) => {
        const c = contest('Contest B');
        const counts = { sampled: n + o1 + o2, o1, o2, u1: 0, u2: 0 };
        const p = superSimpleRiskFromCounts({ contest: c, riskLimit: 0.05, counts });
        const more = superSimpleRiskFromCounts({
          contest: c,
          riskLimit: 0.05,
          counts: { ...counts, sampled: counts.sampled + 1 },
        });
        const value = p.ok ? p.value.pValue : Number.NaN;
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
        expect(more.ok && more.value.pValue).toBeLessThanOrEqual(value);
      },
    ),
  );
});
