import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { MARK } from './dominion-cvr';
import { arloMetadata, arloRecords } from './fixtures/arlo-records';
import { parseEssCvrs } from './ess-cvr';

const dir = join(import.meta.dirname, 'fixtures', 'arlo-cvrs');
const input = (name: string, as = name) => ({ file: as, bytes: readFileSync(join(dir, name)) });
const snapshots = JSON.parse(readFileSync(join(dir, 'arlo-cvr-snapshots.json'), 'utf8')) as Record<
  string,
  unknown
>;

// Source: votingworks/arlo server/tests/ballot_comparison/test_cvrs.py `test_ess_cvr_upload`
// (its four uploads) and snapshots "test_ess_cvr_upload 1", "2", "5", "6".
test.each([
  ['two ballots files with metadata rows', ['ess-ballots-1.csv', 'ess-ballots-2.csv'], '1'],
  ['a ballots file without metadata rows', ['ess-ballots-no-metadata-rows.csv'], '1'],
  [
    'a ballots file with a Machine column (hexadecimal ids)',
    ['ess-ballots-machine-column.csv'],
    '5',
  ],
])("ES&S export with %s reads as Arlo's snapshot", (_, ballots, snapshot) => {
  const parsed = parseEssCvrs({
    files: [...ballots.map((name) => input(name)), input('ess-cvr.csv')],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  expect(arloRecords(parsed.value)).toEqual(snapshots[`test_ess_cvr_upload ${snapshot}`]);
  expect(arloMetadata(parsed.value)).toEqual(
    snapshots[`test_ess_cvr_upload ${Number(snapshot) + 1}`],
  );
  // Record ids as Arlo derives them: the last six digits, or ⌊hex / 10¹⁰⌋.
  const index = parsed.value.imprintedId.indexOf(
    snapshot === '1' ? '0001000415' : '02bc1dc7bc1e7774',
  );
  expect(parsed.value.recordId[index]).toBe(
    snapshot === '1' ? 415 : Math.floor(0x02bc1dc7bc1e7774 / 1e10),
  );
  expect(parsed.value.marks[index * parsed.value.choiceCount]).toBe(MARK.none);
});

// Source: test_cvrs.py `test_ess_cvr_upload_cvr_file_with_tabulator_cvr_column`: a CVR file with a
// "Tabulator CVR" column is taken for a ballots file unless it is named cvr.csv.
test('a CVR file with a Tabulator CVR column needs the name cvr.csv', () => {
  const ballots = [input('ess-ballots-1.csv'), input('ess-ballots-2.csv')];
  const misread = parseEssCvrs({
    files: [input('ess-cvr-with-tabulator-cvr-column.csv', 'ess_cvr.csv'), ...ballots],
  });
  expect(misread.ok ? '' : misread.error[0]?.message).toMatch(/^no CVR file \(name it cvr\.csv/);
  const named = parseEssCvrs({
    files: [input('ess-cvr-with-tabulator-cvr-column.csv', 'CVR.csv'), ...ballots],
  });
  if (!named.ok) throw new Error(JSON.stringify(named.error));
  expect(arloRecords(named.value)).toEqual(
    snapshots['test_ess_cvr_upload_cvr_file_with_tabulator_cvr_column 1'],
  );
});

const text = (file: string, content: string) => ({
  file,
  bytes: new TextEncoder().encode(content),
});

// Modelled on test_cvrs.py `test_ess_cvr_upload_invalid`: each problem located, nothing returned.
test('ES&S problems name file, line and column; nothing half-valid', () => {
  const cvr = readFileSync(join(dir, 'ess-cvr.csv'), 'utf8');
  const ballots = readFileSync(join(dir, 'ess-ballots-no-metadata-rows.csv'), 'utf8');
  // Leading zeros stripped by a spreadsheet, a missing batch, and CVR 15 missing from the ballots.
  const broken = ballots
    .replace('0001013415', '1013415')
    .replace('2,BATCH1,', '2,,')
    .replace(/^15,.*\n/m, '');
  const result = parseEssCvrs({ files: [text('cvr.csv', cvr), text('ballots.csv', broken)] });
  expect(
    result.ok ? [] : result.error.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`),
  ).toEqual([
    'ballots.csv:2:41: Tabulator CVR should be a ten-digit number when there is no Machine column, got "1013415" (were leading zeros stripped?)',
    'ballots.csv:3:3: a value is required in column "Batch"',
    'cvr.csv:15:1: Cast Vote Record 15 is in no ballots file',
  ]);
  const extra = parseEssCvrs({
    files: [text('cvr.csv', cvr.replace(/^15,.*\n/m, '')), text('ballots.csv', ballots)],
  });
  expect(extra.ok ? [] : extra.error.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
    'ballots.csv:15: Cast Vote Record 15 is not in the CVR file cvr.csv',
  ]);
  const two = parseEssCvrs({
    files: [text('a.csv', cvr), text('b.csv', cvr), text('ballots.csv', ballots)],
  });
  expect(two.ok ? '' : two.error[0]?.message).toMatch(/^more than one CVR file/);
  const short = parseEssCvrs({
    files: [
      text('cvr.csv', cvr.replace('2,p,bs,Choice 1-1,Choice 2-1', '2,p,bs')),
      text('b.csv', ballots),
    ],
  });
  expect(short.ok ? [] : short.error.map((p) => `${p.line}:${p.message}`)).toEqual([
    '3:expected 5 cells, found 3',
  ]);
  // Windows-1252 and a BOM decode like UTF-8.
  const latin = new Uint8Array([
    0xef,
    0xbb,
    0xbf,
    ...new TextEncoder().encode(cvr.replace(/Choice 1-1/g, 'Jos\u00e9')),
  ]);
  const bom = parseEssCvrs({
    files: [{ file: 'cvr.csv', bytes: latin }, text('ballots.csv', ballots)],
  });
  expect(bom.ok && bom.value.contests[0]?.choices).toEqual(['Choice 1-2', 'Jos\u00e9']);
  const cp1252 = parseEssCvrs({
    files: [
      {
        file: 'cvr.csv',
        bytes: Uint8Array.from(cvr.replace(/Choice 1-1/g, 'Jos\u00e9'), (c) => c.charCodeAt(0)),
      },
      text('ballots.csv', ballots),
    ],
  });
  expect(cp1252.ok && cp1252.value.contests[0]?.choices).toEqual(['Choice 1-2', 'Jos\u00e9']);
});
