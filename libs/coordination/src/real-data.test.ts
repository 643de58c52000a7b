import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase, queryRows, type Database } from './database';
import { detectCoordination, type DetectionSummary } from './detect-coordination';
import { readEdges, readEvidence } from './query-results';

// Real, anonymised CooRTweet data sets (MIT), read from the shared data folder at test time.
const russian = new URL('../../../../shared/data/coortweet/russian_coord_tweets.csv.gz', import.meta.url).pathname;
const german = new URL('../../../../shared/data/coortweet/german_elections.csv.gz', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vigil-real-'));
let db: Database;
let russianRun: DetectionSummary;

beforeAll(async () => {
  db = await openDatabase();
  const result = await detectCoordination({ input: russian, format: 'coortweet', outDir: join(dir, 'russian'), methods: ['co-repost'], window: 60 });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  russianRun = result.value;
});
afterAll(() => db.close());

test('Russian retweets: candidate co-retweet edges equal a brute-force self-join (CooRTweet, 60 s, ≥ 2)', async () => {
  // Every pair of retweets of one object by two accounts within 60 s, counted as in our scoring:
  // min(retweets of a, retweets of b) with a partner. No guard, no ranks: an independent count.
  const brute = await queryRows(
    db.connection,
    `WITH t AS (SELECT DISTINCT * FROM read_csv('${russian}', header = true, all_varchar = true))
     SELECT count(*) AS n FROM (
       SELECT x.account_id AS a, y.account_id AS b
       FROM t x JOIN t y ON x.object_id = y.object_id AND x.account_id < y.account_id
         AND abs(CAST(x.timestamp_share AS BIGINT) - CAST(y.timestamp_share AS BIGINT)) <= 60
       GROUP BY a, b
       HAVING least(count(DISTINCT x.content_id || x.object_id), count(DISTINCT y.content_id || y.object_id)) >= 2)`,
  );
  const method = russianRun.methods[0];
  expect(method?.guardedShares).toBe(0);
  expect(method?.candidateEdges).toBe(Number(brute[0]?.['n']));
  expect(russianRun.edges.coordinated).toBeGreaterThan(0);
  expect(russianRun.edges.coordinated).toBeLessThanOrEqual(method?.candidateEdges ?? 0);
});

test('Russian retweets: every coordinated edge is explained by at least two in-window co-retweets', async () => {
  const edges = await readEdges({ outDir: join(dir, 'russian'), coordinatedOnly: true, limit: 20 });
  expect(edges.length).toBeGreaterThan(0);
  for (const edge of edges) {
    const evidence = await readEvidence({ outDir: join(dir, 'russian'), accountA: edge.accountA, accountB: edge.accountB });
    expect(new Set(evidence.map((item) => item.postA)).size).toBeGreaterThanOrEqual(2);
    for (const item of evidence) expect(Math.abs(item.deltaSeconds)).toBeLessThanOrEqual(60);
  }
  const communities = readFileSync(join(dir, 'russian', 'communities.csv'), 'utf8').trim().split('\n').slice(1);
  expect(communities.length).toBe(russianRun.accounts.coordinated);
});

test('German election posts (two days before the vote): co-link and co-hashtag over anonymised ids, with a generic mapping', async () => {
  const slice = join(dir, 'german-week.csv');
  await db.connection.run(
    `COPY (SELECT * FROM read_csv('${german}', header = true, all_varchar = true)
           WHERE CAST(timestamp AS BIGINT) BETWEEN 1632009600 AND 1632182400)
     TO '${slice}' (FORMAT csv, HEADER true)`,
  );
  const result = await detectCoordination({
    input: slice,
    format: 'generic',
    mapping: { account: 'account_id', postId: 'post_id', time: 'timestamp', url: 'url_id', hashtags: 'hashtag_id' },
    outDir: join(dir, 'german'),
    methods: ['co-link', 'co-hashtag'],
  });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const summary = result.value;
  // The data set repeats some rows verbatim (19,212 duplicate lines in the whole file): only those are dropped.
  expect(summary.import.rowsRejected).toBeGreaterThan(0);
  expect(summary.import.rejectedByReason['duplicate-row']).toBe(summary.import.rowsRejected);
  expect(summary.import.withUrls).toBeGreaterThan(1000);
  const [link, hashtag] = summary.methods;
  expect(link?.status).toBe('ran');
  expect(hashtag?.status).toBe('ran');
  // Facebook and Twitter accounts share the same anonymised link ids, so links are compared across platforms.
  const edges = await readEdges({ outDir: join(dir, 'german'), limit: 100_000 });
  expect(edges.length).toBe(summary.edges.candidates);
  for (const edge of edges.filter((candidate) => candidate.coordinated)) expect(edge.qValue).toBeLessThanOrEqual(0.01);
});
