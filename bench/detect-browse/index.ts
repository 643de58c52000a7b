/**
 * Browsing a detection run at millions of edges: builds a run's output files synthetically
 * (COMMUNITIES communities of SIZE accounts whose every pair is a coordinated edge — about
 * 2 million edges by default — plus 10 % more non-coordinated edges, EVIDENCE rows per edge in
 * `evidence.parquet` sorted by account pair as the pipeline writes it), then measures a
 * community page of edges and of accounts (first page and a deep keyset page) and an evidence
 * lookup, first straight from the CSV outputs (how runs made before the browse files are
 * read), then from the sorted Parquet copies `writeBrowseFiles` makes when a run ends.
 *
 *   npm run bench -- detect-browse [--communities 400] [--size 100] [--evidence 3] [--repeat 5]
 */
import { BROWSE_DIRECTORY, openDatabase, readCommunityAccounts, readCommunityEdges, readEvidence, writeBrowseFiles } from '@vigil/coordination';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { measure, percentile } from '../measure';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const communities = option('communities', 400);
const size = option('size', 100);
const evidencePerEdge = option('evidence', 3);
const repeat = option('repeat', 5);
const accounts = communities * size;
const account = (expression: string): string => `'a' || lpad(CAST(${expression} AS VARCHAR), 8, '0')`;

