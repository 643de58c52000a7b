import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { detectCoordination, type DetectionSummary } from './detect-coordination';
import { scoreDetectors } from './evaluate';
import type { Method } from './methods';
import { readCommunities, readEdges, readEvidence } from './query-results';
import { writeSyntheticDataset, type SyntheticTruth } from './synthetic';

const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-'));
const input = join(dir, 'synthetic.csv');
const outDir = join(dir, 'out');
let truth: SyntheticTruth;
let summary: DetectionSummary;

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8').trim().split('\n').map((line) => line.split(','));
}

beforeAll(async () => {
  truth = writeSyntheticDataset(input, { seed: 11, organicAccounts: 1200, hyperactiveAccounts: 15 });
  const result = await detectCoordination({ input, format: 'generic', outDir, clock: () => new Date('2026-01-01T00:00:00Z') });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  summary = result.value;
});

// Minimum precision and recall per detector on the seeded synthetic set (1,200 organic and 15
// hyperactive accounts, two planted groups per behaviour). The run measured 1.0 everywhere
// except creation bursts, whose day also holds the odd organic account.
const minimum: Record<Method, { precision: number; recall: number }> = {
  'co-repost': { precision: 0.9, recall: 0.95 },
  'co-link': { precision: 0.9, recall: 0.95 },
  'co-reply': { precision: 0.9, recall: 0.95 },
  'co-hashtag': { precision: 0.9, recall: 0.95 },
  'identical-text': { precision: 0.9, recall: 0.95 },
  'near-duplicate-text': { precision: 0.9, recall: 0.95 },
  'synchronised-activity': { precision: 0.9, recall: 0.95 },
  'creation-burst': { precision: 0.9, recall: 0.95 },
};

test('every detector finds its planted groups with high precision and recall', () => {
  const accounts = csvRows(join(outDir, 'accounts.csv'));
  const header = accounts[0] ?? [];
  const column = (name: string): number => header.indexOf(name);
  const flagged = new Map<Method, Set<string>>();
  const flag = (method: Method, account: string): void => {
    const set = flagged.get(method) ?? new Set<string>();
    set.add(account);
    flagged.set(method, set);
  };
  for (const row of accounts.slice(1)) {
    const account = row[column('account_id')] ?? '';
    for (const behaviour of (row[column('behaviours')] ?? '').split(';').filter((b) => b !== '')) flag(behaviour as Method, account);
    if ((row[column('creation_burst')] ?? '') !== '') flag('creation-burst', account);
  }
  const scores = scoreDetectors({ flagged, groups: truth.groups, methods: Object.keys(minimum) as Method[] });
  for (const score of scores) {
    expect(score.precision, `${score.method} precision`).toBeGreaterThanOrEqual(minimum[score.method].precision);
    expect(score.recall, `${score.method} recall`).toBeGreaterThanOrEqual(minimum[score.method].recall);
  }
});

test('hyperactive organic accounts co-share a lot but the null model does not flag them', () => {
  const edges = csvRows(join(outDir, 'edges.csv'));
  const hyperactive = new Set(truth.hyperactive);
  const touching = edges.slice(1).filter((row) => hyperactive.has(row[0] ?? '') || hyperactive.has(row[1] ?? ''));
  // They pass the plain co-share threshold many times…
  expect(touching.length).toBeGreaterThan(20);
  // …and none is significant.
  expect(touching.filter((row) => row[7] === 'true')).toEqual([]);
  const coordinated = new Set(csvRows(join(outDir, 'communities.csv')).slice(1).map((row) => row[1]));
  for (const account of truth.hyperactive) expect(coordinated.has(account)).toBe(false);
});

test('communities are the planted groups, and communities.csv holds only coordinated accounts', () => {
  const rows = csvRows(join(outDir, 'communities.csv'));
  expect(rows[0]).toEqual(['community', 'account_id']);
  const members = new Map<string, string[]>();
  for (const [community, account] of rows.slice(1)) members.set(community ?? '', [...(members.get(community ?? '') ?? []), account ?? '']);
  const planted = truth.groups.filter((group) => group.method !== 'creation-burst');
  for (const group of planted) {
    const communityOf = new Set(group.accounts.map((account) => rows.find((row) => row[1] === account)?.[0]));
    expect(communityOf.size, `${group.method} group in one community`).toBe(1);
  }
  for (const accounts of members.values()) expect(accounts.every((account) => !account.startsWith('o') && !account.startsWith('h'))).toBe(true);
  expect(summary.communities.count).toBe(planted.length);
});

test('each edge keeps its evidence: shared objects, both times, delta and post ids', async () => {
  const group = truth.groups.find((candidate) => candidate.method === 'co-link');
  const [a, b] = [group?.accounts[0] ?? '', group?.accounts[1] ?? ''].sort();
  const evidence = await readEvidence({ outDir, accountA: a ?? '', accountB: b ?? '' });
  const links = evidence.filter((item) => item.behaviour === 'co-link');
  expect(links.length).toBeGreaterThanOrEqual(8);
  for (const item of links) {
    expect(item.object).toMatch(/^https:\/\/news\d+\.example\/story\/\d+$/);
    expect(Math.abs(item.deltaSeconds)).toBeLessThanOrEqual(60);
    expect(Date.parse(item.timeB) - Date.parse(item.timeA)).toBe(item.deltaSeconds * 1000);
    expect(item.postA).toMatch(/^p\d+$/);
    expect(item.postB).toMatch(/^p\d+$/);
  }
  const edges = await readEdges({ outDir, account: a ?? '', coordinatedOnly: true });
  expect(edges.some((edge) => edge.behaviours.includes('co-link'))).toBe(true);
  const communities = await readCommunities({ outDir });
  expect(communities.length).toBe(summary.communities.count);
});

