/**
 * Reading ZIP archives (PKWARE APPNOTE 6.3: end of central directory, central directory, local
 * headers; stored and deflated entries) for CVR exports, which vendors ship zipped. The caller
 * supplies raw-DEFLATE decompression (`node:zlib` inflateRawSync in Node, a port in the browser)
 * so this library stays free of I/O and platform modules. Each entry's size and CRC-32 are
 * checked; encrypted entries and other compression methods are refused with a message naming the
 * archive and the entry. Directories are skipped.
 *
 * ZIP64 (APPNOTE 4.3.14–4.3.15, 4.5.3): archives of more than 65,535 entries (a Hart export has
 * one XML file per ballot) or over 4 GB carry a ZIP64 end of central directory record, found
 * through its locator just before the classic record, and each central directory entry whose size
 * or offset does not fit in 32 bits carries the value in a ZIP64 extended information extra field
 * (header 0x0001: original size, compressed size, local header offset, disk, in that order, each
 * present only when its classic field is 0xFFFFFFFF / 0xFFFF). Values beyond 2^53 are refused.
 */
import { err, messageOf, ok, type Result } from '@vigil/basics';

/** One file of an archive. */
export interface ZipEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Why an archive cannot be read. */
export interface ZipError {
  readonly type: 'zip-invalid';
  readonly file: string;
  readonly entry: string | null;
  readonly message: string;
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, as ZIP uses). */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Does this look like a ZIP archive (local file header or empty-archive signature)? */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 3 || bytes[2] === 5)
  );
}

/** Reads every file of a ZIP archive. */
export function readZip(options: {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly inflateRaw: (compressed: Uint8Array) => Uint8Array;
}): Result<ZipEntry[], ZipError> {
  const { file, bytes } = options;
  const fail = (message: string, entry: string | null = null): Result<ZipEntry[], ZipError> =>
    err({ type: 'zip-invalid', file, entry, message });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return fail('not a ZIP archive (no end of central directory)');
  const u64 = (offset: number): number => {
    const value = view.getBigUint64(offset, true);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(value);
  };
  let count = view.getUint16(eocd + 10, true);
  let directorySize = view.getUint32(eocd + 12, true);
  let directoryOffset = view.getUint32(eocd + 16, true);
  let directoryEnd = eocd;
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === 0x07064b50) {
    // ZIP64 end of central directory locator, then the record it points to.
    const record = u64(eocd - 20 + 8);
    if (record + 56 > eocd - 20 || view.getUint32(record, true) !== 0x06064b50)
      return fail('the ZIP64 end of central directory record is damaged or missing');
    if (view.getUint32(eocd - 20 + 16, true) > 1 || view.getUint32(record + 16, true) !== 0)
      return fail('multi-disk (spanned) archives are not supported');
    count = u64(record + 32);
    directorySize = u64(record + 40);
    directoryOffset = u64(record + 48);
    directoryEnd = record;
  } else if (directoryOffset === 0xffffffff || directorySize === 0xffffffff)
    return fail('the end of central directory says ZIP64, but the ZIP64 locator is missing');
  if (
    !Number.isFinite(count) ||
    !Number.isFinite(directoryOffset) ||
    directoryOffset + directorySize > directoryEnd ||
    count * 46 > directorySize
  )
    return fail(
      'the central directory lies outside the archive: the archive is damaged or truncated',
    );
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let at = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50)
      return fail(`central directory entry ${index + 1} is damaged`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localOffset = view.getUint32(at + 42, true);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    if (at + 46 + nameLength + extraLength + commentLength > directoryOffset + directorySize)
      return fail(`central directory entry ${index + 1} runs past the central directory`);
    let name: string;
    try {
      name = utf8.decode(rawName);
    } catch {
      name = new TextDecoder('latin1').decode(rawName);
    }
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // The ZIP64 extended information extra field holds the values that did not fit.
      let field = at + 46 + nameLength;
      const extraEnd = field + extraLength;
      let found = false;
      while (field + 4 <= extraEnd) {
        const id = view.getUint16(field, true);
        const length = view.getUint16(field + 2, true);
        if (field + 4 + length > extraEnd) break;
        if (id === 0x0001) {
          let next = field + 4;
          const take = (): number => {
            if (next + 8 > field + 4 + length) return -1;
            const value = u64(next);
            next += 8;
            return value;
          };
          if (size === 0xffffffff) size = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (localOffset === 0xffffffff) localOffset = take();
          found = true;
          break;
        }
        field += 4 + length;
      }
      if (!found || size < 0 || compressedSize < 0 || localOffset < 0)
        return fail('the ZIP64 extra field is missing or too short', name);
      if (
        !Number.isFinite(size) ||
        !Number.isFinite(compressedSize) ||
        !Number.isFinite(localOffset)
      )
        return fail('the entry is larger than this reader can hold (2^53 bytes)', name);
    }
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (flags & 1) return fail('encrypted entries are not supported', name);
    if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== 0x04034b50)
      return fail('local header is damaged', name);
    const start =
      localOffset +
      30 +
      view.getUint16(localOffset + 26, true) +
      view.getUint16(localOffset + 28, true);
    if (start + compressedSize > bytes.length) return fail('the archive is truncated', name);
    const stored = bytes.subarray(start, start + compressedSize);
    let content: Uint8Array;
    if (method === 0) content = stored;
    else if (method === 8) {
      try {
        content = options.inflateRaw(stored);
        // Node's inflateRawSync may return a view of a larger buffer: keep only the entry's bytes
        // (a Hart export has one small file per ballot; 100,000 views held 2 GB).
        if (content.byteOffset !== 0 || content.buffer.byteLength !== content.length)
          content = content.slice();
      } catch (error) {
        return fail(`cannot decompress: ${messageOf(error)}`, name);
      }
    } else
      return fail(`compression method ${method} is not supported (only stored and deflate)`, name);
    if (content.length !== size) return fail(`expected ${size} bytes, got ${content.length}`, name);
    if (crc32(content) !== crc) return fail('CRC-32 mismatch: the entry is damaged', name);
    entries.push({ name, bytes: content });
  }
  return ok(entries);
}
