import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parseBatchTallies } from './batch-tallies';

const fixtures = new URL('../../../../shared/data/arlo-fixtures/', import.meta.url);

// Known answers: Arlo's fixture "candidate totals by batch" files, read with a spreadsheet.
test("reads Arlo's candidate totals by batch", () => {
  const file = 'small-election/Kendall Park - Minister of Farming - candidate totals by batch.csv';
  const tallies = parseBatchTallies({
    file,
    bytes: readFileSync(new URL(file, fixtures)),
    jurisdiction: 'Kendall Park',
  });
  expect(tallies.ok && tallies.value[0]).toEqual({
    jurisdiction: 'Kendall Park',
    tabulator: null,
    batch: 'Batch 1',
    votes: { 'Erin George': 3, 'Alex Hall': 0, 'Write-In': 0 },
    line: 2,
  });
  const lines = readFileSync(new URL(file, fixtures), 'utf8').trim().split(/\r?\n/);
  expect(tallies.ok && tallies.value.length).toBe(lines.length - 1);
});

test('reports located problems and accepts nothing half-valid', () => {
  const text =
    'Jurisdiction,Tabulator,Batch Name,Alice,Bob\nJ,T1,B1,3,x\nJ,T1,,1,2\nJ,T1,B1,1,1\nJ,T2,B1,1';
  const parsed = parseBatchTallies({
    file: 't.csv',
    bytes: new TextEncoder().encode(text),
    jurisdiction: 'unused',
  });
  expect(
    parsed.ok ? [] : parsed.error.map((problem) => [problem.type, problem.line, problem.column]),
  ).toEqual([
    ['tallies-invalid-number', 2, 11],
    ['tallies-missing-value', 3, 6],
    ['tallies-duplicate-batch', 4, 6],
    ['tallies-row-length', 5, 1],
  ]);
  const noBatch = parseBatchTallies({
    file: 't.csv',
    bytes: new TextEncoder().encode('Alice,alice\n1,2'),
    jurisdiction: 'J',
  });
  expect(noBatch.ok ? [] : noBatch.error.map((problem) => problem.type)).toEqual([
    'tallies-missing-column',
    'tallies-duplicate-column',
  ]);
  expect(parseBatchTallies({ file: 't.csv', bytes: new Uint8Array(), jurisdiction: 'J' }).ok).toBe(
    false,
  );
  expect(
    parseBatchTallies({
      file: 't.csv',
      bytes: new TextEncoder().encode('Batch Name,A\n'),
      jurisdiction: 'J',
    }).ok,
  ).toBe(false);
});
