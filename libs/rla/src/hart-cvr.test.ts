import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { arloMetadata, arloRecords } from './fixtures/arlo-records';
import { hartFilesFromZip, parseHartCvrs } from './hart-cvr';
import { parseXml } from './xml';
import { crc32, readZip } from './zip';

const dir = join(import.meta.dirname, 'fixtures', 'arlo-cvrs');
const snapshots = JSON.parse(readFileSync(join(dir, 'arlo-cvr-snapshots.json'), 'utf8')) as Record<
  string,
  { tabulator: string }[] | Record<string, unknown>
>;
const encoder = new TextEncoder();

/** Arlo's server/tests/ballot_comparison/test_cvrs.py `build_hart_cvr`, in TypeScript. */
function buildHartCvr(
  batch: string,
  sequence: string,
  guid: string,
  interpretations: string,
  writeIn = false,
): string {
  const marks = interpretations.split(',');
  const choice = (name: string) =>
    writeIn
      ? `<Option><WriteInData><Text /><ImageId>fake-image-id</ImageId><WriteInDataStatus>Unresolved</WriteInDataStatus></WriteInData><Id>fake-choice-id-write-in</Id><Value>1</Value></Option>`
      : `<Option><Name>${name}</Name><Id>fake-choice-id-${name}</Id><Value>1</Value></Option>`;
  const contest = (name: string, choices: string[]) =>
    `<Contest><Name>${name}</Name><Id>fake-contest-id-${name}</Id><Options>${choices.map(choice).join('\n')}</Options></Contest>`;
  const voted = (names: string[], offset: number) =>
    names.filter((_, i) => marks[offset + i] === '1');
  return `<?xml version="1.0" encoding="utf-8"?>
        <Cvr xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="http://tempuri.org/CVRDesign.xsd">
            <Contests>${contest('Contest 1', voted(['Choice 1-1', 'Choice 1-2'], 0))}
${contest('Contest 2', voted(['Choice 2-1', 'Choice 2-2', 'Choice 2-3'], 2))}</Contests>
            <BatchSequence>${sequence}</BatchSequence>
            <SheetNumber>1</SheetNumber>
            <PrecinctSplit><Name>100</Name><Id>fake-precinct-split-id</Id></PrecinctSplit>
            <BatchNumber>${batch}</BatchNumber>
            <CvrGuid>${guid}</CvrGuid>
        </Cvr>
        `;
}

// test_cvrs.py HART_CVRS.
const HART_CVRS: [string, string, string, string, boolean?][] = [
  ['BATCH1', '1', '1-1-1', '0,1,1,0,0'],
  ['BATCH1', '2', '1-1-2', '1,0,1,0,0'],
  ['BATCH1', '3', '1-1-3', '0,1,1,0,0'],
  ['BATCH2', '1', '1-2-1', '1,0,1,0,0'],
  ['BATCH2', '2', '1-2-2', '0,1,0,1,0'],
  ['BATCH2', '3', '1-2-3', '1,0,0,0,1'],
  ['BATCH3', '1', '1-3-1', '1,0,0,1,0'],
  ['BATCH3', '2', '1-3-2', '1,0,0,0,1'],
  ['BATCH3', '3', '1-3-3', '1,0,0,1,0'],
  ['BATCH4', '1', '1-4-1', '1,0,0,0,1'],
  ['BATCH4', '2', '1-4-2', '1,1,1,1,1'],
  ['BATCH4', '4', '1-4-4', ',,1,0,0'],
  ['BATCH4', '5', '1-4-5', ',,1,0,0'],
  ['BATCH4', '6', '1-4-6', ',,1,0,0', true],
];

