/**
 * `npm run bench -- respond [--reports 2000] [--concurrency 16] [--queue 100000] [--engine pglite|postgres]`:
 * respond intake and triage on a real listening server on loopback (the same composition as
 * `npm start`).
 *
 * 1. Sustained public intake: `--reports` reports POSTed to /api/v1/public/reports by
 *    `--concurrency` concurrent clients, each request from its own client address (the server
 *    trusts X-Forwarded-For here, as behind a reverse proxy, so the per-address limit sees
 *    many citizens, not one). Reports reports/s and latency percentiles, then checks that the
 *    database holds exactly the acknowledged reports (nothing lost, nothing extra).
 * 2. A triage queue of `--queue` reports (inserted in bulk with SQL, spread over categories,
 *    statuses, sources, jurisdictions and two months): the queue's first page, each filter,
 *    full-text search and a deep cursor page through the API, 20 times each, p50 and p99.
 * Results go to bench/out/respond/.
 */
import { createLogger, ensureFirstAdmin, listen, systemClock } from '@vigil/server';
import { createTestDatabase } from '@vigil/test-utils';
import { sql } from 'kysely';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { percentile, seededRandom } from '../measure';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    queue: { type: 'string', default: '100000' },
    engine: { type: 'string', default: 'pglite' },
  },
});
const reports = Number(values.reports);
const concurrency = Number(values.concurrency);
const queueSize = Number(values.queue);
const engine = values.engine === 'postgres' ? 'postgres' : 'pglite';

const CATEGORIES = ['cyber-attack', 'hack-and-leak', 'disinformation', 'voter-intimidation', 'covert-funding', 'physical-incident', 'insider-threat', 'other'];
const PLACES = ['Riverside', 'Highmoor', 'Lakeview', 'Port Alden', 'Sunvale'];
const BASE_WORDS = 'ballot box station voters queue message claims closing noon video deepfake candidate leaflet threat police website defaced results count observers funding abroad sponsored posts clerk list copied'.split(' ');
/** A vocabulary of a few thousand words (base words with suffixes), so texts differ as real ones do. */
const WORDS = BASE_WORDS.flatMap((word) => Array.from({ length: 100 }, (_, i) => (i === 0 ? word : `${word}${i}`)));

const random = seededRandom(2027);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

