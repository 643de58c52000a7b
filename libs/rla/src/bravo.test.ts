import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  bravoExpectedProbability,
  bravoQuantileSize,
  bravoRisk,
  bravoSampleSizes,
  withNotFoundBallots,
} from './bravo';
import { buildContest } from './contest';

const RISK_LIMIT = 0.1;

// Contests of votingworks/arlo server/tests/audit_math/test_bravo.py (`bravo_contests`).
const contests = {
  test1: { choices: { cand1: 600, cand2: 400 }, ballots: 1000, winners: 1 },
  test2: { choices: { cand1: 600, cand2: 200, cand3: 100 }, ballots: 900, winners: 1 },
  test5: { choices: { cand1: 500, cand2: 500 }, ballots: 1000, winners: 1 },
  test6: { choices: { cand1: 300, cand2: 200, cand3: 200 }, ballots: 1000, winners: 1 },
  test7: { choices: { cand1: 300, cand2: 200, cand3: 100 }, ballots: 700, winners: 2 },
  test8: { choices: { cand1: 300, cand2: 300, cand3: 100 }, ballots: 700, winners: 2 },
  test10: { choices: { cand1: 600, cand2: 300, cand3: 100 }, ballots: 1000, winners: 2 },
  test11: { choices: { cand1: 1000, cand2: 0 }, ballots: 1000, winners: 1 },
  test12: { choices: { cand1: 600, cand2: 400, cand3: 0 }, ballots: 1000, winners: 1 },
  test_small_third_candidate: {
    choices: { cand1: 10000, cand2: 9000, cand3: 200 },
    ballots: 20000,
    winners: 1,
  },
  test_ga_presidential: {
    choices: {
      Trump: 2457924,
      Biden: 2471981,
      Jorgensen: 62058,
      'Write-in': 457,
      Overvote: 0,
      'Undervote/Blank': 0,
    },
    ballots: 4992420,
    winners: 1,
  },
  test_cause_NaN_in_expected_prob: {
    choices: { 'Erin George': 400, 'Alex Hall': 10, 'Write In': 1 },
    ballots: 500,
    winners: 1,
  },
} as const;
type Name = keyof typeof contests;
const contest = (name: Name) => buildContest({ name, votesAllowed: 1, ...contests[name] });

// Known answers: test_bravo.py `true_sample_sizes` (first round, no sample yet).
const firstRound: Partial<Record<Name, [string, number, number | null][]>> = {
  test1: [
    ['asn', 119, 0.52],
    ['0.7', 184, 0.7],
    ['0.8', 244, 0.8],
    ['0.9', 351, 0.9],
  ],
  test2: [
    ['asn', 22, 0.55],
    ['0.7', 32, 0.7],
    ['0.8', 41, 0.8],
    ['0.9', 57, 0.9],
  ],
  test5: [['all-ballots', 1000, null]],
  test6: [
    ['asn', 238, 0.52],
    ['0.7', 368, 0.7],
    ['0.8', 488, 0.8],
    ['0.9', 702, 0.9],
  ],
  test7: [['asn', 101, null]],
  test8: [['asn', 34, null]],
  test10: [['asn', 48, null]],
  test11: [['asn', 1, 1]],
  test12: [
    ['asn', 119, 0.52],
    ['0.7', 184, 0.7],
    ['0.8', 244, 0.8],
    ['0.9', 351, 0.9],
  ],
  test_small_third_candidate: [
    ['asn', 1769, 0.5],
    ['0.7', 2837, 0.7],
    ['0.8', 3760, 0.8],
    ['0.9', 5426, 0.9],
  ],
  test_ga_presidential: [['all-ballots', 4992420, null]],
  test_cause_NaN_in_expected_prob: [
    ['asn', 6, 0.67],
    ['0.7', 7, 0.7],
    ['0.8', 8, 0.8],
    ['0.9', 11, 0.9],
  ],
};

test("first-round sample sizes equal Arlo's test_bravo.py", () => {
  for (const [name, expected] of Object.entries(firstRound) as [
    Name,
    [string, number, number | null][],
  ][]) {
    const sizes = bravoSampleSizes({ contest: contest(name), riskLimit: RISK_LIMIT });
    expect(
      sizes.ok && sizes.value.map((option) => [option.key, option.size, option.prob]),
      name,
    ).toEqual(expected);
  }
});