test('outputs: GEXF, a STIX 2.1 bundle with campaigns and DISARM techniques, a summary', () => {
  const gexf = readFileSync(join(outDir, 'network.gexf'), 'utf8');
  expect(gexf).toContain('<gexf xmlns="http://gexf.net/1.3"');
  expect(gexf.match(/<node /g)?.length).toBe(summary.accounts.coordinated);
  const bundle = JSON.parse(readFileSync(join(outDir, 'campaigns.stix.json'), 'utf8')) as { type: string; objects: Record<string, unknown>[] };
  expect(bundle.type).toBe('bundle');
  const campaigns = bundle.objects.filter((object) => object['type'] === 'campaign');
  expect(campaigns.length).toBe(summary.communities.count);
  const techniques = bundle.objects
    .filter((object) => object['type'] === 'attack-pattern')
    .map((object) => (object['external_references'] as { external_id: string }[])[0]?.external_id);
  expect(techniques).toEqual(expect.arrayContaining(['T0049.003', 'T0084.001', 'T0049.002', 'T0049.005', 'T0146.007']));
  expect(bundle.objects.filter((object) => object['type'] === 'user-account').length).toBe(summary.accounts.coordinated);
  expect(bundle.objects.some((object) => object['type'] === 'url')).toBe(true);
  const saved = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as DetectionSummary;
  expect(saved.edges).toEqual(summary.edges);
});

test('the same seed and input give identical outputs', async () => {
  const small = join(dir, 'small.csv');
  writeSyntheticDataset(small, { seed: 12, organicAccounts: 300, hyperactiveAccounts: 5, groupsPerMethod: 1 });
  const runs = ['first', 'second'].map((name) => join(dir, name));
  // The second run writes its evidence as CSV: the other files must not change, and the
  // evidence must read back the same.
  for (const [index, out] of runs.entries()) {
    const result = await detectCoordination({
      input: small,
      format: 'generic',
      outDir: out,
      clock: () => new Date('2026-01-01T00:00:00Z'),
      evidenceFormat: index === 0 ? 'parquet' : 'csv',
    });
    expect(result.ok).toBe(true);
  }
  const edge = (await readEdges({ outDir: runs[0] ?? '', coordinatedOnly: true, limit: 1 }))[0];
  expect(edge).toBeDefined();
  const fromParquet = await readEvidence({ outDir: runs[0] ?? '', accountA: edge?.accountA ?? '', accountB: edge?.accountB ?? '' });
  const fromCsv = await readEvidence({ outDir: runs[1] ?? '', accountA: edge?.accountA ?? '', accountB: edge?.accountB ?? '' });
  expect(fromCsv.length).toBeGreaterThan(0);
  expect(fromCsv.map((item) => [item.behaviour, item.postA, item.postB, item.deltaSeconds])).toEqual(
    fromParquet.map((item) => [item.behaviour, item.postA, item.postB, item.deltaSeconds]),
  );
  for (const name of ['communities.csv', 'edges.csv', 'accounts.csv', 'campaigns.stix.json']) {
    const [first, second] = runs.map((out) => readFileSync(join(out, name), 'utf8'));
    expect(first?.length, name).toBeGreaterThan(20);
    expect(second, name).toBe(first);
  }
});

test('minute-resolution timestamps: pairs whose true times can be within the window are kept', async () => {
  const file = join(dir, 'minutes.csv');
  // Two accounts repost the same five posts; times recorded to the minute. a posts at :59 of
  // minute m, b at :01 of minute m + 1 (2 s apart), recorded 60 s apart.
  const rows = ['account_id,post_id,timestamp,repost_of'];
  for (let i = 0; i < 5; i += 1) {
    const minute = 1_700_000_040 + i * 3600;
    rows.push(`a,a${i},${minute},t${i}`, `b,b${i},${minute + 60},t${i}`, `c,c${i},${minute + 180},t${i}`);
  }
  for (let i = 0; i < 200; i += 1) rows.push(`x${i % 40},n${i},${1_700_000_040 + i * 600},other${i}`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  const result = await detectCoordination({ input: file, format: 'generic', outDir: join(dir, 'minutes'), window: 30, methods: ['co-repost'] });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.value.import.timeResolution).toBe(60);
  const method = result.value.methods[0];
  expect(method?.effectiveWindow).toBe(89);
  const edges = await readEdges({ outDir: join(dir, 'minutes') });
  expect(edges.map((edge) => [edge.accountA, edge.accountB])).toEqual([['a', 'b']]);
});

test('a viral object does not produce a quadratic number of pairs', async () => {
  const file = join(dir, 'viral.csv');
  const rows = ['account_id,post_id,timestamp,repost_of'];
  for (let i = 0; i < 3000; i += 1) rows.push(`u${i},v${i},${1_700_000_000 + (i % 30)},celebrity`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  const result = await detectCoordination({ input: file, format: 'generic', outDir: join(dir, 'viral'), methods: ['co-repost'], maxPairsPerShare: 20 });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const method = result.value.methods[0];
  expect(method?.guardedObjects).toBe(1);
  expect(method?.testedPairs).toBeLessThanOrEqual(3000 * 20);
  expect(result.value.edges.coordinated).toBe(0);
});

test('bad input is a typed error', async () => {
  const missing = await detectCoordination({ input: join(dir, 'nope.csv'), format: 'generic', outDir: join(dir, 'x') });
  expect(!missing.ok && missing.error.type).toBe('input-not-found');
  const badWindow = await detectCoordination({ input, format: 'generic', outDir: join(dir, 'x'), window: -1 });
  expect(!badWindow.ok && badWindow.error.type).toBe('invalid-option');
});
