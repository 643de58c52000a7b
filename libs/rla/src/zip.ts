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
 *
 * Archives larger than memory (or than the 2 GB a single read can hold) are read through a
 * {@link ByteSource}: random access by offset, supplied by the caller (the CLI reads a file
 * handle; a browser a Blob; tests a byte array). {@link readZipDirectory} reads only the end
 * records and the central directory; {@link readZipEntry} reads and checks one entry, so a caller
 * holds one entry at a time.
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

/**
 * Random access to bytes: the whole archive in memory ({@link bytesSource}) or a file read
 * piecewise by the caller. `read` returns exactly `length` bytes at `offset` (the caller keeps
 * offset + length ≤ size), and may throw if the underlying read fails.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

/** A {@link ByteSource} over bytes in memory (reads are views, not copies). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** A {@link ByteSource} over a part of another one (a stored ZIP inside a ZIP). */
export function sliceSource(source: ByteSource, start: number, size: number): ByteSource {
  return { size, read: (offset, length) => source.read(start + offset, length) };
}

/** One file of an archive as its central directory describes it (nothing read yet). */
export interface ZipDirectoryEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** The largest piece read at once (a central directory or one entry). */
const MAX_READ = 2 ** 31 - 1;

/** Does this look like a ZIP archive (local file header or empty-archive signature)? */
export function isZipSource(source: ByteSource): boolean {
  return source.size >= 4 && isZip(source.read(0, 4));
}

/**
 * Reads the central directory of an archive: its files (directories skipped), without their
 * contents. Problems name the archive and, for an entry, the entry.
 */
