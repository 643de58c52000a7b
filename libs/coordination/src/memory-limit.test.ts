import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { detectCoordination, parseMemorySize } from './detect-coordination';
import { benjaminiHochberg, benjaminiHochbergTyped } from './null-model';
import { writeSyntheticDataset } from './synthetic';

test('a run under a tiny DuckDB memory limit (spilling) writes the same outputs as an unconstrained one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-memory-'));
  const input = join(dir, 'synthetic.csv');
  writeSyntheticDataset(input, { seed: 5, organicAccounts: 1500, hyperactiveAccounts: 10 });
  const spill = join(dir, 'spill');
  const runs = [
    { name: 'roomy', memoryLimit: '4GB' },
    // 40 MB is below the size of the posts table and of the pair tables: DuckDB must evict them to
    // the temporary directory, and the near-duplicate step lowers the limit further.
    { name: 'tiny', memoryLimit: '40MB', threads: 1, tempDirectory: spill },
  ];
  const summaries = [];
  // Bytes seen in the spill directory while the tiny run works (sampled: DuckDB works off the event loop).
  let spilledBytes = 0;
  const sampleSpill = (): void => {
    try {
      for (const entry of readdirSync(spill, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) spilledBytes = Math.max(spilledBytes, statSync(join(entry.parentPath, entry.name)).size);
      }
    } catch {
      // Not created yet, or a file removed while listed.
    }
  };
  const sampler = setInterval(sampleSpill, 20);
  for (const run of runs) {
    const result = await detectCoordination({
      input,
      format: 'generic',
      outDir: join(dir, run.name),
      memoryLimit: run.memoryLimit,
      evidenceFormat: 'csv',
      clock: () => new Date('2026-01-01T00:00:00Z'),
      ...(run.threads === undefined ? {} : { threads: run.threads }),
      ...(run.tempDirectory === undefined ? {} : { tempDirectory: run.tempDirectory }),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    summaries.push(result.value);
  }
  clearInterval(sampler);
  expect(spilledBytes).toBeGreaterThan(0);
  expect(summaries[0]?.communities.count).toBeGreaterThan(10);
  expect(summaries[1]?.edges).toEqual(summaries[0]?.edges);
  expect(summaries[1]?.methods).toEqual(summaries[0]?.methods);
  for (const file of ['communities.csv', 'accounts.csv', 'edges.csv', 'evidence.csv', 'network.gexf', 'campaigns.stix.json']) {
    expect(readFileSync(join(dir, 'tiny', file), 'utf8'), file).toBe(readFileSync(join(dir, 'roomy', file), 'utf8'));
  }
  // The spill directory of the run is removed afterwards.
  expect(readdirSync(spill)).toEqual([]);
}, 240_000);

test('a memory limit that is not a size is refused before anything runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-memory-'));
  const result = await detectCoordination({ input: join(dir, 'missing.csv'), format: 'generic', outDir: join(dir, 'out'), memoryLimit: 'lots' });
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error).toMatchObject({ type: 'invalid-option', option: 'memoryLimit' });
});

test('memory sizes in DuckDB units', () => {
  expect(parseMemorySize('4GB')).toBe(4e9);
  expect(parseMemorySize('512MB')).toBe(512e6);
  expect(parseMemorySize('3.5GiB')).toBe(3.5 * 2 ** 30);
  expect(parseMemorySize(' 100 kib ')).toBe(102_400);
  expect(parseMemorySize('2048')).toBe(2048);
  for (const bad of ['', 'lots', '-1GB', '0MB', '4 GBs', '1e9']) expect(parseMemorySize(bad), bad).toBeUndefined();
});

test('Benjamini–Hochberg over a typed array gives exactly the q-values of the list version', () => {
  const pValue = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5, 1e-300, 0.01));
  fc.assert(
    fc.property(fc.array(pValue, { maxLength: 200 }), fc.nat(1000), (ps, extra) => {
      const tests = ps.length + extra;
      expect([...benjaminiHochbergTyped(Float64Array.from(ps), tests)]).toEqual(benjaminiHochberg(ps, tests));
    }),
  );
});
