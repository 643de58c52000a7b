import { expect, test } from 'vitest';
import { parseComparisonSample, parsePollingSample } from './sample-file';

test('reads polling samples as counts or ballots in draw order', () => {
  expect(parsePollingSample({ counts: { Alice: 120, Bob: 80 }, ballotsSampled: 200 })).toEqual({
    ok: true,
    value: { kind: 'counts', counts: { Alice: 120, Bob: 80 }, ballotsSampled: 200, notFound: 0 },
  });
  expect(parsePollingSample({ ballots: [{ votes: ['Alice'] }, { votes: null }] })).toEqual({
    ok: true,
    value: { kind: 'ballots', ballots: [['Alice'], null] },
  });
  const bad = parsePollingSample({ counts: { Alice: 1.5 }, notFound: -1 });
  expect(bad.ok ? [] : bad.error.map((problem) => problem.path)).toEqual([
    '$.counts["Alice"]',
    '$.ballotsSampled',
    '$.notFound',
  ]);
  const badBallots = parsePollingSample({ ballots: [{ votes: [1] }, 'x'] });
  expect(badBallots.ok ? [] : badBallots.error.map((problem) => problem.path)).toEqual([
    '$.ballots[0].votes',
    '$.ballots[1]',
  ]);
  expect(parsePollingSample(null).ok).toBe(false);
  expect(parsePollingSample({ counts: [] }).ok).toBe(false);
});

test('reads comparison samples as discrepancy counts or compared ballots', () => {
  expect(parseComparisonSample({ sampled: 64, o1: 1 })).toEqual({
    ok: true,
    value: { kind: 'counts', counts: { sampled: 64, o1: 1, o2: 0, u1: 0, u2: 0 } },
  });
  expect(
    parseComparisonSample({ ballots: [{ cvr: ['A'], audited: null, timesSampled: 2 }] }),
  ).toEqual({
    ok: true,
    value: { kind: 'ballots', ballots: [{ cvr: ['A'], audited: null, timesSampled: 2 }] },
  });
  const bad = parseComparisonSample({
    ballots: [{ cvr: ['A'] }, { cvr: 'A', audited: [], timesSampled: 0 }],
  });
  expect(bad.ok ? [] : bad.error.map((problem) => problem.path)).toEqual([
    '$.ballots[0]',
    '$.ballots[1].timesSampled',
    '$.ballots[1].cvr',
  ]);
  expect(parseComparisonSample({ o1: 1 }).ok).toBe(false);
  const tooMany = parseComparisonSample({ sampled: 1, o1: 1, o2: 1 });
  expect(tooMany.ok ? [] : tooMany.error.map((problem) => problem.path)).toEqual(['$.sampled']);
  expect(parseComparisonSample(3).ok).toBe(false);
});
