import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDatabase, queryRows, sqlString, type Row } from './database';
import type { DetectionSummary } from './detect-coordination';

/**
 * Reading a finished run back from its output directory, for the server, the UI and the CLI:
 * the files are the interface, read through DuckDB (CSV and Parquet alike), so a run can be
 * browsed long after the process that made it has gone.
 */

/** One row of `edges.csv`. */
export interface EdgeRecord {
  readonly accountA: string;
  readonly accountB: string;
  /** Behaviours whose edge is significant. */
  readonly behaviours: readonly string[];
  readonly weight: number;
  /** −log10 of the adjusted p-value. */
  readonly significance: number;
  readonly pValue: number;
  readonly qValue: number;
  readonly coordinated: boolean;
  /** Co-shares per behaviour, e.g. `co-link:8;co-repost:2`. */
  readonly sharedByMethod: string;
}

/** One co-share behind an edge. */
export interface EvidenceRecord {
  readonly behaviour: string;
  readonly accountA: string;
  readonly accountB: string;
  /** The shared object: repost or reply target, canonical URL, hashtag, normalised text, cluster or second. */
  readonly object: string;
  readonly postA: string;
  readonly postB: string;
  readonly timeA: string;
  readonly timeB: string;
  /** timeB − timeA in seconds. */
  readonly deltaSeconds: number;
  readonly lineA: number;
  readonly lineB: number;
  readonly textA: string | null;
  readonly textB: string | null;
  readonly coordinated: boolean;
}

/** A community and its accounts. */
export interface CommunityRecord {
  readonly community: number;
  readonly accounts: readonly string[];
}

/**
 * One DuckDB instance for every read of this process, opened at the first read: opening an
 * instance costs 35–110 ms here, more than a browse page itself. Each read gets its own
 * connection (reads run at once, one per request) and closes it.
 */
let readInstance: Promise<DuckDBInstance> | null = null;

async function withDatabase<T>(work: (query: (sql: string) => Promise<Row[]>) => Promise<T>): Promise<T> {
  readInstance ??= DuckDBInstance.create(':memory:', { memory_limit: '1GB', threads: '2', preserve_insertion_order: 'true' }).catch((error: unknown) => {
    readInstance = null;
    throw error;
  });
  const connection = await (await readInstance).connect();
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    return await work((sql) => queryRows(connection, sql));
  } finally {
    connection.closeSync();
  }
}

function page(limit: number | undefined, offset: number | undefined): string {
  const safeLimit = Math.max(0, Math.floor(limit ?? 1000));
  const safeOffset = Math.max(0, Math.floor(offset ?? 0));
  return `LIMIT ${safeLimit} OFFSET ${safeOffset}`;
}

/** The summary a run wrote (`summary.json`). */
export function readSummary(outDir: string): DetectionSummary {
  return JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as DetectionSummary;
}

/** Edges of a run, strongest first; optionally those of one account or only coordinated ones. */
export async function readEdges(input: {
  readonly outDir: string;
  readonly account?: string;
  readonly coordinatedOnly?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}): Promise<EdgeRecord[]> {
  const filters = ['true'];
  if (input.account !== undefined) filters.push(`(account_a = ${sqlString(input.account)} OR account_b = ${sqlString(input.account)})`);
  if (input.coordinatedOnly === true) filters.push('coordinated');
  const rows = await withDatabase((query) =>
    query(
      `SELECT * FROM read_csv(${sqlString(join(input.outDir, 'edges.csv'))}, header = true, all_varchar = true)
       WHERE ${filters.join(' AND ')} ${page(input.limit, input.offset)}`,
    ),
  );
  return rows.map((row) => ({
    accountA: String(row['account_a']),
    accountB: String(row['account_b']),
    behaviours: String(row['behaviours'] ?? '').split(';').filter((behaviour) => behaviour !== ''),
    weight: Number(row['weight']),
    significance: Number(row['significance']),
    pValue: Number(row['p_value']),
    qValue: Number(row['q_value']),
    coordinated: row['coordinated'] === 'true',
    sharedByMethod: String(row['shared_by_method'] ?? ''),
  }));
}

