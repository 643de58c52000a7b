import { expect, test } from 'vitest';
import {
  assorterMargin,
  contestAssertions,
  overstatementUpperBound,
  overstatementValue,
} from './assertions';
import { buildContest } from './contest';

// Hand-computed from SHANGRLA's definitions (Stark 2020, §2.1–2.3 and §3.2).
test('plurality pair assorters, margins and overstatement values', () => {
  const contest = buildContest({
    name: 'Mayor',
    ballots: 10000,
    winners: 1,
    choices: { Alice: 5500, Bob: 4000, Carol: 500 },
  });
  const assertions = contestAssertions(contest);
  expect(assertions.map((assertion) => assertion.name)).toEqual([
    'Alice beats Bob',
    'Alice beats Carol',
  ]);
  const [bob] = assertions as [(typeof assertions)[number]];
  expect([
    bob.assort(['Alice']),
    bob.assort(['Bob']),
    bob.assort(['Carol']),
    bob.assort([]),
  ]).toEqual([1, 0, 0.5, 0.5]);
  expect(bob.reportedMean).toBeCloseTo(0.575, 15);
  expect(assorterMargin(bob)).toBeCloseTo(0.15, 15);
  // B = (1 − ω/u)/(2 − v/u) with u = 1, v = 0.15: clean 1/1.85, one-vote 0.5/1.85, two-vote 0.
  expect(overstatementUpperBound(bob)).toBeCloseTo(2 / 1.85, 15);
  expect(overstatementValue(bob, ['Alice'], ['Alice'])).toBeCloseTo(1 / 1.85, 15);
  expect(overstatementValue(bob, ['Alice'], [])).toBeCloseTo(0.5 / 1.85, 15);
  expect(overstatementValue(bob, ['Alice'], ['Bob'])).toBe(0);
  expect(overstatementValue(bob, ['Bob'], ['Alice'])).toBeCloseTo(2 / 1.85, 15);
  expect(overstatementValue(bob, null, ['Alice'])).toBe(0);
  expect(overstatementValue(bob, ['Alice'], null)).toBe(0);
  const approval = buildContest({
    name: 'Board',
    ballots: 100,
    winners: 2,
    votesAllowed: 2,
    choices: { A: 60, B: 50, C: 30 },
  });
  expect(contestAssertions(approval).map((assertion) => assertion.name)).toEqual([
    'A beats C',
    'B beats C',
  ]);
  expect(contestAssertions(approval)[0]?.assort(['A', 'C'])).toBe(0.5);
});

test('supermajority assorter: 1/(2f) for the winner alone, 0 for another valid vote, 1/2 otherwise', () => {
  const contest = buildContest({
    name: 'Measure',
    ballots: 100,
    winners: 1,
    choices: { Yes: 70, No: 20 },
    supermajority: 2 / 3,
  });
  const [assertion] = contestAssertions(contest) as [ReturnType<typeof contestAssertions>[number]];
  expect(assertion.loser).toBeNull();
  expect(assertion.upperBound).toBeCloseTo(0.75, 15);
  expect([
    assertion.assort(['Yes']),
    assertion.assort(['No']),
    assertion.assort([]),
    assertion.assort(['Yes', 'No']),
  ]).toEqual([0.75, 0, 0.5, 0.5]);
  // (70 · 0.75 + 10 · 0.5) / 100: above 1/2 exactly when Yes has more than 2/3 of valid votes.
  expect(assertion.reportedMean).toBeCloseTo(0.575, 15);
  const short = buildContest({
    name: 'Measure',
    ballots: 100,
    winners: 1,
    choices: { Yes: 55, No: 35 },
    supermajority: 2 / 3,
  });
  expect(contestAssertions(short)[0]?.reportedMean).toBeLessThan(0.5);
});
