/**
 * `npm run bench -- share [--objects 100000] [--envelope 5000] [--readers 100] [--requests 10]
 * [--engine pglite|postgres]`: the TAXII 2.1 server on a real listening server on loopback
 * (the same composition as `npm start`). Ingests `--objects` indicators through POST
 * /objects/ in envelopes of `--envelope`, pages through all of them once with limit=1000
 * (checking every object comes exactly once), then lets `--readers` concurrent clients each
 * fetch `--requests` random pages of 1,000 objects and reports p50/p99 latency (`--readers 0`
 * skips them). Then the web API's text search (`GET /api/v1/share/collections/{id}/objects?q=`,
 * a page of 25 as the collection page asks, best matches first) with the trigram and stem
 * indexes of migration 0010-share-word-search and without them (dropped, then rebuilt and
 * their build timed), median of `--search-runs` requests per query, the EXPLAIN ANALYZE of a
 * search, and the time to fill the search columns of every object again (the migration's
 * backfill of existing rows: the columns dropped and added back).
 * PostgreSQL takes the server in VIGIL_TEST_DATABASE_URL. Results go to bench/out/share/.
 */
import { textSearchCondition } from '@vigil/db';
import { buildIndicator } from '@vigil/stix';
import { sql } from 'kysely';
import { startTestServer } from '@vigil/test-utils';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { percentile } from '../measure';

const TAXII = 'application/taxii+json;version=2.1';
const here = dirname(fileURLToPath(import.meta.url));

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '100000' },
    envelope: { type: 'string', default: '5000' },
    readers: { type: 'string', default: '100' },
    requests: { type: 'string', default: '10' },
    engine: { type: 'string', default: 'pglite' },
    'max-seconds': { type: 'string', default: '300' },
    'search-runs': { type: 'string', default: '5' },
  },
});
const total = Number(values.objects);
const envelopeSize = Number(values.envelope);
const readers = Number(values.readers);
const requestsPerReader = Number(values.requests);
const engine = values.engine === 'postgres' ? 'postgres' : 'pglite';
const maxSeconds = Number(values['max-seconds']);
const searchRuns = Number(values['search-runs']);

async function tokenOf(url: string, email: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (login.status !== 200) throw new Error(`login: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', scopes: ['read', 'write'] }),
  });
  if (created.status !== 201) throw new Error(`token: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { secret: string }).secret;
}

function makeObject(index: number) {
  const created = new Date(Date.UTC(2026, 10, 1) + index * 1000);
  return buildIndicator({
    uuid: randomUUID(),
    created,
    tlp: 'green',
    name: `Phishing domain ${index}`,
    // A word of its own per object (a case reference), so a search can match exactly one.
    description: `Credential-phishing domain imitating an election authority login page. Case CX${(index * 7919).toString(36).toUpperCase()}.`,
    pattern: `[domain-name:value = 'login-${index}.phish.example']`,
    validFrom: created,
    indicatorTypes: ['malicious-activity'],
  });
}