// Known answers: test_bravo.py `round1_sample_results`, `round1_sizes`, `round2_sample_sizes`.
test("second-round sample sizes and 'audit is over' equal Arlo's", () => {
  const round2: [
    Name,
    Record<string, number>,
    number,
    [string, number, number | null][] | 'over',
  ][] = [
    [
      'test2',
      { cand1: 25, cand2: 18, cand3: 5 },
      48,
      [
        ['asn', 42, 0.53],
        ['0.7', 57, 0.7],
        ['0.8', 66, 0.8],
        ['0.9', 87, 0.9],
      ],
    ],
    ['test8', { cand1: 72, cand2: 55, cand3: 30 }, 100, [['asn', 14, null]]],
    ['test11', { cand1: 0, cand2: 0 }, 0, [['asn', 1, 1]]],
    [
      'test_cause_NaN_in_expected_prob',
      { 'Erin George': 3, 'Alex Hall': 0, 'Write In': 0 },
      6,
      [
        ['asn', 2, 0.81],
        ['0.7', 2, 0.7],
        ['0.8', 2, 0.8],
        ['0.9', 3, 0.9],
      ],
    ],
    ['test1', { cand1: 72, cand2: 47 }, 119, 'over'],
    ['test6', { cand1: 72, cand2: 48, cand3: 48 }, 200, 'over'],
    ['test7', { cand1: 30, cand2: 25, cand3: 10 }, 70, 'over'],
    ['test10', { cand1: 60, cand2: 30, cand3: 10 }, 100, 'over'],
    ['test12', { cand1: 72, cand2: 47, cand3: 0 }, 150, 'over'],
    ['test_small_third_candidate', { cand1: 1200, cand2: 1000, cand3: 10 }, 1300, 'over'],
  ];
  for (const [name, counts, ballotsSampled, expected] of round2) {
    const sizes = bravoSampleSizes({
      contest: contest(name),
      riskLimit: RISK_LIMIT,
      counts,
      ballotsSampled,
    });
    if (expected === 'over')
      expect(sizes, name).toEqual({ ok: false, error: { type: 'audit-already-complete' } });
    else
      expect(
        sizes.ok && sizes.value.map((option) => [option.key, option.size, option.prob]),
        name,
      ).toEqual(expected);
  }
  // test_bravo.py `test_bravo_sample_size_considers_all_candidate_pairs`.
  const three = buildContest({
    name: 'c',
    choices: { candidate1: 200_000, candidate2: 120_000, candidate3: 100_000 },
    ballots: 500_000,
    winners: 1,
  });
  const allPairs = bravoSampleSizes({
    contest: three,
    riskLimit: RISK_LIMIT,
    counts: { candidate1: 200, candidate2: 120, candidate3: 200 },
    ballotsSampled: 520,
  });
  expect(
    allPairs.ok && allPairs.value.map((option) => [option.key, option.size, option.prob]),
  ).toEqual([
    ['asn', 766, 0.51],
    ['0.7', 877, 0.7],
    ['0.8', 954, 0.8],
    ['0.9', 1075, 0.9],
  ]);
  expect(
    bravoSampleSizes({ contest: contest('test5'), riskLimit: RISK_LIMIT, ballotsSampled: 1000 }),
  ).toEqual({
    ok: false,
    error: { type: 'all-ballots-audited' },
  });
  const noLosers = buildContest({
    name: 'test3',
    choices: { cand1: 100 },
    ballots: 100,
    winners: 1,
  });
  expect(bravoSampleSizes({ contest: noLosers, riskLimit: RISK_LIMIT })).toEqual({
    ok: false,
    error: { type: 'no-losers' },
  });
  expect(bravoSampleSizes({ contest: contest('test1'), riskLimit: 0 }).ok).toBe(false);
  expect(bravoSampleSizes({ contest: contest('test1'), riskLimit: 1 }).ok).toBe(false);
});

