import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { cvrChoices, parseDominionCvrs } from './dominion-cvr';

const fixtures = new URL('../../../../shared/data/arlo-fixtures/', import.meta.url);
const read = (path: string) =>
  parseDominionCvrs({ file: path, bytes: readFileSync(new URL(path, fixtures)) });

// Known answers: the totals of Arlo's fixture CVR exports, counted independently with Python's
// csv module (one ballot per row after the four header rows; a contest is on a ballot when its
// cells are not empty).
test("reads Arlo's fixture Dominion exports with their contests, ballots and totals", () => {
  const kendall = read('small-election/Kendall Park - cvrs.csv');
  expect(kendall.ok).toBe(true);
  if (!kendall.ok) return;
  const cvrs = kendall.value;
  expect([cvrs.electionName, cvrs.softwareVersion, cvrs.ballotCount, cvrs.choiceCount]).toEqual([
    'Small Election',
    '5.2.16.1',
    500,
    11,
  ]);
  expect(
    cvrs.contests.map((contest) => [contest.name, contest.votesAllowed, contest.choices.length]),
  ).toEqual([
    ['Minister of Farming', 1, 3],
    ['Master of Magic', 1, 5],
    ['Secretary of Treasure', 1, 3],
  ]);
  expect(cvrs.totals).toEqual([
    {
      contest: 'Minister of Farming',
      ballots: 109,
      votes: { 'Erin George': 81, 'Alex Hall': 26, 'Write-In': 27 },
    },
    {
      contest: 'Master of Magic',
      ballots: 80,
      votes: {
        'Clem Bradley': 38,
        'Rene Carr': 34,
        'Blair Atkinson': 32,
        'Sam Shaw': 32,
        'Write-In': 39,
      },
    },
    {
      contest: 'Secretary of Treasure',
      ballots: 500,
      votes: { 'Denny Vargas': 465, 'Jackie Sweet': 35, 'Emerson Thornton': 15 },
    },
  ]);
  expect([
    cvrs.cvrNumber[0],
    cvrs.tabulator[0],
    cvrs.batch[0],
    cvrs.recordId[0],
    cvrs.imprintedId[0],
  ]).toEqual(['0', 'Tabulator A', 'Batch 1', 1, 'Tabulator A-Batch 1-1']);
  expect(cvrChoices(cvrs, 0, cvrs.contests[2]!)).toEqual(['Denny Vargas']);
  expect(cvrChoices(cvrs, 0, cvrs.contests[0]!)).toEqual([]);
  const lindow = read('medium-election/Lindow - cvrs.csv');
  expect(lindow.ok && lindow.value.totals).toEqual([
    {
      contest: 'Lord of Coin',
      ballots: 7173,
      votes: {
        'Billie Mitchell': 3362,
        'Gabe Booth': 3329,
        'Ray Hart': 674,
        'Erin Willis': 371,
        'Write-In': 356,
      },
    },
  ]);
  expect(lindow.ok && lindow.value.imprintedId.at(-1)).toBe('Tabulator A-Batch 7-425');
});

const header = [
  'Election,5.10.1.24,,,,,',
  ',,,,,Mayor (Vote For=1),Mayor (Vote For=1)',
  ',,,,,Alice,Bob',
  'CvrNumber,TabulatorNum,BatchId,RecordId,ImprintedId,,',
];
const bytes = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));

test('removes Excel equals signs and reports every bad row with line and column', () => {
  const good = parseDominionCvrs({
    file: 'x.csv',
    bytes: bytes([...header, '="1",="5",B1,="7",5-1-7,1,0', '2,5,B1,8,5-1-8,,']),
  });
  expect(
    good.ok && [
      good.value.cvrNumber,
      good.value.tabulator,
      Array.from(good.value.recordId),
      good.value.totals,
    ],
  ).toEqual([
    ['1', '2'],
    ['5', '5'],
    [7, 8],
    [{ contest: 'Mayor', ballots: 1, votes: { Alice: 1, Bob: 0 } }],
  ]);
  const bad = parseDominionCvrs({
    file: 'bad.csv',
    bytes: bytes([...header, '1,5,B1,x,5-1-x,1,0', '2,5,,9,5-1-9,2,0', '3,5,B1,10,5-1-10,1']),
  });
  expect(
    bad.ok ? [] : bad.error.map((problem) => [problem.type, problem.line, problem.column]),
  ).toEqual([
    ['cvr-invalid-number', 5, 8],
    ['cvr-missing-value', 6, 5],
    ['cvr-invalid-mark', 6, 14],
    ['cvr-row-length', 7, 1],
  ]);
  const badHeader = parseDominionCvrs({
    file: 'h.csv',
    bytes: bytes(['E,1,,', ',,Mayor,Mayor', ',,A,B', 'CvrNumber,BatchId,,']),
  });
  expect(
    badHeader.ok
      ? []
      : badHeader.error.map((problem) => [problem.type, problem.line, problem.column]),
  ).toEqual([
    ['cvr-contest-header', 2, 3],
    ['cvr-contest-header', 2, 4],
    ['cvr-header', 4, 1],
    ['cvr-header', 4, 1],
    ['cvr-header', 4, 1],
  ]);
  expect(parseDominionCvrs({ file: 's.csv', bytes: bytes(header.slice(0, 2)) }).ok).toBe(false);
});
