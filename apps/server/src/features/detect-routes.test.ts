import { coortweetSample } from '@vigil/coordination';
import { createSharingCollection, createSharingCommunity, verifyAuditChain } from '@vigil/db';
import type { TestClient } from '@vigil/test-utils';
import type { DetectFixture } from '@vigil/test-utils';
import { TEST_PASSWORD, createDetectFixture, testEngines } from '@vigil/test-utils';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';

/**
 * Detection through the API: streamed upload with the header checked at once, a run carried
 * out by the job worker, browsing of communities, edges and evidence, downloads, publication
 * into sharing, and per-organisation isolation. The data is a CooRTweet CSV with two planted
 * co-repost groups of five accounts (`coortweetSample`).
 */

type Fixture = DetectFixture;

const fixtures = new Map<string, Fixture>();
const sample = coortweetSample({ seed: 7 });
const engines = testEngines();

const createFixture = (engine: (typeof engines)[number]): Promise<Fixture> => createDetectFixture(engine, { detectMaxUploadBytes: 200_000 });

beforeAll(async () => {
  for (const engine of engines) fixtures.set(engine, await createFixture(engine));
}, 300_000);

afterAll(async () => {
  for (const fixture of fixtures.values()) await fixture.app.close();
});

function get(engine: string): Fixture {
  const fixture = fixtures.get(engine);
  if (!fixture) throw new Error(`no fixture for ${engine}`);
  return fixture;
}

/** Uploads `body` as a raw request body with the session of `client`. */
async function upload(fixture: Fixture, client: TestClient, query: string, body: BodyInit): Promise<Response> {
  const login = await fixture.app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: client.email, password: TEST_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return fixture.app.request(`/api/v1/detect/datasets?${query}`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'text/csv' },
    body,
    duplex: 'half',
  } as RequestInit);
}

/** A body that arrives in small chunks, as a large upload would. */
function chunked(text: string, size = 997): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

