import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import { decodeText, parseCsv } from './csv';
import { parseManifest } from './manifest';

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);
const fixtures = new URL('../../../../shared/data/arlo-fixtures/', import.meta.url);

test("parses every ballot manifest of Arlo's fixture elections", () => {
  for (const election of ['small-election', 'medium-election']) {
    const folder = new URL(`${election}/`, fixtures);
    for (const name of readdirSync(folder).filter((file) => file.endsWith('ballot manifest.csv'))) {
      const jurisdiction = name.split(' - ')[0] as string;
      const parsed = parseManifest({
        file: name,
        bytes: readFileSync(new URL(name, folder)),
        jurisdiction,
      });
      expect(parsed.ok).toBe(true);
      if (parsed.ok) {
        expect(parsed.value.batches.length).toBeGreaterThan(0);
        expect(parsed.value.batches.every((batch) => batch.key.jurisdiction === jurisdiction)).toBe(
          true,
        );
      }
    }
  }
  // Kendall Park: 18 batches, 500 ballots; batch 4 is tabulator A's, with 6 ballots.
  const kendall = parseManifest({
    file: 'Kendall Park - ballot manifest.csv',
    bytes: readFileSync(new URL('small-election/Kendall Park - ballot manifest.csv', fixtures)),
    jurisdiction: 'Kendall Park',
  });
  expect(kendall.ok && kendall.value.totalBallots).toBe(500);
  expect(kendall.ok && kendall.value.batches[3]).toEqual({
    key: { jurisdiction: 'Kendall Park', tabulator: 'Tabulator A', batch: 'Batch 4' },
    container: null,
    ballots: 6,
    hasCvrs: null,
    line: 5,
  });
});

test('reads UTF-8 with and without BOM and Windows-1252, and a Jurisdiction column', () => {
  const text =
    'jurisdiction, TABULATOR ,Batch Name,Number of Ballots,Container\r\nZürich,,Lot 1,10,Box A\r\n\r\nGenève,T2," Lot ""2"" ",5,\r\n';
  const utf8 = parseManifest({ file: 'm.csv', bytes: bytes(text) });
  const bom = parseManifest({
    file: 'm.csv',
    bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(text)]),
  });
  const cp1252 = parseManifest({
    file: 'm.csv',
    bytes: Uint8Array.from(text, (char) =>
      char === 'ü' ? 0xfc : char === 'è' ? 0xe8 : char.charCodeAt(0),
    ),
  });
  for (const parsed of [utf8, bom, cp1252]) {
    expect(
      parsed.ok && parsed.value.batches.map((batch) => [batch.key, batch.ballots, batch.container]),
    ).toEqual([
      [{ jurisdiction: 'Zürich', tabulator: null, batch: 'Lot 1' }, 10, 'Box A'],
      [{ jurisdiction: 'Genève', tabulator: 'T2', batch: 'Lot "2"' }, 5, null],
    ]);
  }
  expect(cp1252.ok && cp1252.value.encoding).toBe('windows-1252');
  expect(decodeText(bytes('€')).encoding).toBe('utf-8');
});

test('reports every problem with file, line and column, and returns nothing', () => {
  const text = [
    'Batch Name,Number of Ballots,CVR',
    'B1,12,Y',
    'B2,-3,N',
    ',4,Y',
    'B1,7,maybe',
    'B5,1e3,Y',
    'Subtotal,20,Y',
    'B6,3',
  ].join('\n');
  const parsed = parseManifest({ file: 'bad.csv', bytes: bytes(text), jurisdiction: 'J' });
  expect(parsed.ok).toBe(false);
  if (parsed.ok) return;
  expect(parsed.error.map((problem) => [problem.type, problem.line, problem.column])).toEqual([
    ['manifest-invalid-number', 3, 4],
    ['manifest-missing-value', 4, 1],
    ['manifest-invalid-yes-no', 5, 6],
    ['manifest-invalid-number', 6, 4],
    ['manifest-total-row', 7, 1],
    ['manifest-row-length', 8, 1],
  ]);
  expect(parsed.error.every((problem) => problem.file === 'bad.csv')).toBe(true);
});

test('rejects bad headers, duplicates, totals and files without batches', () => {
  const problems = (text: string, jurisdiction?: string) => {
    const parsed = parseManifest({
      file: 'f.csv',
      bytes: bytes(text),
      ...(jurisdiction === undefined ? {} : { jurisdiction }),
    });
    return parsed.ok
      ? []
      : parsed.error.map((problem) => [problem.type, problem.line, problem.column]);
  };
  expect(problems('Batch Name,Ballots,Batch name\nA,1,A', 'J')).toEqual([
    ['manifest-unexpected-column', 1, 12],
    ['manifest-duplicate-column', 1, 20],
    ['manifest-missing-column', 1, 1],
  ]);
  expect(problems('Batch Name,Number of Ballots\nA,1')).toEqual([
    ['manifest-no-jurisdiction', 1, 1],
  ]);
  expect(problems('Tabulator,Batch Name,Number of Ballots\nT1,A,1\nT2,A,1\nT1,A,5', 'J')).toEqual([
    ['manifest-duplicate-batch', 4, 2],
  ]);
  expect(problems('Batch Name,Number of Ballots\nA,1\nB,2\nC,3', 'J')).toEqual([
    ['manifest-total-row', 4, 1],
  ]);
  expect(problems('', 'J')).toEqual([['manifest-empty', 1, 1]]);
  expect(problems('Batch Name,Number of Ballots\n', 'J')).toEqual([['manifest-empty', 2, 1]]);
  expect(problems('Batch Name,Number of Ballots\nA,0', 'J')).toEqual([['manifest-empty', 2, 1]]);
  expect(problems('Batch Name,Number of Ballots\n"A,1', 'J')).toEqual([['csv-syntax', 2, 1]]);
});

test('the CSV tokenizer tracks lines through quoted line breaks', () => {
  const parsed = parseCsv('a,"b\nc",d\r\ne,"x""y"\rlast,');
  expect(
    parsed.ok &&
      parsed.value.map((row) => [
        row.line,
        row.cells.map((cell) => [cell.value, cell.line, cell.column]),
      ]),
  ).toEqual([
    [
      1,
      [
        ['a', 1, 1],
        ['b\nc', 1, 3],
        ['d', 2, 4],
      ],
    ],
    [
      3,
      [
        ['e', 3, 1],
        ['x"y', 3, 3],
      ],
    ],
    [
      4,
      [
        ['last', 4, 1],
        ['', 4, 6],
      ],
    ],
  ]);
  expect(parseCsv('a"b').ok).toBe(false);
  expect(parseCsv('"a"b').ok).toBe(false);
});