export function readZipDirectory(options: {
  readonly file: string;
  readonly source: ByteSource;
}): Result<ZipDirectoryEntry[], ZipError> {
  const { file, source } = options;
  const fail = (
    message: string,
    entry: string | null = null,
  ): Result<ZipDirectoryEntry[], ZipError> => err({ type: 'zip-invalid', file, entry, message });
  const read = (offset: number, length: number): DataView => {
    const bytes = source.read(offset, length);
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  const size = source.size;
  // The end of central directory record (22 bytes and a comment of up to 65,535) and, before
  // it, the 20-byte ZIP64 locator.
  const tailStart = Math.max(0, size - 22 - 0xffff - 20);
  const tail = read(tailStart, size - tailStart);
  let eocd = -1;
  for (let i = tail.byteLength - 22; i >= Math.max(0, tail.byteLength - 22 - 0xffff); i--) {
    if (tail.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return fail('not a ZIP archive (no end of central directory)');
  const u64 = (view: DataView, offset: number): number => {
    const value = view.getBigUint64(offset, true);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(value);
  };
  let count = tail.getUint16(eocd + 10, true);
  let directorySize = tail.getUint32(eocd + 12, true);
  let directoryOffset = tail.getUint32(eocd + 16, true);
  let directoryEnd = tailStart + eocd;
  if (eocd >= 20 && tail.getUint32(eocd - 20, true) === 0x07064b50) {
    // ZIP64 end of central directory locator, then the record it points to.
    const record = u64(tail, eocd - 20 + 8);
    if (record + 56 > tailStart + eocd - 20)
      return fail('the ZIP64 end of central directory record is damaged or missing');
    const view = read(record, 56);
    if (view.getUint32(0, true) !== 0x06064b50)
      return fail('the ZIP64 end of central directory record is damaged or missing');
    if (tail.getUint32(eocd - 20 + 16, true) > 1 || view.getUint32(16, true) !== 0)
      return fail('multi-disk (spanned) archives are not supported');
    count = u64(view, 32);
    directorySize = u64(view, 40);
    directoryOffset = u64(view, 48);
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
  if (directorySize > MAX_READ)
    return fail('the central directory is larger than 2 GB: too many entries to read');
  const view = read(directoryOffset, directorySize);
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const entries: ZipDirectoryEntry[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let at = 0;
  for (let index = 0; index < count; index++) {
    if (at + 46 > directorySize || view.getUint32(at, true) !== 0x02014b50)
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
    if (at + 46 + nameLength + extraLength + commentLength > directorySize)
      return fail(`central directory entry ${index + 1} runs past the central directory`);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
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
            const value = u64(view, next);
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
    entries.push({ name, flags, method, crc, compressedSize, size, localOffset });
  }
  return ok(entries);
}

/** Reads one entry (see {@link readZipDirectory}) and checks its size and CRC-32. */
export function readZipEntry(options: {
  readonly file: string;
  readonly source: ByteSource;
  readonly entry: ZipDirectoryEntry;
  readonly inflateRaw: (compressed: Uint8Array) => Uint8Array;
}): Result<Uint8Array, ZipError> {
  const { file, source, entry } = options;
  const fail = (message: string): Result<Uint8Array, ZipError> =>
    err({ type: 'zip-invalid', file, entry: entry.name, message });
  const start = entryDataStart(source, entry);
  if (typeof start === 'string') return fail(start);
  if (entry.method !== 0 && entry.method !== 8)
    return fail(`compression method ${entry.method} is not supported (only stored and deflate)`);
  if (entry.compressedSize > MAX_READ || entry.size > MAX_READ)
    return fail(
      `the entry is ${(Math.max(entry.size, entry.compressedSize) / 2 ** 30).toFixed(1)} GB; one entry must be under 2 GB`,
    );
  const stored = source.read(start, entry.compressedSize);
  let content: Uint8Array;
  if (entry.method === 0) content = stored;
  else {
    try {
      content = options.inflateRaw(stored);
      // Node's inflateRawSync may return a view of a larger buffer: keep only the entry's bytes
      // (a Hart export has one small file per ballot; 100,000 views held 2 GB).
      if (content.byteOffset !== 0 || content.buffer.byteLength !== content.length)
        content = content.slice();
    } catch (error) {
      return fail(`cannot decompress: ${messageOf(error)}`);
    }
  }
  if (content.length !== entry.size)
    return fail(`expected ${entry.size} bytes, got ${content.length}`);
  if (crc32(content) !== entry.crc) return fail('CRC-32 mismatch: the entry is damaged');
  return ok(content);
}

/** Reads every file of a ZIP archive held in memory. */
export function readZip(options: {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly inflateRaw: (compressed: Uint8Array) => Uint8Array;
}): Result<ZipEntry[], ZipError> {
  return readZipFrom({
    file: options.file,
    source: bytesSource(options.bytes),
    inflateRaw: options.inflateRaw,
  });
}

/** Reads every file of a ZIP archive from a {@link ByteSource}. */
export function readZipFrom(options: {
  readonly file: string;
  readonly source: ByteSource;
  readonly inflateRaw: (compressed: Uint8Array) => Uint8Array;
}): Result<ZipEntry[], ZipError> {
  const directory = readZipDirectory(options);
  if (!directory.ok) return directory;
  const entries: ZipEntry[] = [];
  for (const entry of directory.value) {
    const bytes = readZipEntry({ ...options, entry });
    if (!bytes.ok) return bytes;
    entries.push({ name: entry.name, bytes: bytes.value });
  }
  return ok(entries);
}

/**
 * A stored (uncompressed) entry as a {@link ByteSource} of its own, without reading it: a ZIP
 * inside a ZIP is then read in place. Its CRC-32 is not checked (its own entries carry theirs).
 */
export function zipEntrySource(options: {
  readonly file: string;
  readonly source: ByteSource;
  readonly entry: ZipDirectoryEntry;
}): Result<ByteSource, ZipError> {
  const { file, source, entry } = options;
  const fail = (message: string): Result<ByteSource, ZipError> =>
    err({ type: 'zip-invalid', file, entry: entry.name, message });
  if (entry.method !== 0) return fail('the entry is compressed: it cannot be read in place');
  const start = entryDataStart(source, entry);
  if (typeof start === 'string') return fail(start);
  return ok(sliceSource(source, start, entry.compressedSize));
}

/**
 * Where an entry's data begins, past its local header, or what is wrong with the entry: encrypted,
 * a damaged local header, or data running past the end of the archive.
 */
function entryDataStart(source: ByteSource, entry: ZipDirectoryEntry): number | string {
  if (entry.flags & 1) return 'encrypted entries are not supported';
  if (entry.localOffset + 30 > source.size) return 'local header is damaged';
  const local = source.read(entry.localOffset, 30);
  const view = new DataView(local.buffer, local.byteOffset, local.byteLength);
  if (view.getUint32(0, true) !== 0x04034b50) return 'local header is damaged';
  const start = entry.localOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
  if (start + entry.compressedSize > source.size) return 'the archive is truncated';
  return start;
}