async function build(dir: string): Promise<{ edges: number; coordinated: number; evidence: number }> {
  const database = await openDatabase({ memoryLimit: '2GB', threads: 2, tempDirectory: join(dir, 'tmp') });
  try {
    const { connection } = database;
    // Accounts 0..N-1; community c holds accounts c*SIZE .. c*SIZE+SIZE-1.
    await connection.run(`CREATE TABLE members AS SELECT i // ${size} AS community, i AS id FROM range(${accounts}) t(i)`);
    await connection.run(`COPY (SELECT community, ${account('id')} AS account_id FROM members ORDER BY community, id) TO '${join(dir, 'communities.csv')}' (FORMAT csv, HEADER true)`);
    await connection.run(`COPY (SELECT ${account('id')} AS account_id, 10 + id % 50 AS posts, community, true AS coordinated,
        round(0.5 + (hash(id) % 500) / 1000.0, 3) AS score, ${size - 1} AS degree, round(${size - 1} * 0.9, 3) AS strength,
        'co-repost;co-link' AS behaviours, '' AS creation_burst, '' AS created
      FROM members ORDER BY id) TO '${join(dir, 'accounts.csv')}' (FORMAT csv, HEADER true)`);
    // Every pair inside a community is coordinated; 10 % more pairs across communities are not.
    await connection.run(`CREATE TABLE pairs AS
      SELECT a.id AS a, b.id AS b, true AS coordinated FROM members a JOIN members b ON a.community = b.community AND a.id < b.id
      UNION ALL
      SELECT i AS a, (i * 7919 + 13) % ${accounts} AS b, false FROM range(${Math.floor((accounts * (size - 1)) / 20)}) t(i)
      WHERE i % ${accounts} <> (i * 7919 + 13) % ${accounts}`);
    await connection.run(`COPY (SELECT ${account('least(a, b)')} AS account_a, ${account('greatest(a, b)')} AS account_b,
        CASE WHEN coordinated THEN 'co-repost;co-link' ELSE '' END AS behaviours, round((hash(a * 31 + b) % 1000) / 1000.0, 4) AS weight,
        CASE WHEN coordinated THEN round(2 + (hash(a + b * 17) % 9000) / 1000.0, 3) ELSE 0 END AS significance,
        1e-5 AS p_value, 1e-4 AS q_value, coordinated, 'co-repost:3;co-link:2' AS shared_by_method
      FROM pairs) TO '${join(dir, 'edges.csv')}' (FORMAT csv, HEADER true)`);
    await connection.run(`COPY (
        SELECT CASE WHEN k % 2 = 0 THEN 'co-repost' ELSE 'co-link' END AS behaviour, ${account('least(a, b)')} AS account_a, ${account('greatest(a, b)')} AS account_b,
          'object-' || CAST((a + b + k) % 100000 AS VARCHAR) AS object, 'p' || CAST(a * 10 + k AS VARCHAR) AS post_a, 'p' || CAST(b * 10 + k AS VARCHAR) AS post_b,
          '2024-05-01T10:00:00Z' AS time_a, '2024-05-01T10:00:07Z' AS time_b, 7 AS delta_seconds, a * 10 + k AS line_a, b * 10 + k AS line_b,
          NULL::VARCHAR AS text_a, NULL::VARCHAR AS text_b, coordinated
        FROM pairs, range(${evidencePerEdge}) r(k)
        ORDER BY account_a, account_b, behaviour, time_a, line_a, line_b
      ) TO '${join(dir, 'evidence.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
    const count = async (sql: string): Promise<number> => Number((await connection.runAndReadAll(sql)).getRows()[0]?.[0] ?? 0);
    const edges = await count('SELECT count(*) FROM pairs');
    const coordinated = await count('SELECT count(*) FROM pairs WHERE coordinated');
    return { edges, coordinated, evidence: edges * evidencePerEdge };
  } finally {
    database.close();
    rmSync(join(dir, 'tmp'), { recursive: true, force: true });
  }
}

async function latency(label: string, work: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  console.log(`${label}: median ${percentile(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (${repeat} runs)`);
}

const mb = (path: string): string => `${(statSync(path).size / 2 ** 20).toFixed(1)} MB`;

const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-browse-'));
try {
  const { result: built } = await measure('build synthetic run', () => build(dir));
  console.log(
    `run: ${accounts.toLocaleString('en')} accounts in ${communities} communities of ${size}; ${built.edges.toLocaleString('en')} edges (${built.coordinated.toLocaleString('en')} coordinated); ${built.evidence.toLocaleString('en')} evidence rows`,
  );
  console.log(`files: edges.csv ${mb(join(dir, 'edges.csv'))}, accounts.csv ${mb(join(dir, 'accounts.csv'))}, evidence.parquet ${mb(join(dir, 'evidence.parquet'))}`);
  // A community in the middle, an edge of it (accounts' ids sort as numbers).
  const community = Math.floor(communities / 2);
  const first = community * size;
  const pair = { accountA: `a${String(first).padStart(8, '0')}`, accountB: `a${String(first + 1).padStart(8, '0')}` };
  const deep = String(Math.max(1, (size * (size - 1)) / 2 - 100));
  const pages = async (source: string): Promise<void> => {
    await latency(`${source}: community edges, first page of 100`, () => readCommunityEdges({ outDir: dir, community, limit: 100 }));
    await latency(`${source}: community edges, page of 100 after rank ${deep}`, () => readCommunityEdges({ outDir: dir, community, limit: 100, cursor: deep }));
    await latency(`${source}: community accounts, first page of 100`, () => readCommunityAccounts({ outDir: dir, community, limit: 100 }));
  };
  await pages('CSV');
  await latency('evidence of one edge (evidence.parquet sorted by pair)', async () => {
    const rows = await readEvidence({ outDir: dir, ...pair, limit: 100 });
    if (rows.length !== evidencePerEdge) throw new Error(`expected ${evidencePerEdge} evidence rows, got ${rows.length}`);
  });
  await measure('writeBrowseFiles (sorted Parquet copies)', () => writeBrowseFiles({ outDir: dir }));
  const browse = join(dir, BROWSE_DIRECTORY);
  console.log(`browse files: ${readdirSync(browse).map((name) => `${name} ${mb(join(browse, name))}`).join(', ')}`);
  await pages('Parquet');
  const check = await readCommunityEdges({ outDir: dir, community, limit: 5 });
  if (check.items.length !== 5) throw new Error('the Parquet page is short');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