test.each(engines)('%s: upload, run through the worker, browse communities, edges and evidence, download', async (engine) => {
  const fixture = get(engine);
  const { analyst } = fixture;
  const uploaded = await upload(fixture, analyst, 'name=retweets.csv&format=coortweet', chunked(sample.csv));
  expect(uploaded.status).toBe(201);
  const dataset = (await uploaded.json()) as { id: string; sizeBytes: number; sha256: string; columns: string[]; organisationId: string; fileType: string };
  expect(dataset).toMatchObject({ sizeBytes: Buffer.byteLength(sample.csv), fileType: 'csv', organisationId: fixture.organisationId });
  expect(dataset.sha256).toBe(createHash('sha256').update(sample.csv).digest('hex'));
  expect(dataset.columns).toEqual(['object_id', 'account_id', 'content_id', 'timestamp_share']);

  const created = await analyst.call('POST', '/api/v1/detect/runs', { datasetId: dataset.id, methods: ['co-repost'], window: 60 });
  expect(created.status).toBe(201);
  const run = (await created.json()) as { id: string; status: string };
  expect(run.status).toBe('queued');
  expect(((await (await analyst.call('GET', `/api/v1/detect/runs/${run.id}/communities`)).json()) as { status: number }).status).toBe(409);

  expect(await fixture.runOnce()).toBe(true);
  const finished = (await (await analyst.call('GET', `/api/v1/detect/runs/${run.id}`)).json()) as {
    status: string;
    progress: number;
    summary: { communities: { count: number }; accounts: { coordinated: number }; files: string[]; import: { rowsKept: number } };
  };
  expect(finished.status).toBe('succeeded');
  expect(finished.progress).toBe(1);
  expect(finished.summary.import.rowsKept).toBe(sample.rows);
  expect(finished.summary.communities.count).toBe(2);
  expect(finished.summary.accounts.coordinated).toBe(10);
  expect(finished.summary.files).toContain('network.gexf');

  const list = (await (await analyst.call('GET', '/api/v1/detect/runs')).json()) as { items: { id: string; status: string }[] };
  expect(list.items.find((item) => item.id === run.id)?.status).toBe('succeeded');

  const communities = (await (await analyst.call('GET', `/api/v1/detect/runs/${run.id}/communities`)).json()) as {
    items: { community: number; size: number; edges: number; behaviours: string[] }[];
  };
  expect(communities.items.map((c) => c.size)).toEqual([5, 5]);
  // Five accounts that all co-repost with each other: a complete graph of 10 edges.
  expect(communities.items.every((c) => c.edges === 10 && c.behaviours.join() === 'co-repost')).toBe(true);

  const first = communities.items[0]?.community ?? -1;
  const community = (await (await analyst.call('GET', `/api/v1/detect/runs/${run.id}/communities/${first}`)).json()) as { accounts: { accountId: string }[] };
  const members = community.accounts.map((account) => account.accountId).sort();
  expect(sample.groups.map((group) => [...group].sort().join())).toContain(members.join());

  const edges = (await (await analyst.call('GET', `/api/v1/detect/runs/${run.id}/communities/${first}/edges?limit=4`)).json()) as {
    items: { accountA: string; accountB: string; behaviours: string[] }[];
    nextCursor: string | null;
  };
  expect(edges.items).toHaveLength(4);
  expect(edges.nextCursor).toBe('4');
  const edge = edges.items[0];
  if (!edge) throw new Error('no edge');
  const evidence = (await (
    await analyst.call('GET', `/api/v1/detect/runs/${run.id}/evidence?a=${encodeURIComponent(edge.accountB)}&b=${encodeURIComponent(edge.accountA)}`)
  ).json()) as { items: { behaviour: string; object: string; postA: string; postB: string; timeA: string; timeB: string; deltaSeconds: number }[] };
  // Each planted episode is one shared object reposted by both accounts within 20 s.
  expect(evidence.items).toHaveLength(6);
  for (const item of evidence.items) {
    expect(item.behaviour).toBe('co-repost');
    expect(item.object).toMatch(/^g\de/);
    expect(Math.abs(item.deltaSeconds)).toBeLessThan(20);
    expect((Date.parse(item.timeB) - Date.parse(item.timeA)) / 1000).toBe(item.deltaSeconds);
    expect(item.postA).not.toBe(item.postB);
  }

  const expectedTypes: Record<string, string> = {
    'communities.csv': 'text/csv; charset=utf-8',
    'edges.csv': 'text/csv; charset=utf-8',
    'network.gexf': 'application/gexf+xml',
    'campaigns.stix.json': 'application/json',
    'evidence.parquet': 'application/vnd.apache.parquet',
  };
  for (const [file, type] of Object.entries(expectedTypes)) {
    const response = await analyst.call('GET', `/api/v1/detect/runs/${run.id}/files/${file}`);
    expect(response.status, file).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="retweets-[0-9a-f]{8}-${file.replace('.', '\\.')}"$`));
    const body = await response.arrayBuffer();
    expect(body.byteLength).toBe(Number(response.headers.get('content-length')));
  }
  const communitiesCsv = await (await analyst.call('GET', `/api/v1/detect/runs/${run.id}/files/communities.csv`)).text();
  expect(communitiesCsv.split('\n')[0]).toBe('community,account_id');
  expect((await analyst.call('GET', `/api/v1/detect/runs/${run.id}/files/secrets.txt`)).status).toBe(400);
  expect(existsSync(join(fixture.filesDir, 'detect', 'runs', run.id, 'edges.csv'))).toBe(true);

  const actions = (await fixture.app.database.db.selectFrom('auditEvents').select('action').orderBy('seq').execute()).map((event) => event.action);
  expect(actions).toEqual(expect.arrayContaining(['detect.dataset.upload', 'detect.run.create', 'job.enqueue', 'detect.run.complete', 'job.succeed']));
  expect((await verifyAuditChain(fixture.app.database.db)).ok).toBe(true);
}, 120_000);

test.each(engines)("%s: another organisation sees none of it; a viewer may not read detection", async (engine) => {
  const fixture = get(engine);
  const { analyst, outsider, viewer } = fixture;
  const uploaded = await upload(fixture, analyst, 'name=private.csv&format=coortweet', sample.csv);
  const dataset = (await uploaded.json()) as { id: string };
  const run = (await (await analyst.call('POST', '/api/v1/detect/runs', { datasetId: dataset.id, methods: ['co-repost'] })).json()) as { id: string };
  expect(await fixture.runOnce()).toBe(true);
  expect((await outsider.call('GET', `/api/v1/detect/runs/${run.id}`)).status).toBe(404);
  expect((await outsider.call('GET', `/api/v1/detect/runs/${run.id}/communities`)).status).toBe(404);
  expect((await outsider.call('GET', `/api/v1/detect/runs/${run.id}/files/edges.csv`)).status).toBe(404);
  expect((await outsider.call('GET', `/api/v1/detect/runs/${run.id}/evidence?a=x&b=y`)).status).toBe(404);
  const outsiderRuns = (await (await outsider.call('GET', '/api/v1/detect/runs')).json()) as { items: unknown[] };
  expect(outsiderRuns.items).toEqual([]);
  const outsiderDatasets = (await (await outsider.call('GET', '/api/v1/detect/datasets')).json()) as { items: unknown[] };
  expect(outsiderDatasets.items).toEqual([]);
  expect((await outsider.call('GET', `/api/v1/detect/datasets/${dataset.id}`)).status).toBe(404);
  expect((await analyst.call('GET', `/api/v1/detect/datasets/${dataset.id}`)).status).toBe(200);
  const borrowed = await outsider.call('POST', '/api/v1/detect/runs', { datasetId: dataset.id });
  expect(borrowed.status).toBe(422);
  expect((await viewer.call('GET', '/api/v1/detect/runs')).status).toBe(403);
  const mine = (await (await analyst.call('GET', '/api/v1/detect/datasets')).json()) as { items: { id: string }[] };
  expect(mine.items.map((item) => item.id)).toContain(dataset.id);
}, 120_000);

test.each(engines)('%s: bad uploads are refused at once with line and column; nothing is kept', async (engine) => {
  const fixture = get(engine);
  const { analyst } = fixture;
  const problem = async (response: Response) => ({ status: response.status, ...((await response.json()) as { detail: string; errors?: { path: string; message: string }[] }) });

  const wrongFormat = await problem(await upload(fixture, analyst, 'name=posts.csv&format=coortweet', 'user,created_at,body\nu1,2024-01-01,hello\n'));
  expect(wrongFormat.status).toBe(422);
  expect(wrongFormat.detail).toContain('line 1: missing columns "account_id", "timestamp_share"');
  expect(wrongFormat.detail).toContain('"user" (column 1)');

  const shortRow = await problem(await upload(fixture, analyst, 'name=posts.csv&format=coortweet', 'object_id,account_id,content_id,timestamp_share\no1,a1,1700000000\n'));
  expect(shortRow.status).toBe(422);
  expect(shortRow.detail).toContain('line 2, column 4: 3 fields where the header has 4');

  const badJson = await problem(await upload(fixture, analyst, 'name=posts.jsonl&format=generic', '{"account": "a", "time": 1,\n'));
  expect(badJson.status).toBe(422);
  expect(badJson.detail).toMatch(/^line 1, column \d+: not JSON/);

  const notParquet = await problem(await upload(fixture, analyst, 'name=posts.parquet&format=generic', 'account,time\n'));
  expect(notParquet.detail).toContain('not a Parquet file');

  const unknownField = await problem(await upload(fixture, analyst, 'name=posts.csv&format=generic&mapping=author%3Duser', 'user,time\n'));
  expect(unknownField.status).toBe(400);
  expect(unknownField.errors?.[0]?.path).toBe('/query/mapping');

  const mapped = await upload(fixture, analyst, 'name=posts.csv&format=generic&mapping=account%3Dwho%2Ctime%3Dwhen', 'who;when;text\nu1;1700000000;hello there\n');
  expect(mapped.status).toBe(201);
  const missingMapped = await problem(await upload(fixture, analyst, 'name=posts.csv&format=generic&mapping=account%3Dauthor', 'who;when\nu1;1700000000\n'));
  expect(missingMapped.detail).toContain('missing columns "author", "time"');

  const empty = await problem(await upload(fixture, analyst, 'name=posts.csv&format=coortweet', ''));
  expect(empty.status).toBe(422);

  // Gzip is recognised by its magic bytes and checked decompressed.
  const gz = await upload(fixture, analyst, 'name=retweets.csv.gz&format=coortweet', gzipSync(Buffer.from(sample.csv)));
  expect(gz.status).toBe(201);
  expect(((await gz.json()) as { compressed: boolean }).compressed).toBe(true);
  const gzWrong = await problem(await upload(fixture, analyst, 'name=retweets.csv.gz&format=io-archive', gzipSync(Buffer.from(sample.csv))));
  expect(gzWrong.detail).toContain('line 1: missing columns "userid", "tweet_time"');

  // Over the limit (200,000 bytes in this app): 413 while streaming, and the partial file is removed.
  const huge = `${sample.csv}${sample.csv.split('\n').slice(1).join('\n').repeat(20)}`;
  const tooLarge = await problem(await upload(fixture, analyst, 'name=huge.csv&format=coortweet', chunked(huge, 16_384)));
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.detail).toContain('at most 200000 bytes');

  const leftovers = (await import('node:fs')).readdirSync(join(fixture.filesDir, 'detect', 'datasets')).filter((name) => name.endsWith('.part'));
  expect(leftovers).toEqual([]);
  const uploadsBefore = (await fixture.app.database.db.selectFrom('detectDatasets').select('name').execute()).map((row) => row.name);
  expect(uploadsBefore).not.toContain('huge.csv');
}, 120_000);

test.each(engines)('%s: a run on data without usable rows fails with its reason', async (engine) => {
  const fixture = get(engine);
  const { analyst } = fixture;
  const uploaded = await upload(fixture, analyst, 'name=bad-times.csv&format=coortweet', 'object_id,account_id,content_id,timestamp_share\no1,a1,c1,yesterday\no2,a2,c2,soon\n');
  expect(uploaded.status).toBe(201);
  const dataset = (await uploaded.json()) as { id: string };
  const run = (await (await analyst.call('POST', '/api/v1/detect/runs', { datasetId: dataset.id })).json()) as { id: string };
  expect(await fixture.runOnce()).toBe(true);
  const failed = (await (await analyst.call('GET', `/api/v1/detect/runs/${run.id}`)).json()) as { status: string; error: string };
  expect(failed.status).toBe('failed');
  expect(failed.error).toBe('no usable row among 2; first problems: line 2: unreadable time "yesterday"; line 3: unreadable time "soon"');
  const badBody = await analyst.call('POST', '/api/v1/detect/runs', { datasetId: dataset.id, methods: [], alpha: 2 });
  expect(badBody.status).toBe(422);
  expect(((await badBody.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(['/alpha', '/methods']);
}, 120_000);

test.each(engines)('%s: a community is published as a STIX campaign into a writable collection, audited', async (engine) => {
  const fixture = get(engine);
  const { analyst, organisationId } = fixture;
  const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: fixture.app.clock.now() };
  const community = await createSharingCommunity(fixture.app.database.db, context, { name: `Detect ${engine}`, description: '', organisationIds: [organisationId] });
  const collection = await createSharingCollection(fixture.app.database.db, context, {
    communityId: community.id,
    title: 'Coordination findings',
    description: '',
    publicRead: false,
    defaultTlp: 'amber',
    rights: [{ organisationId, canRead: true, canWrite: true }],
  });
  const targets = (await (await analyst.call('GET', '/api/v1/detect/publish-targets')).json()) as { items: { id: string }[] };
  expect(targets.items.map((target) => target.id)).toContain(collection.id);

  const uploaded = (await (await upload(fixture, analyst, 'name=publish.csv&format=coortweet', sample.csv)).json()) as { id: string };
  const run = (await (await analyst.call('POST', '/api/v1/detect/runs', { datasetId: uploaded.id, methods: ['co-repost'] })).json()) as { id: string };
  expect(await fixture.runOnce()).toBe(true);
  const listed = (await (await analyst.call('GET', `/api/v1/detect/runs/${run.id}/communities`)).json()) as { items: { community: number }[] };
  const chosen = listed.items[0]?.community ?? -1;
  const published = await analyst.call('POST', `/api/v1/detect/runs/${run.id}/communities/${chosen}/publish`, { collectionId: collection.id, tlp: 'green' });
  expect(published.status).toBe(201);
  const answer = (await published.json()) as { objects: number; campaignId: string };
  const stored = await fixture.app.database.db.selectFrom('stixObjects').select(['type', 'tlp', 'stixId']).where('collectionId', '=', collection.id).execute();
  // campaign, identity, observed-data, sighting, 5 user-accounts, attack-pattern T0049.003, relationship.
  expect(stored.map((row) => row.type).sort()).toEqual(
    ['attack-pattern', 'campaign', 'identity', 'observed-data', 'relationship', 'sighting', 'user-account', 'user-account', 'user-account', 'user-account', 'user-account'].sort(),
  );
  expect(answer.objects).toBe(11);
  expect(stored.find((row) => row.type === 'campaign')).toMatchObject({ tlp: 'green', stixId: answer.campaignId });
  const events = await fixture.app.database.db.selectFrom('auditEvents').select(['action']).where('action', '=', 'detect.community.publish').execute();
  expect(events).toHaveLength(1);
  const elsewhere = await fixture.outsider.call('POST', `/api/v1/detect/runs/${run.id}/communities/${chosen}/publish`, { collectionId: collection.id, tlp: 'green' });
  expect(elsewhere.status).toBe(404);
  const unknownCollection = await analyst.call('POST', `/api/v1/detect/runs/${run.id}/communities/${chosen}/publish`, { collectionId: '00000000-0000-4000-8000-000000000000', tlp: 'green' });
  expect(unknownCollection.status).toBe(422);
  expect(readFileSync(join(fixture.filesDir, 'detect', 'runs', run.id, 'campaigns.stix.json'), 'utf8')).toContain(answer.campaignId);
}, 120_000);
