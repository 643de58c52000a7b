import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test } from 'vitest';
import { crc32 } from '@vigil/rla';
import { crc32OfZeros, writeSparseHartZip } from '../../../../bench/rla/sparse-hart-zip';
import { runVigilInProcess } from '../run-vigil-in-process';

// Inputs over 2 GB (and past 2^32 bytes, so ZIP64 offsets) written as sparse files: the padding
// is holes, so each takes no disk and well under a second to write.
const scratch = mkdtempSync(join(tmpdir(), 'vigil-audit-large-'));

afterEach(() => {
  process.exitCode = undefined;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('the CRC-32 of n zero bytes by matrix powers equals the byte-by-byte CRC-32', () => {
  for (const length of [0, 1, 2, 3, 7, 64, 1000, 65_537])
    expect(crc32OfZeros(length)).toBe(crc32(new Uint8Array(length)));
});

test('audit cvrs reads a 4.5 GB Hart ZIP piecewise: ballots beyond 2^32 bytes, ZIP64 offsets', async () => {
  const file = join(scratch, 'hart-4.5gb.zip');
  const paddingBytes = 2.25 * 2 ** 30;
  const { size, firstBallotOffset } = writeSparseHartZip(file, {
    paddings: 2,
    paddingBytes,
    ballots: 1500,
  });
  expect(statSync(file).size).toBe(size);
  expect(firstBallotOffset).toBeGreaterThan(2 ** 32);
  const result = await runVigilInProcess(['audit', 'cvrs', '--format', 'hart', file, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const parsed = JSON.parse(result.stdout) as {
    ballots: number;
    contests: { name: string; ballots: number; votes: Record<string, number> }[];
  };
  // Ballot i votes Alice when i % 3 === 0: 500 of 1,500.
  expect(parsed.ballots).toBe(1500);
  expect(parsed.contests).toEqual([
    { name: 'Mayor', votesAllowed: 1, ballots: 1500, votes: { Alice: 500, Bob: 1000 } },
  ]);
});

// A CSV is decoded into one string, and V8 aborts the process (not an exception) past 2^29 − 24
// characters: such a file is refused before it is read.
test('a CSV too large to decode is refused with its size and what to do, before reading it', async () => {
  for (const size of [600 * 2 ** 20, Math.round(2.1 * 2 ** 30)]) {
    const file = join(scratch, `dominion-${size}.csv`);
    const fd = openSync(file, 'w');
    ftruncateSync(fd, size);
    closeSync(fd);
    const result = await runVigilInProcess(['audit', 'cvrs', '--format', 'dominion', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file} is ${(size / 2 ** 20).toFixed(0)} MB`);
    expect(result.stderr).toContain('must be at most 512 MB');
    rmSync(file);
  }
});