// Known answers: test_bravo.py `test_bravo_sample_sizes*` and `test_bravo_expected_prob`
// (alpha = 0.1, 10,000 ballots).
test("Lindeman's one-round sizes and the ASN completion chance equal Arlo's", () => {
  const table: [number, number, number, number, number, number][] = [
    [0.4, 0.32, 0, 0, 0.9, 1599],
    [0.36, 0.32, 0, 0, 0.9, 6067],
    [0.36, 0.32, 0, 0, 0.6, 2476],
    [0.52, 0.47, 0, 0, 0.9, 5657],
    [0.4, 0.32, 0, 0, 0.4, 409],
    [0.52, 0.47, 10000, 0, 0.9, 0],
    [0.52, 0.47, 2923, 2735, 0.9, 2636],
  ];
  for (const [pw, pl, sampleW, sampleL, completion, expected] of table) {
    const size = bravoQuantileSize({
      alpha: 0.1,
      pair: { pw, pl, sampleW, sampleL },
      completion,
      totalBallots: 10000,
    });
    expect(size, `${pw} ${pl} ${completion}`).toBe(expected);
  }
  expect(
    bravoExpectedProbability({
      alpha: 0.1,
      pair: { pw: 0.6, pl: 0.4, sampleW: 0, sampleL: 0 },
      asn: 119,
    }),
  ).toBe(0.52);
  expect(
    bravoExpectedProbability({
      alpha: 1,
      pair: { pw: 0.6, pl: 0.4, sampleW: 0, sampleL: 0 },
      asn: 119,
    }),
  ).toBe(0);
});

// Known answers: test_bravo.py `test_compute_risk` (p-values to ±0.01, decisions exact).
test("p-values and stopping decisions equal Arlo's", () => {
  const table: [Name, Record<string, number>, [string, string, number][], boolean][] = [
    ['test1', { cand1: 72, cand2: 47 }, [['cand1', 'cand2', 0.07]], true],
    [
      'test2',
      { cand1: 25, cand2: 18, cand3: 5 },
      [
        ['cand1', 'cand2', 1],
        ['cand1', 'cand3', 0],
      ],
      false,
    ],
    ['test5', { cand1: 500, cand2: 500 }, [['cand1', 'cand2', 0]], true],
    [
      'test6',
      { cand1: 72, cand2: 48, cand3: 48 },
      [
        ['cand1', 'cand2', 0.08],
        ['cand1', 'cand3', 0.08],
      ],
      true,
    ],
    [
      'test7',
      { cand1: 30, cand2: 25, cand3: 10 },
      [
        ['cand1', 'cand3', 0.01],
        ['cand2', 'cand3', 0.04],
      ],
      true,
    ],
    [
      'test8',
      { cand1: 72, cand2: 55, cand3: 30 },
      [
        ['cand1', 'cand3', 0],
        ['cand2', 'cand3', 0.22],
      ],
      false,
    ],
    [
      'test10',
      { cand1: 60, cand2: 30, cand3: 10 },
      [
        ['cand1', 'cand3', 0],
        ['cand2', 'cand3', 0.01],
      ],
      true,
    ],
    ['test11', { cand1: 0, cand2: 0 }, [['cand1', 'cand2', 1]], false],
    [
      'test12',
      { cand1: 72, cand2: 47, cand3: 0 },
      [
        ['cand1', 'cand2', 0.07],
        ['cand1', 'cand3', 0],
      ],
      true,
    ],
    [
      'test_small_third_candidate',
      { cand1: 1200, cand2: 1000, cand3: 10 },
      [
        ['cand1', 'cand2', 0.000561],
        ['cand1', 'cand3', 0],
      ],
      true,
    ],
    [
      'test_cause_NaN_in_expected_prob',
      { 'Erin George': 3, 'Alex Hall': 0, 'Write In': 0 },
      [
        ['Erin George', 'Alex Hall', 0.13],
        ['Erin George', 'Write In', 0.13],
      ],
      false,
    ],
  ];
  for (const [name, counts, expected, finished] of table) {
    const risk = bravoRisk({ contest: contest(name), riskLimit: RISK_LIMIT, counts });
    expect(risk.ok && risk.value.finished, name).toBe(finished);
    for (const [winner, loser, p] of expected) {
      const pair = risk.ok
        ? risk.value.pairs.find((entry) => entry.winner === winner && entry.loser === loser)
        : undefined;
      expect(Math.abs((pair?.pValue ?? Number.NaN) - p), `${name} ${winner}-${loser}`).toBeLessThan(
        0.01,
      );
    }
  }
  const ga = bravoRisk({
    contest: contest('test_ga_presidential'),
    riskLimit: RISK_LIMIT,
    counts: {
      Trump: 2457924,
      Biden: 2471971,
      Jorgensen: 62058,
      'Write-in': 457,
      Overvote: 0,
      'Undervote/Blank': 0,
    },
  });
  expect(ga.ok && ga.value.finished).toBe(true);
});

