import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hartFilesFromZip, hartFilesFromZipSource, parseHartCvrs } from './hart-cvr';
import {
  type ByteSource,
  bytesSource,
  crc32,
  readZip,
  readZipDirectory,
  readZipEntry,
} from './zip';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const inflateRaw = (bytes: Uint8Array): Uint8Array => inflateRawSync(bytes);

/**
 * A ZIP writer written from APPNOTE 6.3 for these tests. `zip64: 'forced'` writes every size and
 * offset as 0xFFFFFFFF with the values in ZIP64 extended information extra fields (local and
 * central), and a ZIP64 end of central directory record and locator whose classic record holds
 * 0xFFFF / 0xFFFFFFFF; `'auto'` writes the ZIP64 records only when there are more than 65,534
 * entries, as Python's zipfile and Info-ZIP do.
 */
function writeZip(
  files: readonly { name: string; content: Uint8Array; deflate?: boolean }[],
  zip64: 'forced' | 'auto' = 'auto',
): Uint8Array {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const push = (bytes: Uint8Array): void => {
    chunks.push(bytes);
    offset += bytes.length;
  };
  const central: Uint8Array[] = [];
  const forced = zip64 === 'forced';
  for (const file of files) {
    const data = file.deflate === true ? deflateRawSync(file.content) : file.content;
    const name = encoder.encode(file.name);
    const crc = crc32(file.content);
    const localOffset = offset;
    // Local header.
    const localExtra = forced ? 20 : 0;
    const local = new Uint8Array(30 + name.length + localExtra);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, forced ? 45 : 20, true);
    lv.setUint16(8, file.deflate === true ? 8 : 0, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, forced ? 0xffffffff : data.length, true);
    lv.setUint32(22, forced ? 0xffffffff : file.content.length, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, localExtra, true);
    local.set(name, 30);
    if (forced) {
      const at = 30 + name.length;
      lv.setUint16(at, 0x0001, true);
      lv.setUint16(at + 2, 16, true);
      lv.setBigUint64(at + 4, BigInt(file.content.length), true);
      lv.setBigUint64(at + 12, BigInt(data.length), true);
    }
    push(local);
    push(data);
    // Central directory entry.
    const centralExtra = forced ? 28 : 0;
    const entry = new Uint8Array(46 + name.length + centralExtra);
    const cv = new DataView(entry.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, forced ? 45 : 20, true);
    cv.setUint16(6, forced ? 45 : 20, true);
    cv.setUint16(10, file.deflate === true ? 8 : 0, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, forced ? 0xffffffff : data.length, true);
    cv.setUint32(24, forced ? 0xffffffff : file.content.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, centralExtra, true);
    cv.setUint32(42, forced ? 0xffffffff : localOffset, true);
    entry.set(name, 46);
    if (forced) {
      const at = 46 + name.length;
      cv.setUint16(at, 0x0001, true);
      cv.setUint16(at + 2, 24, true);
      cv.setBigUint64(at + 4, BigInt(file.content.length), true);
      cv.setBigUint64(at + 12, BigInt(data.length), true);
      cv.setBigUint64(at + 20, BigInt(localOffset), true);
    }
    central.push(entry);
  }
  const directoryOffset = offset;
  for (const entry of central) push(entry);
  const directorySize = offset - directoryOffset;
  const needs64 = forced || files.length > 0xfffe;
  if (needs64) {
    const recordOffset = offset;
    const record = new Uint8Array(56);
    const rv = new DataView(record.buffer);
    rv.setUint32(0, 0x06064b50, true);
    rv.setBigUint64(4, 44n, true);
    rv.setUint16(12, 45, true);
    rv.setUint16(14, 45, true);
    rv.setBigUint64(24, BigInt(files.length), true);
    rv.setBigUint64(32, BigInt(files.length), true);
    rv.setBigUint64(40, BigInt(directorySize), true);
    rv.setBigUint64(48, BigInt(directoryOffset), true);
    push(record);
    const locator = new Uint8Array(20);
    const locv = new DataView(locator.buffer);
    locv.setUint32(0, 0x07064b50, true);
    locv.setBigUint64(8, BigInt(recordOffset), true);
    locv.setUint32(16, 1, true);
    push(locator);
  }
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  const count = needs64 ? 0xffff : files.length;
  ev.setUint16(8, count, true);
  ev.setUint16(10, count, true);
  ev.setUint32(12, forced ? 0xffffffff : directorySize, true);
  ev.setUint32(16, needs64 ? 0xffffffff : directoryOffset, true);
  push(end);
  const out = new Uint8Array(offset);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

