import fc from 'fast-check';
import { expect, test } from 'vitest';
import { alphaPollingRisk, alphaSampleSize } from './alpha-audit';
import { assorterMargin, contestAssertions } from './assertions';
import { buildContest, parseContest } from './contest';

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
    ['$.winners', 'A has 4200 of 9600 valid votes, more than 0.4: an outright winner (winners: 1)'],
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
