import fc from 'fast-check';
import { expect, test } from 'vitest';
import { alphaPollingRisk, alphaSampleSize } from './alpha-audit';
import { assorterMargin, contestAssertions } from './assertions';
import { buildContest, parseContest } from './contest';
import { type RunoffRule, conditionHolds, parseRunoffRule, waysThatHold } from './runoff';

// Known answers computed by hand from SHANGRLA's supermajority assorter (Stark 2020, §2.3:
// A(b) = 1/(2f) for a vote for w, 0 for another valid vote, 1/2 otherwise) and its mirror for
// "x stays under f" (docs/statistics.md): 10,000 ballots, 400 without a valid vote.
test('runoff threshold: an outright winner is a supermajority assertion at the threshold', () => {
  const contest = parseContest({
    name: 'President',
    ballots: 10000,
    winners: 1,
    choices: { A: 5600, B: 3000, C: 1000 },
    runoffThreshold: 0.5,
  });
  if (!contest.ok) throw new Error(JSON.stringify(contest.error));
  const [outright, ...rest] = contestAssertions(contest.value);
  expect(rest).toEqual([]);
  expect(outright?.name).toBe('A wins more than 0.5 of valid votes (no runoff)');
  expect(outright?.upperBound).toBe(1);
  // (5600 · 1 + 400 · 1/2) / 10000
  expect(outright?.reportedMean).toBeCloseTo(0.58, 15);
  expect([outright?.assort(['A']), outright?.assort(['B']), outright?.assort([])]).toEqual([
    1, 0, 0.5,
  ]);
});

test('runoff threshold: the top two advance when nobody passes it', () => {
  const contest = parseContest({
    name: 'President',
    ballots: 10000,
    winners: 2,
    choices: { A: 4500, B: 3500, C: 1600 },
    runoffThreshold: 0.5,
  });
  if (!contest.ok) throw new Error(JSON.stringify(contest.error));
  const assertions = contestAssertions(contest.value);
  expect(assertions.map((assertion) => [assertion.name, assertion.reportedMean])).toEqual([
    // (others' 5100 · 1 + 400 · 1/2) / 10000 and (6100 + 200) / 10000
    ['A has less than 0.5 of valid votes (runoff)', expect.closeTo(0.53, 15) as unknown],
    ['B has less than 0.5 of valid votes (runoff)', expect.closeTo(0.63, 15) as unknown],
    // plurality pairs: ((4500 − 1600)/10000 + 1)/2 and ((3500 − 1600)/10000 + 1)/2
    ['A beats C', expect.closeTo(0.645, 15) as unknown],
    ['B beats C', expect.closeTo(0.595, 15) as unknown],
  ]);
  // A's margin in ballots, 0.06 · 10000 = 600, is twice A's 300-vote gap to 4800 (u = 1).
  expect(assorterMargin(assertions[0] as (typeof assertions)[number])).toBeCloseTo(0.06, 15);
  // A 40 % threshold (upper bound 1/(2 · 0.6)): A's 43.75 % of valid votes wins outright.
  const forty = parseContest({
    name: 'P',
    ballots: 10000,
    winners: 2,
    choices: { A: 4200, B: 3500, C: 1900 },
    runoffThreshold: 0.4,
  });
  expect(forty.ok ? [] : forty.error.map((problem) => [problem.path, problem.message])).toEqual([
    [
      '$.winners',
      'A has 4200 of 9600 valid votes, more than 0.4 of valid votes: an outright winner (winners: 1)',
    ],
  ]);
  const fortyBelow = contestAssertions(
    buildContest({
      name: 'P',
      ballots: 100,
      winners: 2,
      choices: { A: 30, B: 30, C: 40 },
      runoffThreshold: 0.45,
    }),
  );
  expect(fortyBelow[0]?.upperBound).toBeCloseTo(1 / 1.1, 15);
  const bad = parseContest({
    name: 'P',
    ballots: 10,
    winners: 1,
    choices: { A: 5, B: 5 },
    runoffThreshold: 1,
    supermajority: 0.6,
  });
  expect(bad.ok ? [] : bad.error.map((problem) => problem.path)).toEqual([
    '$.runoffThreshold',
    '$.runoffThreshold',
  ]);
});