const FILES = [
  { name: 'a.xml', content: encoder.encode('<Cvr>one</Cvr>\n') },
  { name: 'dir/b.txt', content: encoder.encode('hello '.repeat(50)), deflate: true },
  { name: 'empty', content: new Uint8Array(0) },
];

const read = (bytes: Uint8Array) => readZip({ file: 'test.zip', bytes, inflateRaw });
const texts = (bytes: Uint8Array) => {
  const result = read(bytes);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.map((entry) => [entry.name, decoder.decode(entry.bytes)]);
};

describe('ZIP64', () => {
  // Known answer from an independent writer: Info-ZIP Zip 3.0 `zip -X -fz` (force ZIP64) of two
  // Hart CVR files (fixtures/zip64/SOURCE.md). Its central directory gives the uncompressed sizes
  // in ZIP64 extra fields and its end record points to the central directory through the ZIP64
  // record (the classic offset is 0xFFFFFFFF).
  test("reads Info-ZIP's forced-ZIP64 archive of a Hart export", () => {
    const bytes = readFileSync(join(import.meta.dirname, 'fixtures', 'zip64', 'infozip-fz.zip'));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint32(bytes.length - 22 + 16, true)).toBe(0xffffffff);
    const entries = read(bytes);
    expect(entries.ok).toBe(true);
    if (!entries.ok) return;
    expect(entries.value.map((entry) => [entry.name, entry.bytes.length])).toEqual([
      ['cvr-1.xml', 286],
      ['cvr-2.xml', 284],
    ]);
    const files = hartFilesFromZip({ file: 'export.zip', bytes, inflateRaw });
    if (!files.ok) throw new Error(JSON.stringify(files.error));
    const cvrs = parseHartCvrs(files.value);
    if (!cvrs.ok) throw new Error(JSON.stringify(cvrs.error));
    expect(cvrs.value.totals).toEqual([
      { contest: 'Mayor', ballots: 2, votes: { Alice: 1, Bob: 1 } },
    ]);
  });

  test('an archive with every size and offset in ZIP64 fields reads as the plain one', () => {
    const forced = writeZip(FILES, 'forced');
    expect(texts(forced)).toEqual(texts(writeZip(FILES)));
    expect(texts(forced).map(([name]) => name)).toEqual(['a.xml', 'dir/b.txt', 'empty']);
  });

  test('more than 65,535 entries (one Hart XML per ballot) are all read', () => {
    const files = Array.from({ length: 70_000 }, (_, index) => ({
      name: `${index}.xml`,
      content: encoder.encode(String(index)),
    }));
    const bytes = writeZip(files);
    const view = new DataView(bytes.buffer);
    expect(view.getUint16(bytes.length - 22 + 10, true)).toBe(0xffff);
    const entries = read(bytes);
    expect(entries.ok).toBe(true);
    if (!entries.ok) return;
    expect(entries.value.length).toBe(70_000);
    expect(
      entries.value.slice(-2).map((entry) => [entry.name, decoder.decode(entry.bytes)]),
    ).toEqual([
      ['69998.xml', '69998'],
      ['69999.xml', '69999'],
    ]);
  });

  test('property: any set of files reads back the same, with or without forced ZIP64', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name: fc.stringMatching(/^[a-z0-9_.-]{1,12}$/),
            text: fc.string({ maxLength: 200 }),
            deflate: fc.boolean(),
          }),
          { selector: (file) => file.name, maxLength: 8 },
        ),
        (specs) => {
          const files = specs.map((spec) => ({
            name: spec.name,
            content: encoder.encode(spec.text),
            deflate: spec.deflate,
          }));
          const expected = specs.map((spec) => [spec.name, spec.text]);
          expect(texts(writeZip(files, 'forced'))).toEqual(expected);
          expect(texts(writeZip(files))).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});