/** The evidence of the edge between two accounts (either order), optionally of one behaviour. */
export async function readEvidence(input: {
  readonly outDir: string;
  readonly accountA: string;
  readonly accountB: string;
  readonly behaviour?: string;
  readonly limit?: number;
  readonly offset?: number;
}): Promise<EvidenceRecord[]> {
  const parquet = join(input.outDir, 'evidence.parquet');
  const source = existsSync(parquet)
    ? `read_parquet(${sqlString(parquet)})`
    : `read_csv(${sqlString(join(input.outDir, 'evidence.csv'))}, header = true)`;
  const [a, b] = [input.accountA, input.accountB].sort();
  const filters = [`account_a = ${sqlString(a ?? '')}`, `account_b = ${sqlString(b ?? '')}`];
  if (input.behaviour !== undefined) filters.push(`behaviour = ${sqlString(input.behaviour)}`);
  const rows = await withDatabase((query) =>
    query(`SELECT * FROM ${source} WHERE ${filters.join(' AND ')} ORDER BY behaviour, time_a, line_a ${page(input.limit, input.offset)}`),
  );
  return rows.map((row) => ({
    behaviour: String(row['behaviour']),
    accountA: String(row['account_a']),
    accountB: String(row['account_b']),
    object: String(row['object']),
    postA: String(row['post_a']),
    postB: String(row['post_b']),
    timeA: String(row['time_a']),
    timeB: String(row['time_b']),
    deltaSeconds: Number(row['delta_seconds']),
    lineA: Number(row['line_a']),
    lineB: Number(row['line_b']),
    textA: row['text_a'] === null || row['text_a'] === undefined ? null : String(row['text_a']),
    textB: row['text_b'] === null || row['text_b'] === undefined ? null : String(row['text_b']),
    coordinated: row['coordinated'] === true || row['coordinated'] === 'true',
  }));
}

/** The communities of a run (`communities.csv`), in order. */
export async function readCommunities(input: { readonly outDir: string }): Promise<CommunityRecord[]> {
  const rows = await withDatabase((query) =>
    query(
      `SELECT CAST(community AS INTEGER) AS community, list(account_id ORDER BY account_id) AS accounts
       FROM read_csv(${sqlString(join(input.outDir, 'communities.csv'))}, header = true, all_varchar = true)
       GROUP BY 1 ORDER BY 1`,
    ),
  );
  return rows.map((row) => ({ community: Number(row['community']), accounts: (row['accounts'] as readonly string[]).map(String) }));
}

// ---- browsing at millions of edges ------------------------------------------------------------

/**
 * Where the browse copies of a run's outputs live: `browse/community-edges.parquet` (the
 * coordinated edges inside each community) and `browse/accounts.parquet` (the accounts of each
 * community), each sorted by community and then by the order a page shows them in, with that
 * position as `rank`. A page is then `community = c AND rank > cursor ORDER BY rank LIMIT n`,
 * which DuckDB answers from the few row groups whose statistics admit `c` (row-group pruning)
 * instead of re-reading and re-sorting the CSV. The evidence is already Parquet sorted by
 * account pair (`evidence.parquet`). Runs without these files (older ones) are read from CSV.
 */
export const BROWSE_DIRECTORY = 'browse';

/** Rows per Parquet row group of the browse files: small enough that a page reads little. */
const BROWSE_ROW_GROUP = 16_384;

const csvSource = (outDir: string, name: string): string => `read_csv(${sqlString(join(outDir, name))}, header = true, all_varchar = true)`;

/** The SQL of a community's coordinated edges with their rank, from the CSV outputs. */
function communityEdgesSql(outDir: string): string {
  return `WITH members AS (SELECT CAST(community AS INTEGER) AS community, account_id FROM ${csvSource(outDir, 'communities.csv')}),
     inner_edges AS (
       SELECT ma.community, e.account_a, e.account_b, e.behaviours, CAST(e.weight AS DOUBLE) AS weight,
         CAST(e.significance AS DOUBLE) AS significance, CAST(e.p_value AS DOUBLE) AS p_value, CAST(e.q_value AS DOUBLE) AS q_value,
         e.shared_by_method
       FROM ${csvSource(outDir, 'edges.csv')} e
       JOIN members ma ON ma.account_id = e.account_a JOIN members mb ON mb.account_id = e.account_b
       WHERE e.coordinated = 'true' AND ma.community = mb.community)
     SELECT community, row_number() OVER (PARTITION BY community ORDER BY significance DESC, weight DESC, account_a, account_b) AS rank,
       account_a, account_b, behaviours, weight, significance, p_value, q_value, shared_by_method
     FROM inner_edges`;
}

/** The SQL of the accounts of communities with their rank, from `accounts.csv`. */
function communityAccountsSql(outDir: string): string {
  return `WITH accounts AS (
       SELECT CAST(community AS INTEGER) AS community, account_id, CAST(posts AS BIGINT) AS posts, CAST(score AS DOUBLE) AS score,
         CAST(degree AS BIGINT) AS degree, CAST(strength AS DOUBLE) AS strength, behaviours, creation_burst
       FROM ${csvSource(outDir, 'accounts.csv')} WHERE community IS NOT NULL AND community <> '')
     SELECT community, row_number() OVER (PARTITION BY community ORDER BY score DESC, degree DESC, account_id) AS rank,
       account_id, posts, score, degree, strength, behaviours, creation_burst
     FROM accounts`;
}

/**
 * Writes the browse copies of a finished run (see BROWSE_DIRECTORY): into a scratch directory
 * first, renamed into place at the end, so a reader never sees half a file.
 */
