import { expect, test } from 'vitest';
import { ballotId, batchUnitGroup, pythonRepr } from './ballot-id';
import { firstFraction } from './ticket';
import answers from './fixtures/arlo-sampler-answers.json';

// Known answers: Python 3.11 `repr()` (CPython unicode_repr), evaluated by hand in a REPL.
test('pythonRepr follows CPython repr rules', () => {
  const table: [string, string][] = [
    ['Batch 1', "'Batch 1'"],
    ["O'Brien", '"O\'Brien"'],
    ['It\'s "x"', "'It\\'s \"x\"'"],
    ['a\\b', "'a\\\\b'"],
    ['tab\there\nnl\rcr', "'tab\\there\\nnl\\rcr'"],
    ['\u0001\u007f', "'\\x01\\x7f'"],
    ['Zürich São', "'Zürich São'"],
    ['nbsp\u00a0', "'nbsp\\xa0'"],
    ['zero\u200bwidth', "'zero\\u200bwidth'"],
    ['東京😊', "'東京😊'"],
    ['private\u{f0000}', "'private\\U000f0000'"],
  ];
  for (const [input, expected] of table) expect(pythonRepr(input)).toBe(expected);
});

// Known answers: `str(((j, t, b), p))` as Arlo hashes it, from fixtures/arlo-sampler-answers.json
// (generated with Python 3 from the same names).
test('Arlo ids equal Python str() of the batch-key tuple', () => {
  for (const draw of answers.oddNames.draws) {
    const key = { jurisdiction: draw.jurisdiction, tabulator: draw.tabulator, batch: draw.batch };
    expect(ballotId(key, draw.position, 'arlo')).toBe(draw.id);
  }
  expect(
    ballotId({ jurisdiction: 'Adams County', tabulator: null, batch: 'Batch 1' }, 3, 'arlo'),
  ).toBe("(('Adams County', None, 'Batch 1'), 3)");
});

// Known answers for our canonical format (documented in docs/statistics.md): ids from Python's
// json.dumps(..., separators=(',', ':'), ensure_ascii=False), tickets from consistent_sampler's
// first_fraction with seed '20260101 seed'.
test('canonical ids are RFC 8785 JSON arrays, with known first tickets', () => {
  for (const known of answers.canonical) {
    const key = {
      jurisdiction: known.jurisdiction,
      tabulator: known.tabulator,
      batch: known.batch,
    };
    const id = ballotId(key, known.position, 'canonical');
    expect(id).toBe(known.id);
    expect(firstFraction(id, '20260101 seed')).toBe(known.firstTicket);
  }
  expect(
    batchUnitGroup({ jurisdiction: 'A', tabulator: null, batch: 'B' }, 5, 'canonical'),
  ).toEqual({
    kind: 'positions',
    prefix: '["A",null,"B",',
    suffix: ']',
    count: 5,
  });
});