// Invariant (property): each threshold assertion holds (mean > 1/2) exactly when the reported
// totals satisfy the rule it stands for, and its reported mean is the mean of its assorter
// over the reported ballots.
test('threshold assertions hold exactly when the rule does (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 3, maxLength: 5 }),
      fc.integer({ min: 0, max: 100 }),
      fc.integer({ min: 5, max: 95 }),
      (votes, blank, percent) => {
        const f = percent / 100;
        const valid = votes.reduce((a, b) => a + b, 0);
        if (valid === 0) return;
        const choices = Object.fromEntries(votes.map((v, i) => [`c${i}`, v]));
        const ballots = valid + blank;
        const sorted = [...votes].sort((a, b) => b - a);
        const outright = (sorted[0] as number) > f * valid;
        const contest = buildContest({
          name: 'P',
          ballots,
          winners: outright ? 1 : 2,
          choices,
          runoffThreshold: f,
        });
        for (const assertion of contestAssertions(contest)) {
          let total = blank * assertion.assort([]);
          for (const [name, v] of Object.entries(choices)) total += v * assertion.assort([name]);
          expect(total / ballots).toBeCloseTo(assertion.reportedMean, 12);
          if (assertion.loser !== null) continue;
          const x = contest.choices.find((c) => c.name === assertion.winner)?.votes ?? 0;
          const holds = outright ? x > f * valid : x < f * valid;
          // Exactly at the threshold both sides are 1/2 up to rounding: skip equality.
          if (Math.abs(x - f * valid) > 1e-9) expect(assertion.reportedMean > 0.5).toBe(holds);
        }
      },
    ),
  );
});

test('runoff contests are measured and sized with ALPHA', () => {
  const contest = buildContest({
    name: 'President',
    ballots: 10000,
    winners: 2,
    choices: { A: 4500, B: 3500, C: 1600 },
    runoffThreshold: 0.5,
  });
  // A sample that follows the reported shares confirms all four assertions.
  const risk = alphaPollingRisk({
    contest,
    riskLimit: 0.05,
    sample: { kind: 'counts', counts: { A: 900, B: 700, C: 320 }, ballotsSampled: 2000 },
    withReplacement: true,
  });
  expect(risk.ok && risk.value.assertions.map((a) => a.pValue < 0.05)).toEqual([
    true,
    true,
    true,
    true,
  ]);
  // One that gives A more than half does not confirm "A has less than 0.5".
  const over = alphaPollingRisk({
    contest,
    riskLimit: 0.05,
    sample: { kind: 'counts', counts: { A: 1100, B: 600, C: 220 }, ballotsSampled: 2000 },
    withReplacement: true,
  });
  expect(over.ok && over.value.assertions[0]?.pValue).toBe(1);
  const size = alphaSampleSize({
    contest,
    riskLimit: 0.05,
    kind: 'polling',
    simulations: 100,
    quantile: 0.9,
    seed: 'runoff',
    withReplacement: true,
  });
  // The hardest assertion is A under 50 % (margin 0.06 on u = 1): about 1,000–3,000 ballots.
  expect(size.ok && size.value).toBeGreaterThan(800);
  expect(size.ok && size.value).toBeLessThan(4000);
});

// Argentina (Constitution arts. 97–98): more than 45 %, or at least 40 % with more than 10 points
// over the runner-up. Ecuador (art. 143): more than 50 %, or at least 40 % and 10 points.
// Costa Rica (art. 138): at least 40 %.
const ARGENTINA = [
  { share: { moreThan: 0.45 } },
  { share: { atLeast: 0.4 }, lead: { moreThan: 0.1 } },
];
const ECUADOR = [
  { share: { moreThan: 0.5 } },
  { share: { atLeast: 0.4 }, lead: { moreThan: 0.1 } },
];
const COSTA_RICA = [{ share: { atLeast: 0.4 } }];

