import { expect, test } from 'vitest';
import { parseClearBallotCvrs } from './clearballot-cvr';
import { cvrChoices } from './dominion-cvr';

// The header and row format of votingworks/arlo server/tests/ballot_comparison/test_cvrs.py
// (ClearBallot cases); totals counted by hand.
const HEADER =
  'RowNumber,BoxID,BoxPosition,BallotID,PrecinctID,BallotStyleID,PrecinctStyleName,ScanComputerName,Status,Remade,' +
  'Choice_1_1:Contest 1:Vote For 1:Choice 1-1:Non-Partisan,Choice_210_1:Contest 1:Vote For 1:Choice 1-2:Non-Partisan,' +
  'Choice_34_1:Contest 2:Vote For 2:Choice 2-1:Non-Partisan,Choice_4_1:Contest 2:Vote For 2:Choice 2-2:Non-Partisan,' +
  'Choice_173_1:Contest 2:Vote For 2:Choice 2-3:Non-Partisan';
const bytes = (lines: string[]) => new TextEncoder().encode(lines.join('\n'));

test("reads Arlo's ClearBallot layout", () => {
  const parsed = parseClearBallotCvrs({
    file: 'cb.csv',
    bytes: bytes([
      HEADER,
      '1,BATCH1,1,1-1-1,p,bs,ps,TABULATOR1,s,r,0,1,1,1,0',
      '2,BATCH1,2,1-1-2,p,bs,ps,TABULATOR1,s,r,1,0,,,',
      '',
    ]),
  });
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  const cvrs = parsed.value;
  expect(
    cvrs.contests.map((contest) => [contest.name, contest.votesAllowed, contest.choices]),
  ).toEqual([
    ['Contest 1', 1, ['Choice 1-1', 'Choice 1-2']],
    ['Contest 2', 2, ['Choice 2-1', 'Choice 2-2', 'Choice 2-3']],
  ]);
  expect([
    cvrs.ballotCount,
    cvrs.tabulator,
    cvrs.batch,
    Array.from(cvrs.recordId),
    cvrs.imprintedId,
  ]).toEqual([2, ['TABULATOR1', 'TABULATOR1'], ['BATCH1', 'BATCH1'], [1, 2], ['1-1-1', '1-1-2']]);
  expect(cvrs.totals).toEqual([
    { contest: 'Contest 1', ballots: 2, votes: { 'Choice 1-1': 1, 'Choice 1-2': 1 } },
    {
      contest: 'Contest 2',
      ballots: 1,
      votes: { 'Choice 2-1': 1, 'Choice 2-2': 1, 'Choice 2-3': 0 },
    },
  ]);
  expect(cvrChoices(cvrs, 0, cvrs.contests[1]!)).toEqual(['Choice 2-1', 'Choice 2-2']);
});

test('reports missing columns and bad rows with line and column', () => {
  const noRowNumber = parseClearBallotCvrs({
    file: 'cb.csv',
    bytes: bytes([
      HEADER.replace('RowNumber,', ''),
      'BATCH1,1,1-1-1,p,bs,ps,TABULATOR1,s,r,0,1,1,1,0',
    ]),
  });
  expect(
    noRowNumber.ok ? [] : noRowNumber.error.map((problem) => [problem.type, problem.message]),
  ).toEqual([['cvr-header', 'missing column "RowNumber"']]);
  const bad = parseClearBallotCvrs({
    file: 'cb.csv',
    bytes: bytes([HEADER, ',BATCH1,x,1-1-1,p,bs,ps,TABULATOR1,s,r,0,2,1,1,0', '3,B,1']),
  });
  expect(
    bad.ok ? [] : bad.error.map((problem) => [problem.type, problem.line, problem.column]),
  ).toEqual([
    ['cvr-missing-value', 2, 1],
    ['cvr-invalid-number', 2, 9],
    ['cvr-invalid-mark', 2, 42],
    ['cvr-row-length', 3, 1],
  ]);
  expect(parseClearBallotCvrs({ file: 'cb.csv', bytes: bytes(['RowNumber,BoxID']) }).ok).toBe(
    false,
  );
  const split = parseClearBallotCvrs({
    file: 'cb.csv',
    bytes: bytes([
      'RowNumber,BoxID,BoxPosition,BallotID,ScanComputerName,C_1:A:Vote For 1:x:p,C_2:B:Vote For 1:y:p,C_3:A:Vote For 1:z:p',
    ]),
  });
  expect(split.ok ? [] : split.error.map((problem) => problem.type)).toEqual(['cvr-choice-header']);
  expect(parseClearBallotCvrs({ file: 'cb.csv', bytes: new Uint8Array() }).ok).toBe(false);
});
