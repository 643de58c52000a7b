import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { crc32 } from '@vigil/rla';
import { runVigilInProcess } from '../run-vigil-in-process';

const fixtures = new URL('../../../../libs/rla/src/fixtures/arlo-cvrs/', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'vigil-audit-cvrs-'));
const run = (...args: string[]) => runVigilInProcess(args);

/** A deflated ZIP of the files (enough of APPNOTE for the reader under test). */
function zip(files: Record<string, Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = deflateRawSync(content);
    const nameBytes = new TextEncoder().encode(name);
    const header = (size: number, signature: number, centralEntry: boolean): Uint8Array => {
      const bytes = new Uint8Array(size + nameBytes.length);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, signature, true);
      const at = centralEntry ? 10 : 8;
      view.setUint16(at, 8, true);
      view.setUint32(at + 6, crc32(content), true);
      view.setUint32(at + 10, data.length, true);
      view.setUint32(at + 14, content.length, true);
      view.setUint16(at + 18, nameBytes.length, true);
      if (centralEntry) view.setUint32(42, offset, true);
      bytes.set(nameBytes, size);
      return bytes;
    };
    const local = header(30, 0x04034b50, false);
    central.push(header(46, 0x02014b50, true));
    parts.push(local, data);
    offset += local.length + data.length;
  }
  const size = central.reduce((sum, entry) => sum + entry.length, 0);
  const end = new Uint8Array(22);
  const view = new DataView(end.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, central.length, true);
  view.setUint16(10, central.length, true);
  view.setUint32(12, size, true);
  view.setUint32(16, offset, true);
  const out = new Uint8Array(offset + size + 22);
  let at = 0;
  for (const part of [...parts, ...central, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// Known answers: Arlo's test_cvrs.py `test_ess_cvr_upload` contest metadata (snapshot 2).
test('audit cvrs reads an ES&S export, as files or zipped, with Arlo totals', async () => {
  const files = ['ess-cvr.csv', 'ess-ballots-1.csv', 'ess-ballots-2.csv'].map((name) =>
    join(fixtures, name),
  );
  const plain = await run('audit', 'cvrs', '--format', 'ess', ...files, '--json');
  expect(plain.code).toBe(0);
  const expected = {
    format: 'ess',
    ballots: 14,
    contests: [
      {
        name: 'Contest 1',
        votesAllowed: 1,
        ballots: 14,
        votes: { 'Choice 1-1': 6, 'Choice 1-2': 6 },
      },
      {
        name: 'Contest 2',
        votesAllowed: 1,
        ballots: 14,
        votes: { 'Choice 2-1': 8, 'Choice 2-2': 4, 'Choice 2-3': 2 },
      },
    ],
  };
  expect(JSON.parse(plain.stdout)).toEqual(expected);
  const zipped = join(scratch, 'ess.zip');
  writeFileSync(
    zipped,
    zip(
      Object.fromEntries(
        files.map((file) => [file.split('/').at(-1) as string, readFileSync(file)]),
      ),
    ),
  );
  const fromZip = await run('audit', 'cvrs', '--format', 'ess', zipped, '--json');
  expect(JSON.parse(fromZip.stdout)).toEqual(expected);
  const alone = await run('audit', 'cvrs', '--format', 'ess', files[0] as string);
  expect(alone.code).toBe(2);
  expect(alone.stderr).toContain('ess-cvr.csv:1:1: no ballots file');
});

test('audit cvrs reads a zipped Hart export and locates XML problems', async () => {
  const cvr = (guid: string, sequence: string, choice: string) =>
    new TextEncoder().encode(
      `<?xml version="1.0" encoding="utf-8"?>\n<Cvr xmlns="http://tempuri.org/CVRDesign.xsd"><Contests><Contest><Name>Mayor</Name><Options><Option><Name>${choice}</Name></Option></Options></Contest></Contests><BatchSequence>${sequence}</BatchSequence><BatchNumber>B1</BatchNumber><CvrGuid>${guid}</CvrGuid></Cvr>`,
    );
  const archive = join(scratch, 'hart.zip');
  writeFileSync(
    archive,
    zip({
      'a.xml': cvr('g1', '1', 'Alice'),
      'b.xml': cvr('g2', '2', 'Bob'),
      'c.xml': cvr('g3', '3', 'Alice'),
    }),
  );
  const read = await run('audit', 'cvrs', '--format', 'hart', archive, '--json');
  expect(read.code).toBe(0);
  expect(JSON.parse(read.stdout)).toEqual({
    format: 'hart',
    ballots: 3,
    contests: [{ name: 'Mayor', votesAllowed: 1, ballots: 3, votes: { Alice: 2, Bob: 1 } }],
  });
  const broken = join(scratch, 'broken.zip');
  writeFileSync(broken, zip({ 'a.xml': new TextEncoder().encode('<Cvr>\n  <Contests>\n</Cvr>') }));
  const bad = await run('audit', 'cvrs', '--format', 'hart', broken);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('broken.zip/a.xml:3:1: expected </Contests>, found </Cvr>');
  const dominion = await run('audit', 'cvrs', '--format', 'dominion', archive, archive);
  expect(dominion.code).toBe(2);
});

// Counts per (tabulator, batch) of Arlo's ES&S test export, read off ess-ballots-*.csv by hand:
// tabulator = the first four digits of "Tabulator CVR".
test('audit cvrs --manifest matches every CVR to a manifest batch and checks the counts', async () => {
  const files = ['ess-cvr.csv', 'ess-ballots-1.csv', 'ess-ballots-2.csv'].map((name) =>
    join(fixtures, name),
  );
  const manifest = join(scratch, 'Test County.csv');
  writeFileSync(
    manifest,
    'Tabulator,Batch Name,Number of Ballots\n0001,BATCH1,3\n0002,BATCH1,3\n0001,BATCH2,3\n0002,BATCH2,5\n',
  );
  const good = await run(
    'audit',
    'cvrs',
    '--format',
    'ess',
    ...files,
    '--manifest',
    manifest,
    '--json',
  );
  expect(good.code).toBe(0);
  expect(JSON.parse(good.stdout).manifest).toEqual({
    file: manifest,
    jurisdiction: 'Test County',
    batches: 4,
    ballots: 14,
    ignoredCvrs: 0,
  });
  const text = await run('audit', 'cvrs', '--format', 'ess', ...files, '--manifest', manifest);
  expect(text.stdout).toContain(
    'matches the ballot manifest Test County.csv (Test County): 4 batches, 14 ballots',
  );

  const wrong = join(scratch, 'wrong.csv');
  writeFileSync(
    wrong,
    'Tabulator,Batch Name,Number of Ballots\n0001,BATCH1,3\n0002,BATCH1,3\n0001,BATCH2,3\n0002,BATCH-2,5\n',
  );
  const bad = await run('audit', 'cvrs', '--format', 'ess', ...files, '--manifest', wrong);
  expect(bad.code).toBe(2);
  // The first CVR of the unknown batch is cvr 10, on line 9 of the second ballots file.
  expect(bad.stderr).toContain(
    'ess-ballots-2.csv:9:1: tabulator "0002", batch "BATCH2" (5 CVRs) is not in the ballot manifest',
  );
  expect(bad.stderr).toContain(
    'wrong.csv:5:1: tabulator "0002", batch "BATCH-2": the manifest lists 5 ballots, the CVR export has 0',
  );
});

test("audit cvrs --manifest accepts Arlo's fixture Dominion export with its manifest", async () => {
  const dir = new URL('../../../../../shared/data/arlo-fixtures/small-election/', import.meta.url)
    .pathname;
  const result = await run(
    'audit',
    'cvrs',
    '--format',
    'dominion',
    join(dir, 'Kendall Park - cvrs.csv'),
    '--manifest',
    join(dir, 'Kendall Park - ballot manifest.csv'),
    '--jurisdiction',
    'Kendall Park',
    '--json',
  );
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout).manifest).toMatchObject({ batches: 18, ballots: 500 });
});