async function tokenOf(url: string, email: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${url}/api/v1/tokens`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', scopes: ['read', 'write'] }) });
  return ((await created.json()) as { secret: string }).secret;
}

const database = await createTestDatabase(engine);
const admin = await ensureFirstAdmin(database.db, systemClock.now());
if (!admin) throw new Error('fresh database had users');
const filesDir = mkdtempSync(join(tmpdir(), 'vigil-bench-files-'));
const server = await listen({
  database,
  logger: createLogger({ level: 'silent' }),
  clock: systemClock,
  host: '127.0.0.1',
  port: 0,
  webRoot: null,
  config: { secureCookies: false, sessionHours: 12, trustProxy: true, demo: false, filesDir },
});
const results: Record<string, unknown> = { engine, cpus: cpus().length, loadavg: loadavg(), reports, concurrency, queueSize };
try {
  const token = await tokenOf(server.url, admin.email, admin.password);
  const headers = { authorization: `Bearer ${token}` };

  // 1. Sustained public intake.
  const latencies: number[] = [];
  const acknowledged: string[] = [];
  let refused = 0;
  let next = 0;
  const intakeStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const index = next++;
        if (index >= reports) return;
        const body = JSON.stringify({
          category: pick(CATEGORIES),
          title: `Report ${index}: ${sentence(4)}`,
          description: `${sentence(30)} (seen at ${pick(PLACES)}, report ${index})`,
          links: random() < 0.3 ? [`https://social.example/posts/${Math.floor(random() * 500)}`] : [],
          contact: random() < 0.5 ? { email: `citizen${index}@example.org` } : null,
          language: 'en',
        });
        const started = performance.now();
        const response = await fetch(`${server.url}/api/v1/public/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}` },
          body,
        });
        const answer = (await response.json()) as { trackingCode?: string };
        latencies.push(performance.now() - started);
        if (response.status === 201 && answer.trackingCode) acknowledged.push(answer.trackingCode);
        else refused += 1;
      }
    }),
  );
  const intakeSeconds = (performance.now() - intakeStart) / 1000;
  const stored = await database.db.selectFrom('respondReports').select((eb) => eb.fn.countAll<string>().as('n')).where('source', '=', 'public').executeTakeFirstOrThrow();
  const matched = await database.db.selectFrom('respondReports').select((eb) => eb.fn.countAll<string>().as('n')).where('trackingCode', 'in', acknowledged.length > 0 ? acknowledged : ['none']).executeTakeFirstOrThrow();
  const intake = {
    acknowledged: acknowledged.length,
    refused,
    storedInDb: Number(stored.n),
    acknowledgedFoundInDb: Number(matched.n),
    nothingLost: Number(stored.n) === acknowledged.length && Number(matched.n) === acknowledged.length,
    seconds: intakeSeconds,
    reportsPerSecond: acknowledged.length / intakeSeconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
  };
  results['intake'] = intake;
  console.log(`intake: ${intake.acknowledged} acknowledged, ${refused} refused in ${intakeSeconds.toFixed(1)} s = ${intake.reportsPerSecond.toFixed(0)} reports/s; p50 ${intake.p50Ms.toFixed(1)} ms, p99 ${intake.p99Ms.toFixed(1)} ms; in DB ${intake.storedInDb} (${intake.nothingLost ? 'nothing lost' : 'MISMATCH'})`);

  // 2. A queue of --queue reports, inserted in bulk.
  for (const name of PLACES) {
    await database.db.insertInto('jurisdictions').values({ level: 'local', name, contacts: JSON.stringify([]) }).execute();
  }
  const places = (await database.db.selectFrom('jurisdictions').select('id').execute()).map((j) => j.id);
  const fillStart = performance.now();
  const batch = 2000;
  for (let offset = 0; offset < queueSize; offset += batch) {
    const rows = Array.from({ length: Math.min(batch, queueSize - offset) }, (_, i) => {
      const n = offset + i;
      const id = crypto.randomUUID();
      return {
        id,
        trackingCode: `B${String(n).padStart(11, '0')}`.replace(/(.{4})(.{4})(.{4})/, '$1-$2-$3'),
        source: pick(['public', 'public', 'public', 'monitor', 'import'] as const),
        trustLevel: Math.floor(random() * 4),
        category: pick(CATEGORIES) as 'other',
        title: `Queue report ${n}: ${sentence(4)}`,
        description: `${sentence(40)} ${n % 1000 === 0 ? 'flooding postponement robocall' : ''}`,
        jurisdictionId: random() < 0.8 ? pick(places) : null,
        links: JSON.stringify([]),
        language: 'en',
        status: pick(['new', 'new', 'in-review', 'archived', 'duplicate', 'closed'] as const),
        disarmTechniqueIds: JSON.stringify([]),
        verificationStatus: 'unverified' as const,
        groupKey: n % 10 === 0 ? 'shared-group' : id,
        receivedAt: new Date(Date.now() - Math.floor(random() * 60 * 86_400_000)),
        updatedAt: new Date(),
      };
    });
    await database.db.insertInto('respondReports').values(rows).execute();
  }
  await sql`analyze respond_reports`.execute(database.db);
  const fillSeconds = (performance.now() - fillStart) / 1000;
  console.log(`queue: ${queueSize} reports inserted in ${fillSeconds.toFixed(1)} s`);

  // A pooled connection left idle through the bulk insert may have been closed by the server
  // (keep-alive 65 s): one retry on a reset connection, outside the timing.
  const send = (path: string) => fetch(`${server.url}${path}`, { headers }).catch(() => fetch(`${server.url}${path}`, { headers }));
  await send('/api/v1/reports?limit=1');
  const get = async (path: string) => {
    const started = performance.now();
    const response = await send(path);
    const page = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    return { ms: performance.now() - started, page };
  };
  // A cursor 20 pages deep.
  let cursor: string | null = null;
  for (let i = 0; i < 20; i += 1) cursor = (await get(`/api/v1/reports?limit=50${cursor ? `&cursor=${cursor}` : ''}`)).page.nextCursor;
  const queries: Record<string, string> = {
    'first page (50)': '/api/v1/reports?limit=50',
    'status=new': '/api/v1/reports?limit=50&status=new',
    'category=disinformation': '/api/v1/reports?limit=50&category=disinformation',
    jurisdiction: `/api/v1/reports?limit=50&jurisdictionId=${places[0]}`,
    'source=monitor&minTrust=3': '/api/v1/reports?limit=50&source=monitor&minTrust=3',
    'full-text q=robocall': '/api/v1/reports?limit=50&q=robocall',
    'group of 10,000': '/api/v1/reports?limit=50&groupKey=shared-group',
    'page 21 by cursor': `/api/v1/reports?limit=50&cursor=${cursor ?? ''}`,
    'status=new&category&jurisdiction': `/api/v1/reports?limit=50&status=new&category=cyber-attack&jurisdictionId=${places[1]}`,
  };
  const queue: Record<string, { p50Ms: number; p99Ms: number; items: number }> = {};
  for (const [label, path] of Object.entries(queries)) {
    const times: number[] = [];
    let items = 0;
    for (let i = 0; i < 20; i += 1) {
      const { ms, page } = await get(path);
      times.push(ms);
      items = page.items.length;
    }
    queue[label] = { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), items };
    console.log(`queue ${label}: p50 ${queue[label].p50Ms.toFixed(1)} ms, p99 ${queue[label].p99Ms.toFixed(1)} ms (${items} items)`);
  }
  results['queue'] = { fillSeconds, queries: queue };

  // Intake stays fast with the full queue in the database.
  const after: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/v1/public/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `172.16.${i >> 8}.${i & 255}` },
      body: JSON.stringify({ category: 'other', title: `Late report ${i}`, description: `${sentence(30)} late ${i}`, language: 'en' }),
    });
    await response.arrayBuffer();
    after.push(performance.now() - started);
  }
  results['intakeWithFullQueue'] = { p50Ms: percentile(after, 50), p99Ms: percentile(after, 99) };
  console.log(`intake with ${queueSize} queued (sequential): p50 ${percentile(after, 50).toFixed(1)} ms, p99 ${percentile(after, 99).toFixed(1)} ms`);
} finally {
  await server.close();
  await database.close();
  rmSync(filesDir, { recursive: true, force: true });
}
const outDir = join(here, '..', 'out', 'respond');
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `respond-${engine}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`results: ${file}`);
