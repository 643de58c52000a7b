import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type CvrFormat, matchCvrsToManifest } from './cvr-manifest';
import { type CvrExport, parseDominionCvrs } from './dominion-cvr';
import { parseHartCvrs } from './hart-cvr';
import { type Manifest, parseManifest } from './manifest';

const fixtures = new URL('../../../../shared/data/arlo-fixtures/', import.meta.url);
const encoder = new TextEncoder();

function manifest(text: string, file = 'manifest.csv', jurisdiction = 'J'): Manifest {
  const parsed = parseManifest({ file, bytes: encoder.encode(text), jurisdiction });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

function dominion(rows: string[], file = 'cvrs.csv'): CvrExport {
  const text = [
    'Test Audit CVR Upload,5.2.16.1,,,,,,,,,',
    ',,,,,,,,"Contest 1 (Vote For=1)","Contest 1 (Vote For=1)"',
    ',,,,,,,,Choice 1-1,Choice 1-2',
    'CvrNumber,TabulatorNum,BatchId,RecordId,ImprintedId,CountingGroup,PrecinctPortion,BallotType,REP,DEM',
    ...rows,
  ].join('\n');
  const parsed = parseDominionCvrs({ file, bytes: encoder.encode(text) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const row = (number: number, tabulator: string, batch: string, record: number): string =>
  `${number},${tabulator},${batch},${record},${tabulator}-${batch}-${record},Election Day,12345,COUNTY,0,1`;

describe("Arlo's fixture elections", () => {
  // Known answer: each fixture jurisdiction's Dominion export has, batch by batch, exactly the
  // ballots its manifest lists (counted independently: `cut -d, -f2,3 cvrs.csv | sort | uniq -c`
  // against the manifest's Number of Ballots; e.g. Kendall Park 500 ballots in 18 batches).
  for (const election of ['small-election', 'medium-election']) {
    const dir = new URL(`${election}/`, fixtures);
    const names = readdirSync(dir)
      .filter((name) => name.endsWith(' - cvrs.csv'))
      .map((name) => name.slice(0, -' - cvrs.csv'.length));
    test.each(names)(`${election}: %s matches its manifest`, (name) => {
      const cvrs = parseDominionCvrs({
        file: `${name} - cvrs.csv`,
        bytes: readFileSync(new URL(`${name} - cvrs.csv`, dir)),
      });
      const parsedManifest = parseManifest({
        file: `${name} - ballot manifest.csv`,
        bytes: readFileSync(new URL(`${name} - ballot manifest.csv`, dir)),
        jurisdiction: name,
      });
      if (!cvrs.ok || !parsedManifest.ok) throw new Error('fixture did not parse');
      const matched = matchCvrsToManifest({
        cvrs: cvrs.value,
        format: 'dominion',
        manifest: parsedManifest.value,
      });
      expect(matched.ok).toBe(true);
      if (!matched.ok) return;
      const total = matched.value.batches.reduce((sum, batch) => sum + batch.cvrBallots, 0);
      expect(total).toBe(cvrs.value.ballotCount);
      expect(total).toBe(parsedManifest.value.totalBallots);
      if (name === 'Kendall Park') {
        expect([total, matched.value.batches.length]).toEqual([500, 18]);
        expect(matched.value.batches[0]).toEqual({
          tabulator: 'Tabulator A',
          batch: 'Batch 1',
          manifestBallots: 27,
          cvrBallots: 27,
          hasCvrs: null,
        });
      }
    });
  }

  test("one fixture's CVRs against another's manifest are refused, batch by batch", () => {
    const cvrs = parseDominionCvrs({
      file: 'Mount Olive - cvrs.csv',
      bytes: readFileSync(new URL('small-election/Mount Olive - cvrs.csv', fixtures)),
    });
    const other = parseManifest({
      file: 'Siletz - ballot manifest.csv',
      bytes: readFileSync(new URL('small-election/Siletz - ballot manifest.csv', fixtures)),
      jurisdiction: 'Siletz',
    });
    if (!cvrs.ok || !other.ok) throw new Error('fixture did not parse');
    const matched = matchCvrsToManifest({
      cvrs: cvrs.value,
      format: 'dominion',
      manifest: other.value,
    });
    expect(matched.ok).toBe(false);
    if (matched.ok) return;
    expect(matched.error.some((problem) => problem.type === 'cvr-batch-count')).toBe(true);
  });
});

// Arlo's server/tests/ballot_comparison/test_cvrs.py `test_cvrs_unexpected_batch`-style case:
// the manifest says TABULATOR1/BATCH1, the CVR row says BATCH001.
test('a CVR whose tabulator and batch are not in the manifest is refused with file, line and the closest batch', () => {
  const m = manifest(
    'Tabulator,Batch Name,Number of Ballots\nTABULATOR1,BATCH1,1\nTABULATOR2,BATCH2,1\n',
  );
  const cvrs = dominion([row(1, 'TABULATOR1', 'BATCH001', 1), row(2, 'TABULATOR2', 'BATCH2', 1)]);
  const matched = matchCvrsToManifest({ cvrs, format: 'dominion', manifest: m });
  expect(matched.ok).toBe(false);
  if (matched.ok) return;
  expect(matched.error).toEqual([
    {
      type: 'cvr-batch-not-in-manifest',
      file: 'cvrs.csv',
      line: 5,
      column: 1,
      tabulator: 'TABULATOR1',
      batch: 'BATCH001',
      message:
        'tabulator "TABULATOR1", batch "BATCH001" (1 CVR) is not in the ballot manifest manifest.csv; the closest in the manifest is tabulator "TABULATOR1", batch "BATCH1" (manifest.csv:2)',
    },
    {
      type: 'cvr-batch-count',
      file: 'manifest.csv',
      line: 2,
      column: 1,
      tabulator: 'TABULATOR1',
      batch: 'BATCH1',
      message:
        'tabulator "TABULATOR1", batch "BATCH1": the manifest lists 1 ballot, the CVR export has 0',
    },
  ]);
});

test('a batch with more or fewer CVRs than the manifest lists is refused at its manifest line', () => {
  const m = manifest('Tabulator,Batch Name,Number of Ballots\nT1,B1,2\nT1,B2,3\nT2,B1,1\n');
  const cvrs = dominion([
    row(1, 'T1', 'B1', 1),
    row(2, 'T1', 'B1', 2),
    row(3, 'T1', 'B1', 3),
    row(4, 'T1', 'B2', 1),
    row(5, 'T1', 'B2', 2),
    row(6, 'T2', 'B1', 1),
  ]);
  const matched = matchCvrsToManifest({ cvrs, format: 'dominion', manifest: m });
  expect(matched.ok).toBe(false);
  if (matched.ok) return;
  expect(matched.error.map((p) => [p.type, p.line, p.tabulator, p.batch, p.message])).toEqual([
    [
      'cvr-batch-count',
      2,
      'T1',
      'B1',
      'tabulator "T1", batch "B1": the manifest lists 2 ballots, the CVR export has 3',
    ],
    [
      'cvr-batch-count',
      3,
      'T1',
      'B2',
      'tabulator "T1", batch "B2": the manifest lists 3 ballots, the CVR export has 2',
    ],
  ]);
});

test('a manifest without tabulators matches no Dominion CVR (Arlo keys by tabulator and batch)', () => {
  const m = manifest('Batch Name,Number of Ballots\nB1,1\n');
  const matched = matchCvrsToManifest({
    cvrs: dominion([row(1, 'T1', 'B1', 1)]),
    format: 'dominion',
    manifest: m,
  });
  expect(matched.ok).toBe(false);
  if (matched.ok) return;
  expect(matched.error[0]?.type).toBe('cvr-batch-not-in-manifest');
});

test("batches marked CVR: N are not checked and their CVRs are ignored (Arlo's hybrid audits)", () => {
  const m = manifest('Tabulator,Batch Name,Number of Ballots,CVR\nT1,B1,1,Y\nT1,B2,5,N\n');
  const matched = matchCvrsToManifest({
    cvrs: dominion([row(1, 'T1', 'B1', 1), row(2, 'T1', 'B2', 1)]),
    format: 'dominion',
    manifest: m,
  });
  expect(matched.ok).toBe(true);
  if (!matched.ok) return;
  expect(matched.value.ignoredCvrs).toBe(1);
  expect([...matched.value.batchOfBallot]).toEqual([0, -1]);
});

test('a manifest of several jurisdictions needs one chosen', () => {
  const m = manifest('Jurisdiction,Tabulator,Batch Name,Number of Ballots\nA,T1,B1,1\nB,T1,B1,1\n');
  const cvrs = dominion([row(1, 'T1', 'B1', 1)]);
  const both = matchCvrsToManifest({ cvrs, format: 'dominion', manifest: m });
  expect(both.ok ? null : both.error[0]?.type).toBe('manifest-several-jurisdictions');
  const one = matchCvrsToManifest({ cvrs, format: 'dominion', manifest: m, jurisdiction: 'B' });
  expect(one.ok).toBe(true);
  const none = matchCvrsToManifest({ cvrs, format: 'dominion', manifest: m, jurisdiction: 'C' });
  expect(none.ok ? null : none.error[0]?.type).toBe('manifest-no-batches');
});

describe('Hart', () => {
  const xml = (batch: string, sequence: number, guid: string): string =>
    `<?xml version="1.0" encoding="utf-8"?>
<Cvr xmlns="http://tempuri.org/CVRDesign.xsd">
  <Contests><Contest><Name>C</Name><Options><Option><Name>A</Name></Option></Options></Contest></Contests>
  <BatchSequence>${sequence}</BatchSequence>
  <BatchNumber>${batch}</BatchNumber>
  <CvrGuid>${guid}</CvrGuid>
</Cvr>`;
  const hart = (ballots: [string, string | undefined][]): CvrExport => {
    const parsed = parseHartCvrs({
      cvrs: ballots.map(([batch, tabulator], index) => ({
        file: `cvr-${index}.xml`,
        bytes: encoder.encode(xml(batch, index + 1, `guid-${index}`)),
        ...(tabulator === undefined ? {} : { tabulator }),
      })),
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    return parsed.value;
  };

  test('keys by batch name when the manifest names are unique, as Arlo does', () => {
    const m = manifest('Tabulator,Batch Name,Number of Ballots\nT1,B1,1\nT2,B2,1\n');
    const matched = matchCvrsToManifest({
      cvrs: hart([
        ['B1', undefined],
        ['B2', undefined],
      ]),
      format: 'hart',
      manifest: m,
    });
    expect(matched.ok).toBe(true);
    const unknown = matchCvrsToManifest({
      cvrs: hart([
        ['B1', undefined],
        ['B3', undefined],
      ]),
      format: 'hart',
      manifest: m,
    });
    expect(unknown.ok).toBe(false);
    if (unknown.ok) return;
    // The file of the ballot and the line of its BatchNumber element.
    expect(unknown.error[0]).toMatchObject({
      type: 'cvr-batch-not-in-manifest',
      file: 'cvr-1.xml',
      line: 5,
      tabulator: null,
      batch: 'B3',
    });
  });

  test('needs tabulators when the manifest repeats batch names', () => {
    const m = manifest('Tabulator,Batch Name,Number of Ballots\nT1,B1,1\nT2,B1,1\n');
    const good = matchCvrsToManifest({
      cvrs: hart([
        ['B1', 'T1'],
        ['B1', 'T2'],
      ]),
      format: 'hart',
      manifest: m,
    });
    expect(good.ok).toBe(true);
    const missing = matchCvrsToManifest({
      cvrs: hart([
        ['B1', 'T1'],
        ['B1', undefined],
      ]),
      format: 'hart',
      manifest: m,
    });
    expect(missing.ok ? [] : missing.error.map((p) => p.type)).toEqual([
      'cvr-no-tabulator',
      'cvr-batch-count',
    ]);
  });
});

// Property: CVRs built from a manifest match it; removing any one CVR gives exactly one count
// problem, at that CVR's batch.
test('CVRs built from a manifest match it, and one missing CVR is found in its batch', () => {
  const format: CvrFormat = 'dominion';
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
      fc.nat(),
      (sizes, pick) => {
        // A last row equal to the sum of the others reads as a total row (Arlo's rule).
        fc.pre(
          sizes.length === 1 || sizes.at(-1) !== sizes.slice(0, -1).reduce((a, b) => a + b, 0),
        );
        const m = manifest(
          `Tabulator,Batch Name,Number of Ballots\n${sizes.map((size, index) => `T${index % 3},B${index},${size}`).join('\n')}\n`,
        );
        const rows: string[] = [];
        sizes.forEach((size, index) => {
          for (let record = 1; record <= size; record++)
            rows.push(row(rows.length + 1, `T${index % 3}`, `B${index}`, record));
        });
        expect(matchCvrsToManifest({ cvrs: dominion(rows), format, manifest: m }).ok).toBe(true);
        const removed = pick % rows.length;
        const batchOfRemoved = (rows[removed] as string).split(',')[2];
        const fewer = matchCvrsToManifest({
          cvrs: dominion(rows.filter((_, index) => index !== removed)),
          format,
          manifest: m,
        });
        expect(fewer.ok).toBe(false);
        if (fewer.ok) return;
        expect(fewer.error.map((problem) => [problem.type, problem.batch])).toEqual([
          ['cvr-batch-count', batchOfRemoved],
        ]);
      },
    ),
    { numRuns: 200 },
  );
});
