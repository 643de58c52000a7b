/**
 * Writes a Hart-style export ZIP larger than 4 GB in seconds, for the CLI's large-input test and
 * bench: stored padding entries of zero bytes first (written as holes of a sparse file, so they
 * cost no disk and no time), then one deflated XML file per ballot, whose local headers and the
 * central directory lie beyond 2^32 bytes (ZIP64: extended information extra fields for the
 * offsets, ZIP64 end of central directory record and locator). The padding entries carry their
 * true CRC-32 (computed for n zero bytes by squaring CRC-32's linear map), so the archive is
 * valid for any ZIP reader (Python's zipfile testzip passes).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '@vigil/rla';

const encoder = new TextEncoder();

/** CRC-32's update for one zero byte as a 32×32 bit matrix (column i: the image of bit i). */
function zeroByteMatrix(): Uint32Array {
  const matrix = new Uint32Array(32);
  for (let bit = 0; bit < 32; bit++) {
    let crc = (1 << bit) >>> 0;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    matrix[bit] = crc >>> 0;
  }
  return matrix;
}

function apply(matrix: Uint32Array, vector: number): number {
  let result = 0;
  for (let bit = 0; vector !== 0; bit++, vector >>>= 1)
    if (vector & 1) result ^= matrix[bit] as number;
  return result >>> 0;
}

/** CRC-32 of `length` zero bytes. */
export function crc32OfZeros(length: number): number {
  let register = 0xffffffff;
  let power = zeroByteMatrix();
  for (let n = length; n > 0; n = Math.floor(n / 2)) {
    if (n % 2 === 1) register = apply(power, register);
    const squared = new Uint32Array(32);
    for (let bit = 0; bit < 32; bit++) squared[bit] = apply(power, power[bit] as number);
    power = squared;
  }
  return (register ^ 0xffffffff) >>> 0;
}

/** One Hart CVR XML file (Arlo's test shape): `Mayor` with one voted option. */
export function hartBallotXml(index: number, choice: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<Cvr xmlns="http://tempuri.org/CVRDesign.xsd"><Contests><Contest><Name>Mayor</Name><Options><Option><Name>${choice}</Name></Option></Options></Contest></Contests><BatchSequence>${(index % 500) + 1}</BatchSequence><BatchNumber>BATCH${Math.floor(index / 500) + 1}</BatchNumber><CvrGuid>guid-${index}</CvrGuid></Cvr>`;
}

/**
 * Writes the archive to `path`: `paddings` stored entries of `paddingBytes` zero bytes each
 * (each under 4 GB), then `ballots` XML files (ballot i votes Alice when i % 3 === 0, else Bob).
 * Returns the archive's size and the offset of the first ballot's local header.
 */
export function writeSparseHartZip(
  path: string,
  options: { readonly paddings: number; readonly paddingBytes: number; readonly ballots: number },
): { size: number; firstBallotOffset: number } {
  const fd = openSync(path, 'w');
  const central: Uint8Array[] = [];
  let offset = 0;
  const write = (bytes: Uint8Array): void => {
    writeSync(fd, bytes, 0, bytes.length, offset);
    offset += bytes.length;
  };
  const entry = (
    name: string,
    method: 0 | 8,
    crc: number,
    compressed: number,
    size: number,
  ): void => {
    const nameBytes = encoder.encode(name);
    const localOffset = offset;
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 45, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, compressed, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    write(local);
    const far = localOffset >= 0xffffffff;
    const record = new Uint8Array(46 + nameBytes.length + (far ? 12 : 0));
    const cv = new DataView(record.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 45, true);
    cv.setUint16(6, 45, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, compressed, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint16(30, far ? 12 : 0, true);
    cv.setUint32(42, far ? 0xffffffff : localOffset, true);
    record.set(nameBytes, 46);
    if (far) {
      const at = 46 + nameBytes.length;
      cv.setUint16(at, 0x0001, true);
      cv.setUint16(at + 2, 8, true);
      cv.setBigUint64(at + 4, BigInt(localOffset), true);
    }
    central.push(record);
  };
  try {
    const zerosCrc = crc32OfZeros(options.paddingBytes);
    for (let index = 0; index < options.paddings; index++) {
      entry(`padding-${index + 1}.bin`, 0, zerosCrc, options.paddingBytes, options.paddingBytes);
      offset += options.paddingBytes; // a hole: zeros, not written
    }
    const firstBallotOffset = offset;
    for (let index = 0; index < options.ballots; index++) {
      const content = encoder.encode(hartBallotXml(index, index % 3 === 0 ? 'Alice' : 'Bob'));
      const data = deflateRawSync(content);
      entry(`cvr-${index}.xml`, 8, crc32(content), data.length, content.length);
      write(data);
    }
    const directoryOffset = offset;
    for (const record of central) write(record);
    const count = options.paddings + options.ballots;
    const tail = new Uint8Array(56 + 20 + 22);
    const view = new DataView(tail.buffer);
    view.setUint32(0, 0x06064b50, true);
    view.setBigUint64(4, 44n, true);
    view.setUint16(12, 45, true);
    view.setUint16(14, 45, true);
    view.setBigUint64(24, BigInt(count), true);
    view.setBigUint64(32, BigInt(count), true);
    view.setBigUint64(40, BigInt(offset - directoryOffset), true);
    view.setBigUint64(48, BigInt(directoryOffset), true);
    view.setUint32(56, 0x07064b50, true);
    view.setBigUint64(64, BigInt(offset), true);
    view.setUint32(72, 1, true);
    view.setUint32(76, 0x06054b50, true);
    view.setUint16(84, Math.min(count, 0xffff), true);
    view.setUint16(86, Math.min(count, 0xffff), true);
    view.setUint32(88, 0xffffffff, true);
    view.setUint32(92, 0xffffffff, true);
    write(tail);
    return { size: offset, firstBallotOffset };
  } finally {
    closeSync(fd);
  }
}