function parsed(input: Record<string, unknown>) {
  const contest = parseContest({ name: 'President', ballots: 10000, ...input });
  if (!contest.ok) throw new Error(JSON.stringify(contest.error));
  return contest.value;
}
const named = (contest: Parameters<typeof contestAssertions>[0]) =>
  contestAssertions(contest).map((assertion) => [assertion.name, assertion.reportedMean]);

// Known answers, by hand. 10,000 ballots, 400 without a valid vote, V = 9,600 valid votes. For a
// linear condition Σg > 0 with g ≥ −m, the assorter mean is 1/2 + Σg/(2mN).
test('compound rule, outright winner by the second way: share and leads over every other', () => {
  const contest = parsed({
    winners: 1,
    choices: { A: 4200, B: 3000, C: 2400 },
    runoffRule: ARGENTINA,
  });
  expect(named(contest)).toEqual([
    // g = 1[A] − 0.4: Σg = 0.6 · 4200 − 0.4 · 5400 = 360, m = 0.4 → 1/2 + 360/8000
    ['A wins at least 0.4 of valid votes (no runoff)', expect.closeTo(0.545, 12) as unknown],
    // g = 1[A] − 1[B] − 0.1: Σg = 0.9 · 4200 − 1.1 · 3000 − 0.1 · 2400 = 240, m = 1.1 → 1/2 + 240/22000
    [
      'A leads B by more than 0.1 of valid votes (no runoff)',
      expect.closeTo(0.5 + 240 / 22000, 12) as unknown,
    ],
    // Σg = 3780 − 0.1 · 3000 − 1.1 · 2400 = 840
    [
      'A leads C by more than 0.1 of valid votes (no runoff)',
      expect.closeTo(0.5 + 840 / 22000, 12) as unknown,
    ],
  ]);
  const [share, leadB] = contestAssertions(contest);
  // Upper bounds: (0.6 + 0.4)/0.8 and (0.9 + 1.1)/2.2.
  expect(share?.upperBound).toBeCloseTo(1.25, 15);
  expect(leadB?.upperBound).toBeCloseTo(2 / 2.2, 15);
  expect([
    leadB?.assort(['A']),
    leadB?.assort(['B']),
    leadB?.assort(['C']),
    leadB?.assort([]),
  ]).toEqual([2 / 2.2, 0, 1 / 2.2, 0.5]);
  // Ecuador's rule gives the same outcome by the same way.
  expect(
    named(parsed({ winners: 1, choices: { A: 4200, B: 3000, C: 2400 }, runoffRule: ECUADOR })),
  ).toEqual(named(contest));
});

test('compound rule, runoff: for each of the top two and each way, the failing condition easiest to confirm', () => {
  // A: 4,300 (44.8 %, not > 45 %), lead 800 (not > 960): a runoff between A and B.
  const contest = parsed({
    winners: 2,
    choices: { A: 4300, B: 3500, C: 1800 },
    runoffRule: ARGENTINA,
  });
  expect(named(contest)).toEqual([
    // A, way 1: "A < 0.45": g = 0.45 − 1[A], Σg = 4320 − 4300 = 20, m = 0.55 → 1/2 + 20/11000
    [
      'A has less than 0.45 of valid votes (runoff)',
      expect.closeTo(0.5 + 20 / 11000, 12) as unknown,
    ],
    // A, way 2: "A < 0.4" fails (Σg = 3840 − 4300 < 0); "A leads B by < 0.1": g = 0.1 − 1[A] + 1[B],
    // Σg = −0.9 · 4300 + 1.1 · 3500 + 0.1 · 1800 = 160, m = 0.9 → 1/2 + 160/18000
    [
      'A leads B by less than 0.1 of valid votes (runoff)',
      expect.closeTo(0.5 + 160 / 18000, 12) as unknown,
    ],
    // B, way 1: Σg = 4320 − 3500 = 820 → 1/2 + 820/11000
    [
      'B has less than 0.45 of valid votes (runoff)',
      expect.closeTo(0.5 + 820 / 11000, 12) as unknown,
    ],
    // B, way 2: "B < 0.4" (Σg = 340, m = 0.6, v/u = 0.0567/0.833 = 0.068) against "B leads A by
    // < 0.1" (Σg = −0.9 · 3500 + 1.1 · 4300 + 180 = 1760, m = 0.9, v/u = 0.1956/1.111 = 0.176)
    [
      'B leads A by less than 0.1 of valid votes (runoff)',
      expect.closeTo(0.5 + 1760 / 18000, 12) as unknown,
    ],
    ['A beats C', expect.closeTo(0.625, 12) as unknown],
    ['B beats C', expect.closeTo(0.585, 12) as unknown],
  ]);
});

