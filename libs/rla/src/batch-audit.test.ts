import { expect, test } from 'vitest';
import { batchKeyString, joinBatchTallies, sampleBatches } from './batch-audit';
import { buildContest } from './contest';
import type { Manifest } from './manifest';
import { ppebSample } from './ppeb';
import { parseMacroSample } from './sample-file';

const contest = buildContest({ name: 'C', ballots: 300, winners: 1, choices: { A: 150, B: 100 } });
const manifest: Manifest = {
  file: 'm.csv',
  encoding: 'utf-8',
  totalBallots: 300,
  batches: [
    {
      key: { jurisdiction: 'J', tabulator: 'T1', batch: 'B1' },
      container: null,
      ballots: 100,
      hasCvrs: null,
      line: 2,
    },
    {
      key: { jurisdiction: 'J', tabulator: 'T2', batch: 'B1' },
      container: null,
      ballots: 100,
      hasCvrs: null,
      line: 3,
    },
    {
      key: { jurisdiction: 'J', tabulator: 'T1', batch: 'B2' },
      container: null,
      ballots: 100,
      hasCvrs: null,
      line: 4,
    },
  ],
};

test('joins tallies to manifest batches and draws them with PPEB weights u_p', () => {
  const tallies = [
    { jurisdiction: 'J', tabulator: 'T1', batch: 'B1', votes: { A: 60, B: 30 }, line: 2 },
    { jurisdiction: 'J', tabulator: 'T2', batch: 'B1', votes: { A: 40, B: 40 }, line: 3 },
    { jurisdiction: 'J', tabulator: null, batch: 'B2', votes: { A: 50, B: 30 }, line: 4 },
  ];
  const joined = joinBatchTallies({
    contest,
    manifests: [manifest],
    tallies: [{ file: 't.csv', tallies }],
  });
  expect(joined.ok && joined.value.batches).toEqual([
    { key: '["J","T1","B1"]', votes: { A: 60, B: 30 }, ballots: 100 },
    { key: '["J","T2","B1"]', votes: { A: 40, B: 40 }, ballots: 100 },
    { key: '["J","T1","B2"]', votes: { A: 50, B: 30 }, ballots: 100 },
  ]);
  if (!joined.ok) return;
  // u_p = (v_A − v_B + b) / (150 − 100): 130/50, 100/50, 120/50.
  const drawn = sampleBatches({ contest, reported: joined.value, seed: 's', size: 4 });
  const direct = ppebSample({ seed: 's', weights: [130 / 50, 100 / 50, 120 / 50], take: 4 });
  expect(drawn.ok && drawn.value.map((draw) => batchKeyString(draw))).toEqual(
    direct.ok ? direct.value.map((draw) => joined.value.batches[draw.index]?.key) : [],
  );
  const tied = buildContest({ name: 'C', ballots: 300, winners: 1, choices: { A: 150, B: 150 } });
  expect(sampleBatches({ contest: tied, reported: joined.value, seed: 's', size: 1 })).toEqual({
    ok: false,
    error: { type: 'tied-contest' },
  });
});

test('refuses tallies of unknown, ambiguous or overfull batches', () => {
  const tallies = [
    { jurisdiction: 'J', tabulator: null, batch: 'B1', votes: { A: 1 }, line: 2 },
    { jurisdiction: 'J', tabulator: null, batch: 'B9', votes: { A: 1 }, line: 3 },
    { jurisdiction: 'J', tabulator: 'T1', batch: 'B2', votes: { A: 101 }, line: 4 },
  ];
  const joined = joinBatchTallies({
    contest,
    manifests: [manifest],
    tallies: [{ file: 't.csv', tallies }],
  });
  expect(joined.ok ? [] : joined.error.map((problem) => [problem.type, problem.line])).toEqual([
    ['ambiguous-batch', 2],
    ['tally-without-batch', 3],
    ['votes-exceed-ballots', 4],
  ]);
});

test('validates MACRO sample files by JSON path', () => {
  expect(
    parseMacroSample({
      batches: [
        { ticket: '0.1', jurisdiction: 'J', tabulator: null, batch: 'B1', audited: { A: 3 } },
      ],
    }),
  ).toEqual({
    ok: true,
    value: {
      batches: [
        { ticket: '0.1', jurisdiction: 'J', tabulator: null, batch: 'B1', audited: { A: 3 } },
      ],
      combinedBatches: [],
    },
  });
  const bad = parseMacroSample({
    batches: [
      { ticket: '', jurisdiction: 'J', tabulator: 3, batch: 'B', audited: { A: -1 } },
      { audited: [] },
    ],
    combinedBatches: [
      [{ jurisdiction: 'J', batch: 'B' }],
      [{ jurisdiction: 'J', batch: 'B' }, { batch: 2 }],
    ],
  });
  expect(bad.ok ? [] : bad.error.map((problem) => problem.path)).toEqual([
    '$.batches[0].ticket',
    '$.batches[0].tabulator',
    '$.batches[0].audited["A"]',
    '$.batches[1].ticket',
    '$.batches[1].jurisdiction',
    '$.batches[1].batch',
    '$.batches[1].audited',
    '$.combinedBatches[0]',
    '$.combinedBatches[1][1].jurisdiction',
    '$.combinedBatches[1][1].batch',
  ]);
  expect(parseMacroSample({}).ok).toBe(false);
});