// Known answers: test_bravo.py `test_compute_risk_zero_test_statistic` and
// snapshots/snap_test_bravo.py `test_ballot_polling_not_found_ballots`.
test('a loser with zero reported votes in the sample gives p = 1; not-found ballots count for every loser', () => {
  const zero = buildContest({
    name: 'c',
    choices: { cand1: 700, cand2: 200, cand3: 1, cand4: 0, cand5: 10 },
    ballots: 1000,
    winners: 1,
  });
  const risk = bravoRisk({
    contest: zero,
    riskLimit: 0.05,
    counts: { cand1: 7, cand2: 0, cand3: 0, cand4: 12, cand5: 3 },
  });
  expect(risk.ok && risk.value.pairs.find((pair) => pair.loser === 'cand4')?.pValue).toBe(1);
  expect(risk.ok && risk.value.finished).toBe(false);

  const two = buildContest({
    name: 'c',
    choices: { cand1: 500, cand2: 200, cand3: 100, cand4: 100 },
    ballots: 1000,
    winners: 2,
    votesAllowed: 2,
  });
  const counts = withNotFoundBallots(two, { cand1: 50, cand2: 20, cand3: 10, cand4: 12 }, 1);
  const measured = bravoRisk({ contest: two, riskLimit: RISK_LIMIT, counts });
  const expected: [string, string, number][] = [
    ['cand1', 'cand3', 1.431846034590505e-6],
    ['cand1', 'cand4', 1.2886614311314533e-5],
    ['cand2', 'cand3', 0.27430209050114257],
    ['cand2', 'cand4', 0.6171797036275707],
  ];
  for (const [winner, loser, p] of expected) {
    const pair = measured.ok
      ? measured.value.pairs.find((entry) => entry.winner === winner && entry.loser === loser)
      : undefined;
    expect(pair?.pValue).toBeCloseTo(p, 12);
  }
});

test('p stays in [0, 1], falls as winner votes grow, and larger margins never need larger ASNs', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 501, max: 900 }),
      fc.integer({ min: 0, max: 200 }),
      fc.integer({ min: 0, max: 200 }),
      (winnerVotes, w, l) => {
        const c = buildContest({
          name: 'c',
          choices: { a: winnerVotes, b: 1000 - winnerVotes },
          ballots: 1000,
          winners: 1,
        });
        const p = bravoRisk({ contest: c, riskLimit: 0.05, counts: { a: w, b: l } });
        const more = bravoRisk({ contest: c, riskLimit: 0.05, counts: { a: w + 1, b: l } });
        const pValue = p.ok ? (p.value.pairs[0]?.pValue ?? Number.NaN) : Number.NaN;
        expect(pValue).toBeGreaterThanOrEqual(0);
        expect(pValue).toBeLessThanOrEqual(1);
        expect(more.ok && (more.value.pairs[0]?.pValue ?? Number.NaN)).toBeLessThanOrEqual(pValue);
        const wider = buildContest({
          name: 'c',
          choices: { a: winnerVotes + 1, b: 999 - winnerVotes },
          ballots: 1000,
          winners: 1,
        });
        const asn = (contestValue: typeof c) => {
          const sizes = bravoSampleSizes({ contest: contestValue, riskLimit: 0.05 });
          return sizes.ok ? (sizes.value[0]?.size ?? Number.NaN) : Number.NaN;
        };
        expect(asn(wider)).toBeLessThanOrEqual(asn(c));
      },
    ),
    { numRuns: 50 },
  );
});