test('a share rule below one half also needs the winner to beat everyone (Costa Rica, 40 %)', () => {
  const contest = parsed({
    winners: 1,
    choices: { A: 4100, B: 4000, C: 1500 },
    runoffRule: COSTA_RICA,
  });
  expect(contestAssertions(contest).map((assertion) => assertion.name)).toEqual([
    'A wins at least 0.4 of valid votes (no runoff)',
    'A beats B',
    'A beats C',
  ]);
  // A sample in which B leads confirms A's 40 % but not the outcome.
  const risk = alphaPollingRisk({
    contest,
    riskLimit: 0.05,
    sample: { kind: 'counts', counts: { A: 1450, B: 1500, C: 150 }, ballotsSampled: 3100 },
    withReplacement: true,
  });
  if (!risk.ok) throw new Error('measure failed');
  expect(risk.value.assertions.map((assertion) => assertion.pValue < 0.05)).toEqual([
    true,
    false,
    true,
  ]);
  // The simple threshold below 1/2 gets the same pairs.
  expect(
    contestAssertions(
      buildContest({
        name: 'P',
        ballots: 100,
        winners: 1,
        choices: { A: 41, B: 40, C: 19 },
        runoffThreshold: 0.4,
      }),
    ).map((assertion) => assertion.name),
  ).toEqual(['A wins more than 0.4 of valid votes (no runoff)', 'A beats B', 'A beats C']);
});

test('thresholds are compared exactly: 45 of 100 is at least 0.45', () => {
  // In floating point 0.45 · 100 = 45.00000000000001.
  const ok = parseContest({
    name: 'P',
    ballots: 100,
    winners: 1,
    choices: { A: 45, B: 30, C: 25 },
    runoffRule: [{ share: { atLeast: 0.45 } }],
  });
  expect(ok.ok).toBe(true);
  expect(conditionHolds({ kind: 'lead', value: 0.1, strict: true }, 40, 30, 100)).toBe(false);
  expect(conditionHolds({ kind: 'lead', value: 0.1, strict: false }, 40, 30, 100)).toBe(true);
});

test('runoff rule syntax errors are located', () => {
  const problems = (runoffRule: unknown) => {
    const contest = parseContest({
      name: 'P',
      ballots: 100,
      winners: 1,
      choices: { A: 60, B: 40 },
      runoffRule,
    });
    return contest.ok ? [] : contest.error.map((problem) => problem.path);
  };
  expect(problems([])).toEqual(['$.runoffRule']);
  expect(problems([{ share: { over: 0.4 } }])).toEqual(['$.runoffRule[0].share']);
  expect(problems([{ share: { moreThan: 1.2 } }])).toEqual(['$.runoffRule[0].share']);
  expect(problems([{ share: { moreThan: 0.4 }, margin: 3 }])).toEqual(['$.runoffRule[0].margin']);
  expect(problems([{}])).toEqual(['$.runoffRule[0]']);
  expect(problems(0.5)).toEqual(['$.runoffRule']);
});