/** A ZIP writer for the tests (deflate, as Arlo's zip_files; `damage` flips a stored CRC). */
function zip(files: Record<string, Uint8Array>, damage = false): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = deflateRawSync(content);
    const nameBytes = encoder.encode(name);
    const crc = (crc32(content) ^ (damage ? 1 : 0)) >>> 0;
    const local = new Uint8Array(30 + nameBytes.length + data.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, 0x800, true);
    l.setUint16(8, 8, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, data.length, true);
    l.setUint32(22, content.length, true);
    l.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    local.set(data, 30 + nameBytes.length);
    const central = new Uint8Array(46 + nameBytes.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(8, 0x800, true);
    c.setUint16(10, 8, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, data.length, true);
    c.setUint32(24, content.length, true);
    c.setUint16(28, nameBytes.length, true);
    c.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const size = centrals.reduce((sum, entry) => sum + entry.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, centrals.length, true);
  e.setUint16(10, centrals.length, true);
  e.setUint32(12, size, true);
  e.setUint32(16, offset, true);
  const out = new Uint8Array(offset + size + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const hartZip = (cvrs: typeof HART_CVRS): Uint8Array =>
  zip({
    ...Object.fromEntries(
      cvrs.map((args, i) => [`cvr-${i}.xml`, encoder.encode(buildHartCvr(...args))]),
    ),
    // test_cvrs.py zip_hart_cvrs: "There's usually a WriteIns directory in the zip file".
    WriteIns: new Uint8Array(),
  });
const inflateRaw = (bytes: Uint8Array): Uint8Array => inflateRawSync(bytes);
const withoutTabulator = (records: readonly { tabulator?: unknown }[]) =>
  records.map(({ tabulator: _, ...rest }) => rest);

// Source: test_cvrs.py `test_hart_cvr_upload`, snapshots "test_hart_cvr_upload 1" and "2". Arlo
// takes each ballot's tabulator from the manifest batch it matches (batch names are unique
// here), which the export itself does not carry: that field is compared without it.
test("a zipped Hart export reads as Arlo's snapshot", () => {
  const files = hartFilesFromZip({ file: 'cvrs.zip', bytes: hartZip(HART_CVRS), inflateRaw });
  if (!files.ok) throw new Error(JSON.stringify(files.error));
  expect(files.value.cvrs).toHaveLength(14);
  const parsed = parseHartCvrs(files.value);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  expect(withoutTabulator(arloRecords(parsed.value))).toEqual(
    withoutTabulator(snapshots['test_hart_cvr_upload 1'] as { tabulator: string }[]),
  );
  expect(arloMetadata(parsed.value)).toEqual(snapshots['test_hart_cvr_upload 2']);
});

// Source: test_cvrs.py `test_hart_cvr_upload_with_scanned_ballot_information` (first upload:
// the CVR ZIP and HART_SCANNED_BALLOT_INFORMATION in a wrapper ZIP), snapshot 1: imprinted ids
// are the UniqueIdentifiers; Workstation names the tabulator.
test('scanned ballot information gives imprinted ids and tabulators; one ZIP per tabulator names them', () => {
  const wrapper = zip({
    'cvrs.zip': hartZip(HART_CVRS),
    'scanned-ballot-information.csv': readFileSync(
      join(dir, 'hart-scanned-ballot-information.csv'),
    ),
  });
  const files = hartFilesFromZip({ file: 'wrapper.zip', bytes: wrapper, inflateRaw });
  if (!files.ok) throw new Error(JSON.stringify(files.error));
  const parsed = parseHartCvrs(files.value);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const expected = snapshots['test_hart_cvr_upload_with_scanned_ballot_information 1'] as {
    tabulator: string;
  }[];
  expect(arloRecords(parsed.value)).toEqual(expected);
  // test_cvrs.py HART_CVRS_DUPLICATE_BATCH_NAMES: a ZIP per tabulator, batch names repeated.
  const perTabulator = zip({
    'TABULATOR1.zip': hartZip(HART_CVRS.slice(0, 6)),
    'TABULATOR2.zip': hartZip(
      HART_CVRS.slice(6).map(([batch, ...rest]) => [
        batch === 'BATCH3' ? 'BATCH1' : 'BATCH2',
        ...rest,
      ]),
    ),
  });
  const split = hartFilesFromZip({ file: 'split.zip', bytes: perTabulator, inflateRaw });
  const splitParsed = split.ok ? parseHartCvrs(split.value) : split;
  if (!splitParsed.ok) throw new Error(JSON.stringify(splitParsed.error));
  expect(
    arloRecords(splitParsed.value).map((r) => [
      r.imprinted_id,
      r.tabulator,
      r.batch_name,
      r.ballot_position,
    ]),
  ).toEqual(
    expected
      .map((r) => {
        const record = r as unknown as {
          imprinted_id: string;
          tabulator: string;
          batch_name: string;
          ballot_position: number;
        };
        const guid = HART_CVRS[Number(record.imprinted_id.slice(-2)) - 1]?.[2] as string;
        const batch =
          { BATCH3: 'BATCH1', BATCH4: 'BATCH2' }[record.batch_name] ?? record.batch_name;
        return [guid, record.tabulator, batch, record.ballot_position];
      })
      .sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
  );
});

test('Hart problems name the file, line and column; damaged archives are refused', () => {
  const good = buildHartCvr('BATCH1', '1', 'g-1', '1,0,1,0,0');
  const result = parseHartCvrs({
    cvrs: [
      { file: 'a.xml', bytes: encoder.encode(good.replace('</BatchNumber>', '</Batch>')) },
      {
        file: 'b.xml',
        bytes: encoder.encode(good.replace('<BatchSequence>1<', '<BatchSequence>x1<')),
      },
      { file: 'c.xml', bytes: encoder.encode(good.replace(/<CvrGuid>.*<\/CvrGuid>/, '')) },
    ],
  });
  expect(
    result.ok ? [] : result.error.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`),
  ).toEqual([
    'a.xml:8:32: expected </BatchNumber>, found </Batch>',
    'b.xml:5:13: BatchSequence must be a whole number, got "x1"',
    'c.xml:2:9: missing CvrGuid in <Cvr>',
  ]);
  const twice = parseHartCvrs({
    cvrs: [
      { file: 'a.xml', bytes: encoder.encode(good) },
      { file: 'copy/a.xml', bytes: encoder.encode(good) },
    ],
  });
  expect(twice.ok ? [] : twice.error.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
    'copy/a.xml:9: CvrGuid g-1 is also in a.xml',
  ]);
  const conflicting = parseHartCvrs({
    cvrs: [{ file: 'a.xml', bytes: encoder.encode(good) }],
    scannedBallotInformation: [
      {
        file: 's.csv',
        bytes: encoder.encode(
          '#FormatVersion 1\n#CvrId,UniqueIdentifier,Workstation\ng-1,u-1,T1\ng-1,u-1,T2\n',
        ),
      },
      { file: 't.csv', bytes: encoder.encode('CvrId,UniqueIdentifier,Workstation\n') },
    ],
  });
  expect(
    conflicting.ok ? [] : conflicting.error.map((p) => `${p.file}:${p.line}: ${p.message}`),
  ).toEqual([
    's.csv:4: conflicting information for CVR g-1: u-1 on T2 here, u-1 on T1 at s.csv:3',
    't.csv:1: expected the first line of a scanned ballot information CSV to contain "#FormatVersion"',
  ]);
  const damaged = readZip({
    file: 'x.zip',
    bytes: zip({ 'a.xml': encoder.encode(good) }, true),
    inflateRaw,
  });
  expect(damaged.ok ? '' : `${damaged.error.entry}: ${damaged.error.message}`).toBe(
    'a.xml: CRC-32 mismatch: the entry is damaged',
  );
  const truncated = hartFilesFromZip({
    file: 'x.zip',
    bytes: hartZip(HART_CVRS).subarray(0, 500),
    inflateRaw,
  });
  expect(truncated.ok).toBe(false);
  const stray = hartFilesFromZip({
    file: 'w.zip',
    bytes: zip({ 'a.zip': hartZip(HART_CVRS), 'notes.txt': new Uint8Array(1) }),
    inflateRaw,
  });
  expect(stray.ok ? '' : stray.error[0]?.message).toMatch(/found notes\.txt/);
});

test('the XML reader: namespaces, references, CDATA and located errors', () => {
  const doc = parseXml(
    '<?xml version="1.0"?>\n<!-- c --><a:r xmlns:a="urn:a" xmlns="urn:d" k=\'v &amp; w\'><b>x &lt; &#x41;&#66;<![CDATA[<y>]]></b><c/></a:r>',
  );
  if (!doc.ok) throw new Error(JSON.stringify(doc.error));
  expect([doc.value.namespace, doc.value.name, doc.value.attributes['k']]).toEqual([
    'urn:a',
    'r',
    'v & w',
  ]);
  expect(doc.value.children.map((child) => [child.namespace, child.name, child.text])).toEqual([
    ['urn:d', 'b', 'x < AB<y>'],
    ['urn:d', 'c', ''],
  ]);
  const errors = [
    '<a><b></a>',
    '<a>&nope;</a>',
    '<a x="1"x="2"/>',
    '<p:a/>',
    '<a>',
    '<a/><b/>',
    'text',
  ].map((text) => {
    const parsed = parseXml(text);
    return parsed.ok ? 'ok' : `${parsed.error.line}:${parsed.error.column} ${parsed.error.message}`;
  });
  expect(errors).toEqual([
    '1:7 expected </b>, found </a>',
    '1:4 unknown or unterminated character reference "&nope"',
    '1:9 expected white space before an attribute',
    '1:1 undeclared namespace prefix in <p:a>',
    '1:1 <a> is not closed',
    '1:5 a second root element',
    '1:1 text outside the root element',
  ]);
});
