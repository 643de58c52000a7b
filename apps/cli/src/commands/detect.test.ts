import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticDataset } from '@vigil/coordination';
import { expect, test } from 'vitest';
import { runVigilInProcess } from '../run-vigil-in-process';
import { parseMapping, parseMethods, parseWindow } from './detect';

const scratch = mkdtempSync(join(tmpdir(), 'vigil-detect-cli-'));
const russian = new URL('../../../../../shared/data/coortweet/russian_coord_tweets.csv.gz', import.meta.url).pathname;

/** Runs `vigil …` in-process, capturing stdout and stderr. */
const run = (...args: string[]) => runVigilInProcess(args);

test('detect coordination --json prints one JSON summary, writes the outputs and shows progress on stderr', async () => {
  const input = join(scratch, 'small.csv');
  const truth = writeSyntheticDataset(input, { seed: 5, organicAccounts: 300, hyperactiveAccounts: 5, groupsPerMethod: 1 });
  const out = join(scratch, 'out');
  const { code, stdout, stderr } = await run('detect', 'coordination', '--input', input, '--methods', 'co-repost,co-link', '--window', '1m', '--out', out, '--json');
  expect(code).toBe(0);
  const summary = JSON.parse(stdout) as { methods: { method: string; window: number }[]; communities: { count: number } };
  expect(summary.methods.map((method) => [method.method, method.window])).toEqual([
    ['co-repost', 60],
    ['co-link', 60],
  ]);
  expect(summary.communities.count).toBe(2);
  expect(stderr).toMatch(/\[#+-*\] +\d+% /);
  const communities = readFileSync(join(out, 'communities.csv'), 'utf8').trim().split('\n');
  expect(communities[0]).toBe('community,account_id');
  const planted = truth.groups.filter((group) => group.method === 'co-repost' || group.method === 'co-link').flatMap((group) => group.accounts);
  expect(communities.slice(1).map((line) => line.split(',')[1]).sort()).toEqual([...planted].sort());
  // Again into the same directory with CSV evidence: the earlier Parquet evidence is removed.
  const again = await run('detect', 'coordination', '--input', input, '--methods', 'co-repost', '--out', out, '--evidence-format', 'csv', '--no-progress', '--json');
  expect(again.code).toBe(0);
  expect(existsSync(join(out, 'evidence.csv'))).toBe(true);
  expect(existsSync(join(out, 'evidence.parquet'))).toBe(false);
});

test('detect coordination on the real CooRTweet data prints a readable report', async () => {
  const out = join(scratch, 'russian');
  const { code, stdout } = await run('detect', 'coordination', '--input', russian, '--format', 'coortweet', '--out', out, '--no-progress');
  expect(code).toBe(0);
  expect(stdout).toMatch(/kept 35124/);
  expect(stdout).toMatch(/co-repost: window 60 s/);
  expect(readFileSync(join(out, 'edges.csv'), 'utf8').split('\n')[0]).toBe(
    'account_a,account_b,behaviours,weight,significance,p_value,q_value,coordinated,shared_by_method',
  );
});

test('bad usage and bad input exit 2', async () => {
  const unknown = await run('detect', 'coordination', '--input', russian, '--methods', 'co-telepathy', '--out', scratch);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/unknown method "co-telepathy"/);
  const missing = await run('detect', 'coordination', '--input', join(scratch, 'missing.csv'), '--out', scratch, '--json', '--no-progress');
  expect(missing.code).toBe(2);
  expect(JSON.parse(missing.stdout)).toMatchObject({ error: { type: 'input-not-found' } });
  const columns = join(scratch, 'columns.csv');
  writeFileSync(columns, 'a,b\n1,2\n');
  const wrong = await run('detect', 'coordination', '--input', columns, '--format', 'coortweet', '--out', scratch, '--no-progress');
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toMatch(/missing columns: account_id/);
  const window = await run('detect', 'coordination', '--input', russian, '--window', 'soon', '--out', scratch);
  expect(window.code).toBe(2);
});

test('argument parsers', () => {
  expect(parseWindow('90')).toBe(90);
  expect(parseWindow('2m')).toBe(120);
  expect(parseWindow('1h')).toBe(3600);
  expect(parseWindow('auto')).toBe('auto');
  expect(parseMethods('co-retweet, co-link,co-link')).toEqual(['co-repost', 'co-link']);
  expect(parseMapping('account=user,time=created_at')).toEqual({ account: 'user', time: 'created_at' });
  expect(() => parseMapping('colour=blue')).toThrow();
});

test('--memory-limit must be a size; --temp-dir takes the spill files and is left empty', async () => {
  const input = join(scratch, 'memory.csv');
  writeSyntheticDataset(input, { seed: 6, organicAccounts: 200, hyperactiveAccounts: 3, groupsPerMethod: 1 });
  const bad = await run('detect', 'coordination', '--input', input, '--out', join(scratch, 'memory-bad'), '--memory-limit', 'lots', '--no-progress');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/memoryLimit: must be a size such as 4GB/);
  const spill = join(scratch, 'spill');
  const good = await run('detect', 'coordination', '--input', input, '--methods', 'co-repost', '--out', join(scratch, 'memory-good'), '--memory-limit', '64MB', '--temp-dir', spill, '--no-progress', '--json');
  expect(good.code).toBe(0);
  expect(readdirSync(spill)).toEqual([]);
});