// Soundness (property): whenever every audited assertion holds on some "true" totals, the true
// outcome under the rule is the reported one. True totals are the reported ones moved by up to
// ±15 % of the ballots, so that both confirming and refuting cases occur.
test('if the audited assertions hold on the true votes, the reported outcome is right (property)', () => {
  const condition = fc.oneof(
    fc.record({
      share: fc.record({ moreThan: fc.integer({ min: 20, max: 60 }).map((p) => p / 100) }),
    }),
    fc.record({
      share: fc.record({ atLeast: fc.integer({ min: 20, max: 60 }).map((p) => p / 100) }),
    }),
    fc.record({
      share: fc.record({ atLeast: fc.integer({ min: 20, max: 50 }).map((p) => p / 100) }),
      lead: fc.record({ moreThan: fc.integer({ min: 0, max: 20 }).map((p) => p / 100) }),
    }),
    fc.record({
      lead: fc.record({ atLeast: fc.integer({ min: 0, max: 30 }).map((p) => p / 100) }),
    }),
  );
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 3, maxLength: 4 }),
      fc.integer({ min: 0, max: 50 }),
      fc.array(condition, { minLength: 1, maxLength: 3 }),
      fc.array(fc.integer({ min: -60, max: 60 }), { minLength: 4, maxLength: 4 }),
      (votes, blank, rule, shifts) => {
        const valid = votes.reduce((a, b) => a + b, 0);
        const sorted = [...votes].sort((a, b) => b - a);
        // Skip ties for the first two places (the reported outcome would be ambiguous).
        if (valid === 0 || sorted[1] === sorted[2] || sorted[0] === sorted[1]) return;
        const choices = Object.fromEntries(votes.map((v, i) => [`c${i}`, v]));
        const ballots = valid + blank;
        const probe = buildContest({
          name: 'P',
          ballots,
          winners: 1,
          choices,
          runoffRule: parseRule(rule),
        });
        const outright = waysThatHold(probe.runoffRule as RunoffRule, probe.choices).length > 0;
        const contest = buildContest({
          name: 'P',
          ballots,
          winners: outright ? 1 : 2,
          choices,
          runoffRule: parseRule(rule),
        });
        const assertions = contestAssertions(contest);
        // Each reported mean is the mean of its assorter over the reported ballots.
        for (const assertion of assertions) {
          let total = blank * assertion.assort([]);
          for (const [name, v] of Object.entries(choices)) total += v * assertion.assort([name]);
          expect(total / ballots).toBeCloseTo(assertion.reportedMean, 10);
        }
        // True totals: move votes, keeping the number of ballots.
        const trueVotes = votes.map((v, i) => Math.max(0, v + (shifts[i] ?? 0)));
        const trueValid = trueVotes.reduce((a, b) => a + b, 0);
        if (trueValid > ballots) return;
        const trueBlank = ballots - trueValid;
        const holds = assertions.every((assertion) => {
          let total = trueBlank * assertion.assort([]);
          trueVotes.forEach((v, i) => (total += v * assertion.assort([`c${i}`])));
          return total / ballots > 0.5 + 1e-12;
        });
        if (!holds) return;
        const trueChoices = trueVotes.map((v, i) => ({ name: `c${i}`, votes: v }));
        const trueRanked = [...trueChoices].sort((a, b) => b.votes - a.votes);
        const trueOutright = waysThatHold(contest.runoffRule as RunoffRule, trueChoices).length > 0;
        expect(trueOutright).toBe(outright);
        if (outright) expect(trueRanked[0]?.name).toBe(contest.winners[0]?.name);
        else
          expect(new Set(trueRanked.slice(0, 2).map((c) => c.name))).toEqual(
            new Set(contest.winners.map((c) => c.name)),
          );
      },
    ),
    { numRuns: 2000 },
  );
});

function parseRule(rule: unknown): RunoffRule {
  const parsed = parseRunoffRule(rule, '$');
  if (parsed.rule === null) throw new Error(JSON.stringify(parsed.problems));
  return parsed.rule;
}