test("an inflated entry keeps only its own bytes, not the inflater's larger buffer", () => {
  const bytes = writeZip([{ name: 'a.xml', content: encoder.encode('<Cvr/>'), deflate: true }]);
  const result = readZip({
    file: 'test.zip',
    bytes,
    // As Node's inflateRawSync can: the output is a view of a 16 KB buffer.
    inflateRaw: (compressed) => {
      const out = inflateRawSync(compressed);
      const big = new Uint8Array(16384);
      big.set(out, 100);
      return big.subarray(100, 100 + out.length);
    },
  });
  if (!result.ok) throw new Error(result.error.message);
  const entry = result.value[0];
  expect(entry && decoder.decode(entry.bytes)).toBe('<Cvr/>');
  expect(entry?.bytes.buffer.byteLength).toBe(6);
});

describe('damaged archives', () => {
  const fails = (bytes: Uint8Array) => {
    const result = read(bytes);
    expect(result.ok).toBe(false);
    return result.ok ? null : result.error;
  };

  test('a ZIP64 locator pointing nowhere', () => {
    const bytes = writeZip(FILES, 'forced');
    const view = new DataView(bytes.buffer);
    view.setBigUint64(bytes.length - 22 - 20 + 8, 3n, true);
    expect(fails(bytes)?.message).toBe(
      'the ZIP64 end of central directory record is damaged or missing',
    );
  });

  test('a ZIP64 end record without its locator', () => {
    const bytes = writeZip(FILES, 'forced');
    // Overwrite the locator's signature.
    new DataView(bytes.buffer).setUint32(bytes.length - 22 - 20, 0, true);
    expect(fails(bytes)?.message).toBe(
      'the end of central directory says ZIP64, but the ZIP64 locator is missing',
    );
  });

  test('a central directory entry that says ZIP64 but has no ZIP64 extra field', () => {
    const bytes = writeZip([FILES[0] as (typeof FILES)[number]], 'forced');
    const view = new DataView(bytes.buffer);
    // The central entry starts after the local header (30 + 5 + 20) and data (15).
    const central = 30 + 5 + 20 + 15;
    expect(view.getUint32(central, true)).toBe(0x02014b50);
    view.setUint16(central + 46 + 5, 0x7075, true); // the extra field's id is no longer 0x0001
    expect(fails(bytes)).toEqual({
      type: 'zip-invalid',
      file: 'test.zip',
      entry: 'a.xml',
      message: 'the ZIP64 extra field is missing or too short',
    });
  });

  test('a truncated archive', () => {
    const bytes = writeZip(FILES, 'forced');
    // Drop the middle of the archive: the central directory no longer fits before the end records.
    const cut = new Uint8Array([...bytes.subarray(0, 40), ...bytes.subarray(bytes.length - 98)]);
    expect(fails(cut)?.message).toBe(
      'the ZIP64 end of central directory record is damaged or missing',
    );
    const plain = writeZip(FILES);
    const cutPlain = new Uint8Array([
      ...plain.subarray(0, 40),
      ...plain.subarray(plain.length - 60),
    ]);
    expect(fails(cutPlain)?.message).toBe(
      'the central directory lies outside the archive: the archive is damaged or truncated',
    );
  });

  test('a damaged entry in a ZIP64 archive is named', () => {
    const bytes = writeZip(FILES, 'forced');
    bytes[55] = (bytes[55] as number) ^ 0xff; // the first byte of a.xml's data (30 + 5 + 20)
    expect(fails(bytes)).toEqual({
      type: 'zip-invalid',
      file: 'test.zip',
      entry: 'a.xml',
      message: 'CRC-32 mismatch: the entry is damaged',
    });
  });
});

