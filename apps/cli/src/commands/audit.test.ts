import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { main } from '../main';
import answers from '../../../../libs/rla/src/fixtures/arlo-sampler-answers.json';

const fixtures = new URL('../../../../../shared/data/arlo-fixtures/', import.meta.url);
const fixture = (path: string): string => new URL(path, fixtures).pathname.replaceAll('%20', ' ');
const scratch = mkdtempSync(join(tmpdir(), 'vigil-audit-'));

/** Runs `vigil …` in-process, capturing stdout and stderr. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'vigil', ...args]);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

// Known answers: libs/rla/src/fixtures/arlo-sampler-answers.json (ron-rivest/consistent_sampler
// over ids built as Arlo builds them) for Arlo's small fixture election.
test('audit sample --id-format arlo prints the draws Arlo draws, as one JSON document', async () => {
  const names = ['Kendall Park', 'Mount Olive', 'Siletz', 'Waurika', 'Worthington Hills'];
  const manifests = names.map((name) => {
    // A Jurisdiction column per file, so one command covers the whole election.
    const file = join(scratch, `${name}.csv`);
    const text = readFileSync(fixture(`small-election/${name} - ballot manifest.csv`), 'utf8');
    const lines = text.trim().split(/\r?\n/);
    writeFileSync(file, [`Jurisdiction,${lines[0]}`, ...lines.slice(1).map((line) => `${name},${line}`)].join('\n'));
    return file;
  });
  for (const known of answers.manifestCases.filter((entry) => entry.election === 'small-election')) {
    const args = ['audit', 'sample', '--seed', known.seed, '--size', String(known.take), '--id-format', 'arlo', '--json'];
    for (const file of manifests) args.push('--manifest', file);
    if (known.drop > 0) args.push('--previous-draws', String(known.drop));
    if (!known.withReplacement) args.push('--without-replacement');
    const result = await run(...args);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ draws: known.draws });
  }
});

test('a manifest without a Jurisdiction column takes --jurisdiction, else its file name', async () => {
  const file = fixture('small-election/Siletz - ballot manifest.csv');
  const named = await run('audit', 'sample', '--manifest', file, '--jurisdiction', 'Siletz', '--seed', '1', '--size', '3', '--json');
  const unnamed = await run('audit', 'sample', '--manifest', file, '--seed', '1', '--size', '3', '--json');
  const parse = (text: string) => JSON.parse(text) as { draws: { jurisdiction: string; tabulator: string | null }[] };
  expect(parse(named.stdout).draws.map((draw) => draw.jurisdiction)).toEqual(['Siletz', 'Siletz', 'Siletz']);
  expect(parse(unnamed.stdout).draws.map((draw) => draw.jurisdiction)).toEqual(Array(3).fill('Siletz - ballot manifest'));
  const table = await run('audit', 'sample', '--manifest', file, '--jurisdiction', 'Siletz', '--seed', '1', '--size', '3');
  expect(table.code).toBe(0);
  expect(table.stdout.split('\n')[0]).toMatch(/^ticket +jurisdiction +tabulator +batch +position +generation$/);
});

test('bad input exits 2 with every problem located, and JSON errors under --json', async () => {
  const file = join(scratch, 'bad.csv');
  writeFileSync(file, 'Batch Name,Number of Ballots\nA,x\nB,\n');
  const result = await run('audit', 'sample', '--manifest', file, '--seed', '1', '--size', '3', '--json');
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`${file}:2:3:`);
  expect(result.stderr).toContain(`${file}:3:3:`);
  expect(JSON.parse(result.stdout)).toMatchObject({ errors: [{ line: 2, column: 3 }, { line: 3, column: 3 }] });

  const small = fixture('small-election/Mount Olive - ballot manifest.csv');
  const tooMany = await run('audit', 'sample', '--manifest', small, '--seed', '1', '--size', '100', '--without-replacement');
  expect(tooMany.code).toBe(2);
  expect(tooMany.stderr).toContain('cannot draw 100 ballots without replacement from 31');
  expect((await run('audit', 'sample', '--manifest', small, '--seed', '1', '--size', '0')).code).toBe(2);
  expect((await run('audit', 'sample', '--manifest', small, '--seed', '1', '--size', '2', '--id-format', 'x')).code).toBe(2);
  expect((await run('audit', 'sample', '--manifest', join(scratch, 'missing.csv'), '--seed', '1', '--size', '2')).code).toBe(2);
  expect((await run('audit', 'sample', '--manifest', small, '--seed', ' ', '--size', '2')).code).toBe(2);
});