export async function writeBrowseFiles(input: { readonly outDir: string; readonly memoryLimit?: string; readonly threads?: number }): Promise<void> {
  const target = join(input.outDir, BROWSE_DIRECTORY);
  const scratch = join(input.outDir, `${BROWSE_DIRECTORY}.partial`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const database = await openDatabase({ memoryLimit: input.memoryLimit ?? '2GB', ...(input.threads === undefined ? {} : { threads: input.threads }) });
  try {
    const { connection } = database;
    const options = `FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${BROWSE_ROW_GROUP}`;
    await connection.run(`COPY (${communityEdgesSql(input.outDir)} ORDER BY community, rank) TO ${sqlString(join(scratch, 'community-edges.parquet'))} (${options})`);
    await connection.run(`COPY (${communityAccountsSql(input.outDir)} ORDER BY community, rank) TO ${sqlString(join(scratch, 'accounts.parquet'))} (${options})`);
  } finally {
    database.close();
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(scratch, target);
}

/** Whether a run has its browse copies. */
export function hasBrowseFiles(outDir: string): boolean {
  return existsSync(join(outDir, BROWSE_DIRECTORY, 'community-edges.parquet')) && existsSync(join(outDir, BROWSE_DIRECTORY, 'accounts.parquet'));
}

/** One page of a list; `nextCursor` is the rank of the page's last row (null at the end). */
export interface ResultPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** A cursor: the rank of the last row already seen (0 or absent: from the start). */
function cursorRank(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const rank = Number(cursor);
  return Number.isSafeInteger(rank) && rank > 0 ? rank : 0;
}

async function rankedPage<T>(input: {
  readonly outDir: string;
  readonly file: string;
  readonly fallbackSql: (outDir: string) => string;
  readonly community: number;
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly map: (row: Row) => T;
}): Promise<ResultPage<T>> {
  if (!Number.isSafeInteger(input.community)) throw new RangeError('community must be an integer');
  const limit = Math.max(1, Math.floor(input.limit));
  const after = cursorRank(input.cursor);
  const parquet = join(input.outDir, BROWSE_DIRECTORY, input.file);
  const source = existsSync(parquet) ? `read_parquet(${sqlString(parquet)})` : `(${input.fallbackSql(input.outDir)})`;
  const rows = await withDatabase((query) =>
    query(`SELECT * FROM ${source} WHERE community = ${input.community} AND rank > ${after} ORDER BY rank LIMIT ${limit + 1}`),
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(input.map), nextCursor: rows.length > limit && last ? String(Number(last['rank'])) : null };
}

const splitList = (value: Row[string] | undefined): string[] =>
  String(value ?? '')
    .split(';')
    .filter((item) => item !== '');

/** One coordinated edge inside a community. */
export interface CommunityEdgeRecord {
  readonly accountA: string;
  readonly accountB: string;
  readonly behaviours: readonly string[];
  readonly weight: number;
  readonly significance: number;
  readonly pValue: number;
  readonly qValue: number;
  readonly sharedByMethod: string;
}

/** One page of the coordinated edges between accounts of one community, most significant first. */
export async function readCommunityEdges(input: {
  readonly outDir: string;
  readonly community: number;
  readonly limit: number;
  readonly cursor?: string | undefined;
}): Promise<ResultPage<CommunityEdgeRecord>> {
  return rankedPage({
    ...input,
    file: 'community-edges.parquet',
    fallbackSql: communityEdgesSql,
    map: (row) => ({
      accountA: String(row['account_a']),
      accountB: String(row['account_b']),
      behaviours: splitList(row['behaviours']),
      weight: Number(row['weight']),
      significance: Number(row['significance']),
      pValue: Number(row['p_value']),
      qValue: Number(row['q_value']),
      sharedByMethod: String(row['shared_by_method'] ?? ''),
    }),
  });
}

/** One account of a community. */
export interface CommunityAccountRecord {
  readonly accountId: string;
  readonly posts: number;
  readonly score: number;
  readonly degree: number;
  readonly strength: number;
  readonly behaviours: readonly string[];
  readonly creationBurst: string | null;
}

/** One page of the accounts of one community, most coordinated first. */
export async function readCommunityAccounts(input: {
  readonly outDir: string;
  readonly community: number;
  readonly limit: number;
  readonly cursor?: string | undefined;
}): Promise<ResultPage<CommunityAccountRecord>> {
  return rankedPage({
    ...input,
    file: 'accounts.parquet',
    fallbackSql: communityAccountsSql,
    map: (row) => ({
      accountId: String(row['account_id']),
      posts: Number(row['posts']),
      score: Number(row['score']),
      degree: Number(row['degree']),
      strength: Number(row['strength']),
      behaviours: splitList(row['behaviours']),
      creationBurst: row['creation_burst'] === null || row['creation_burst'] === undefined || row['creation_burst'] === '' ? null : String(row['creation_burst']),
    }),
  });
}