// Info-ZIP's forced-ZIP64 archive of two Hart CVRs (libs/rla/src/fixtures/zip64/SOURCE.md): one
// vote each for Alice and Bob in batch B1.
test('audit cvrs reads a ZIP64 Hart export and matches it to its manifest', async () => {
  const archive = new URL('../../../../libs/rla/src/fixtures/zip64/infozip-fz.zip', import.meta.url)
    .pathname;
  const manifest = join(scratch, 'hart-manifest.csv');
  writeFileSync(manifest, 'Tabulator,Batch Name,Number of Ballots\nT1,B1,2\n');
  const read = await run(
    'audit',
    'cvrs',
    '--format',
    'hart',
    archive,
    '--manifest',
    manifest,
    '--json',
  );
  expect(read.code).toBe(0);
  expect(JSON.parse(read.stdout)).toMatchObject({
    format: 'hart',
    ballots: 2,
    manifest: { batches: 1, ballots: 2 },
    contests: [{ name: 'Mayor', ballots: 2, votes: { Alice: 1, Bob: 1 } }],
  });
  writeFileSync(manifest, 'Tabulator,Batch Name,Number of Ballots\nT1,B1,3\n');
  const short = await run('audit', 'cvrs', '--format', 'hart', archive, '--manifest', manifest);
  expect(short.code).toBe(2);
  expect(short.stderr).toContain(
    'hart-manifest.csv:2:1: tabulator "T1", batch "B1": the manifest lists 3 ballots, the CVR export has 2',
  );
});