describe('reading through a ByteSource', () => {
  /** A source that records every read. */
  const counting = (bytes: Uint8Array): { source: ByteSource; reads: [number, number][] } => {
    const inner = bytesSource(bytes);
    const reads: [number, number][] = [];
    return {
      reads,
      source: {
        size: inner.size,
        read: (offset, length) => {
          reads.push([offset, length]);
          return inner.read(offset, length);
        },
      },
    };
  };
  const hartXml = (guid: string, choice: string): Uint8Array =>
    encoder.encode(
      `<?xml version="1.0" encoding="utf-8"?><Cvr xmlns="http://tempuri.org/CVRDesign.xsd"><Contests><Contest><Name>Mayor</Name><Options><Option><Name>${choice}</Name></Option></Options></Contest></Contests><BatchSequence>1</BatchSequence><BatchNumber>B1</BatchNumber><CvrGuid>${guid}</CvrGuid></Cvr>`,
    );

  test('the directory reads only the end and the central directory; an entry only itself', () => {
    const big = new Uint8Array(300_000).fill(7);
    const archive = writeZip([
      { name: 'big.bin', content: big },
      { name: 'small.txt', content: encoder.encode('small'), deflate: true },
    ]);
    const { source, reads } = counting(archive);
    const directory = readZipDirectory({ file: 'a.zip', source });
    if (!directory.ok) throw new Error(directory.error.message);
    expect(directory.value.map((entry) => [entry.name, entry.size])).toEqual([
      ['big.bin', 300_000],
      ['small.txt', 5],
    ]);
    // The end (at most 65,577 bytes: the end record, its comment and the ZIP64 locator) and the
    // central directory: the first 200,000 bytes of the 300,000-byte entry were never read.
    expect(reads.every(([offset]) => offset > 200_000)).toBe(true);
    reads.length = 0;
    const small = readZipEntry({
      file: 'a.zip',
      source,
      entry: directory.value[1] as (typeof directory.value)[number],
      inflateRaw,
    });
    expect(small.ok ? decoder.decode(small.value) : small.error.message).toBe('small');
    expect(reads.reduce((sum, [, length]) => sum + length, 0)).toBeLessThan(100);
  });

  test('a stored per-tabulator ZIP is read in place; a damaged XML file is reported with its path', () => {
    const tabulator = (guids: string[], damaged = -1): Uint8Array => {
      const archive = writeZip(
        guids.map((guid, index) => ({
          name: `${guid}.xml`,
          content: hartXml(guid, index % 2 === 0 ? 'Alice' : 'Bob'),
          deflate: true,
        })),
      );
      if (damaged >= 0) {
        // Flip a bit of the stored CRC-32 in the central directory entry of that file.
        const directory = readZipDirectory({ file: 't', source: bytesSource(archive) });
        if (!directory.ok) throw new Error(directory.error.message);
        const view = new DataView(archive.buffer);
        let at = view.getUint32(archive.length - 22 + 16, true);
        for (let k = 0; k < damaged; k++)
          at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true);
        view.setUint32(at + 16, view.getUint32(at + 16, true) ^ 1, true);
      }
      return archive;
    };
    const wrapper = (damaged: number) =>
      writeZip([
        { name: 'T1.zip', content: tabulator(['g1', 'g2', 'g3']) },
        { name: 'T2.zip', content: tabulator(['g4', 'g5'], damaged) },
      ]);
    const { source, reads } = counting(wrapper(-1));
    const files = hartFilesFromZipSource({ file: 'w.zip', source, inflateRaw });
    if (!files.ok) throw new Error(JSON.stringify(files.error));
    expect(files.value.xmlFiles).toBe(5);
    // The XML files are read while parsing, one read each.
    const before = reads.length;
    const parsed = parseHartCvrs(files.value);
    expect(reads.length - before).toBeGreaterThanOrEqual(5);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.value.tabulator).toEqual(['T1', 'T1', 'T1', 'T2', 'T2']);
    expect(parsed.value.totals).toEqual([
      { contest: 'Mayor', ballots: 5, votes: { Alice: 3, Bob: 2 } },
    ]);
    const damaged = hartFilesFromZipSource({
      file: 'w.zip',
      source: bytesSource(wrapper(1)),
      inflateRaw,
    });
    if (!damaged.ok) throw new Error(JSON.stringify(damaged.error));
    const refused = parseHartCvrs(damaged.value);
    expect(refused.ok ? [] : refused.error.map((p) => `${p.file}: ${p.message}`)).toEqual([
      'w.zip/T2.zip/g5.xml: CRC-32 mismatch: the entry is damaged',
    ]);
  });
});
