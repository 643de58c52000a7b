import { expect, test } from 'vitest';
import { buildContest, checkRiskLimit, parseContest } from './contest';

// Known answers: votingworks/arlo server/tests/audit_math/test_supersimple.py `true_dms`
// (diluted margins) and sampler_contest.py's winner/loser split.
test('splits winners and losers and computes the diluted margin as Arlo does', () => {
  const two = buildContest({
    name: 'Two-winner Contest',
    choices: { winner1: 600, winner2: 300, loser: 100 },
    ballots: 1000,
    winners: 2,
  });
  expect(two.winners.map((choice) => choice.name)).toEqual(['winner1', 'winner2']);
  expect(two.losers.map((choice) => choice.name)).toEqual(['loser']);
  expect(two.dilutedMargin).toBe(0.2);
  expect(
    buildContest({ name: 'D', choices: { w: 8000, l: 6000 }, ballots: 15000, winners: 1 })
      .dilutedMargin,
  ).toBe(2 / 15);
  expect(
    buildContest({ name: 'solo', choices: { w: 10 }, ballots: 10, winners: 1 }).dilutedMargin,
  ).toBe(-1);
  // Ties keep the file's order, as Python's stable sorted().
  expect(
    buildContest({ name: 't', choices: { b: 5, a: 5 }, ballots: 10, winners: 1 }).winners[0]?.name,
  ).toBe('b');
});

test('parses the contest file and reports every problem by JSON path', () => {
  const parsed = parseContest({
    name: 'Mayor',
    ballots: 10000,
    winners: 1,
    choices: { Alice: 5500, Bob: 4500 },
  });
  expect(
    parsed.ok && [
      parsed.value.votesAllowed,
      parsed.value.pendingBallots,
      parsed.value.dilutedMargin,
    ],
  ).toEqual([1, 0, 0.1]);
  const bad = parseContest({
    name: '',
    ballots: -1,
    winners: 0,
    choices: { A: 1.5, B: -2 },
    votesAllowed: 'x',
    supermajority: 2,
    extra: 1,
  });
  expect(bad.ok ? [] : bad.error.map((problem) => problem.path)).toEqual([
    '$.extra',
    '$.name',
    '$.ballots',
    '$.winners',
    '$.votesAllowed',
    '$.supermajority',
    '$.choices["A"]',
    '$.choices["B"]',
  ]);
  expect(parseContest([]).ok).toBe(false);
  const tooMany = parseContest({ name: 'M', ballots: 10, winners: 1, choices: { A: 8, B: 5 } });
  expect(tooMany.ok ? [] : tooMany.error.map((problem) => problem.path)).toEqual(['$.ballots']);
  const empty = parseContest({ name: 'M', ballots: 10, winners: 3, choices: { A: 0, B: 0 } });
  expect(empty.ok ? [] : empty.error.map((problem) => problem.path)).toEqual([
    '$.choices',
    '$.winners',
  ]);
  expect(parseContest({ name: 'M', ballots: 10, winners: 1, choices: {} }).ok).toBe(false);
  const supermajority = parseContest({
    name: 'M',
    ballots: 10,
    winners: 1,
    choices: { A: 8, B: 2 },
    supermajority: 2 / 3,
  });
  expect(supermajority.ok && supermajority.value.supermajority).toBeCloseTo(2 / 3);
});

test('risk limits must lie strictly between 0 and 1', () => {
  expect(checkRiskLimit(0.05)).toEqual({ ok: true, value: 0.05 });
  for (const value of [0, 1, -0.1, 1.5, Number.NaN]) expect(checkRiskLimit(value).ok).toBe(false);
});