const server = await startTestServer({ engine });
try {
  const token = await tokenOf(server.url, server.admin.email, server.admin.password);
  const headers = { authorization: `Bearer ${token}`, accept: TAXII };
  const collections = (await (await fetch(`${server.url}/taxii2/api/collections/`, { headers })).json()) as { collections: { id: string; alias?: string }[] };
  const collection = collections.collections.find((candidate) => candidate.alias === 'fimi');
  if (!collection) throw new Error('no fimi collection');
  const objectsUrl = `${server.url}/taxii2/api/collections/${collection.id}/objects/`;

  // Ingest.
  let bytesPosted = 0;
  const ingestStart = performance.now();
  for (let start = 0; start < total; start += envelopeSize) {
    const objects = Array.from({ length: Math.min(envelopeSize, total - start) }, (_, offset) => makeObject(start + offset));
    const body = JSON.stringify({ objects });
    bytesPosted += Buffer.byteLength(body);
    const response = await fetch(objectsUrl, { method: 'POST', headers: { ...headers, 'content-type': TAXII }, body });
    const status = (await response.json()) as { success_count: number; failure_count: number };
    if (response.status !== 202 || status.failure_count !== 0) throw new Error(`ingest: ${response.status} ${JSON.stringify(status).slice(0, 500)}`);
    process.stderr.write(`\ringested ${start + objects.length} / ${total}`);
  }
  const ingestSeconds = (performance.now() - ingestStart) / 1000;
  process.stderr.write('\n');

  // One full scan: every object exactly once; the cursors of every page.
  const cursors: (string | null)[] = [null];
  const seen = new Set<string>();
  let pageBytes = 0;
  const scanStart = performance.now();
  for (let next: string | null = null; ; ) {
    const response = await fetch(`${objectsUrl}?limit=1000${next ? `&next=${next}` : ''}`, { headers });
    const text = await response.text();
    pageBytes = Math.max(pageBytes, Buffer.byteLength(text));
    const page = JSON.parse(text) as { more: boolean; next?: string; objects?: { id: string }[] };
    for (const object of page.objects ?? []) seen.add(object.id);
    if (!page.more || !page.next) break;
    next = page.next;
    cursors.push(next);
  }
  const scanSeconds = (performance.now() - scanStart) / 1000;
  if (seen.size !== total) throw new Error(`the scan saw ${seen.size} objects, not ${total}`);

  // Concurrent readers of random pages.
  const latencies: number[] = [];
  let failures = 0;
  let socketErrors = 0;
  const deadline = performance.now() + maxSeconds * 1000;
  let seed = 12345;
  const nextRandom = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  const readStart = performance.now();
  await Promise.all(
    Array.from({ length: readers }, async () => {
      for (let request = 0; request < requestsPerReader && performance.now() < deadline; request += 1) {
        const cursor = cursors[Math.floor(nextRandom() * cursors.length)] ?? null;
        const started = performance.now();
        let response: Response;
        try {
          response = await fetch(`${objectsUrl}?limit=1000${cursor ? `&next=${cursor}` : ''}`, { headers });
        } catch {
          // A dropped connection is reported, not hidden: counted and the request not retried.
          socketErrors += 1;
          continue;
        }
        // Read the whole body but leave parsing out: client and server share this process.
        const bytes = (await response.arrayBuffer()).byteLength;
        latencies.push(performance.now() - started);
        if (response.status !== 200 || bytes < 1000) failures += 1;
      }
    }),
  );
  const readSeconds = (performance.now() - readStart) / 1000;

  // Text search through the web API, with the trigram index and without it.
  const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const pick = Math.floor(total / 3);
  const searches: Record<string, string> = {
    nothing: 'zzqxjw',
    oneObject: `CX${(pick * 7919).toString(36).toUpperCase()}`,
    twoWordsOneObject: `domain ${pick}`,
    everyObject: 'phishing',
    // Without accents or by word forms only: every object, by its stems (score 0 for all).
    everyObjectByStem: 'imitate',
    everyObjectAccented: 'élections',
    oneObjectAccentedCase: `cx${(pick * 7919).toString(36).toLowerCase()} DOMAÎNE`,
  };
  const listUrl = `${server.url}/api/v1/share/collections/${collection.id}/objects?limit=25&q=`;
  async function searchTimes(): Promise<Record<string, { ms: number; items: number }>> {
    const times: Record<string, { ms: number; items: number }> = {};
    for (const [label, q] of Object.entries(searches)) {
      const samples: number[] = [];
      let items = 0;
      for (let run = 0; run < searchRuns; run += 1) {
        const started = performance.now();
        const response = await fetch(`${listUrl}${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${token}` } });
        const page = (await response.json()) as { items?: unknown[] };
        samples.push(performance.now() - started);
        if (response.status !== 200 || !page.items) throw new Error(`search ${q}: ${response.status}`);
        items = page.items.length;
      }
      times[label] = { ms: Math.round(median(samples)), items };
    }
    return times;
  }
  const { db } = server.database;
  const explain = async () =>
    (await sql<Record<string, string>>`explain (analyze, costs off) select o.seq from stix_objects o where o.collection_id = ${collection.id} and ${textSearchCondition(searches['oneObject'] ?? '')}`.execute(db)).rows
      .map((row) => Object.values(row).join(' '))
      .join('\n');
  const withIndex = await searchTimes();
  const planWithIndex = await explain();
  await sql`drop index stix_objects_search_trgm`.execute(db);
  await sql`drop index stix_objects_search_vector`.execute(db);
  await sql`analyze stix_objects`.execute(db);
  const withoutIndex = await searchTimes();
  const planWithoutIndex = await explain();
  const buildStart = performance.now();
  await sql`create index stix_objects_search_trgm on stix_objects using gin ((search_name || ' ' || search_description) gin_trgm_ops)`.execute(db);
  const trigramBuildSeconds = (performance.now() - buildStart) / 1000;
  const stemBuildStart = performance.now();
  await sql`create index stix_objects_search_vector on stix_objects using gin (search_vector)`.execute(db);
  const stemBuildSeconds = (performance.now() - stemBuildStart) / 1000;
  const indexSize = await sql<{ trigram: string; stems: string; table: string }>`
    select pg_size_pretty(pg_relation_size('stix_objects_search_trgm')) as trigram, pg_size_pretty(pg_relation_size('stix_objects_search_vector')) as stems,
      pg_size_pretty(pg_table_size('stix_objects')) as table`.execute(db);
  // The migration's backfill: the generated columns (as 0010-share-word-search adds them) filled for every row.
  await sql`alter table stix_objects drop column search_name, drop column search_description, drop column search_vector`.execute(db);
  const backfillStart = performance.now();
  await sql`alter table stix_objects
      add column search_name text generated always as (lower(vigil_unaccent(coalesce(object->>'name', '')))) stored,
      add column search_description text generated always as (lower(vigil_unaccent(coalesce(object->>'description', '')))) stored,
      add column search_vector tsvector generated always as (
        to_tsvector('vigil_en'::regconfig, coalesce(object->>'name', '') || ' ' || coalesce(object->>'description', ''))
        || to_tsvector('vigil_fr'::regconfig, coalesce(object->>'name', '') || ' ' || coalesce(object->>'description', ''))
      ) stored`.execute(db);
  await sql`create index stix_objects_search_trgm on stix_objects using gin ((search_name || ' ' || search_description) gin_trgm_ops)`.execute(db);
  await sql`create index stix_objects_search_vector on stix_objects using gin (search_vector)`.execute(db);
  const backfillSeconds = (performance.now() - backfillStart) / 1000;
  console.error(`EXPLAIN ANALYZE with the index:\n${planWithIndex}\n\nwithout it:\n${planWithoutIndex}`);

  const result = {
    engine,
    cpus: cpus().length,
    loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(1)),
    objects: total,
    envelope: envelopeSize,
    megabytesPosted: Math.round(bytesPosted / 2 ** 20),
    ingestSeconds: Number(ingestSeconds.toFixed(1)),
    ingestObjectsPerSecond: Math.round(total / ingestSeconds),
    fullScan: { pages: cursors.length, seconds: Number(scanSeconds.toFixed(1)), largestPageKb: Math.round(pageBytes / 1024) },
    readers,
    requests: latencies.length,
    failures,
    socketErrors,
    readSeconds: Number(readSeconds.toFixed(1)),
    pagesPerSecond: Math.round(latencies.length / readSeconds),
    p50Ms: latencies.length > 0 ? Math.round(percentile(latencies, 50)) : null,
    p99Ms: latencies.length > 0 ? Math.round(percentile(latencies, 99)) : null,
    maxMs: latencies.length > 0 ? Math.round(Math.max(...latencies)) : null,
    search: {
      queries: searches,
      runs: searchRuns,
      withIndex,
      withoutIndex,
      trigramIndexBuildSeconds: Number(trigramBuildSeconds.toFixed(1)),
      stemIndexBuildSeconds: Number(stemBuildSeconds.toFixed(1)),
      backfillSeconds: Number(backfillSeconds.toFixed(1)),
      sizes: indexSize.rows[0] ?? null,
      planWithIndex: planWithIndex.split('\n'),
      planWithoutIndex: planWithoutIndex.split('\n'),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  const out = join(here, '..', 'out', 'share');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `result-${engine}-${total}.json`), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await server.close();
}
