import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

async function withDatabase<T>(work: (query: (sql: string) => Promise<Row[]>) => Promise<T>): Promise<T> {
  const database = await openDatabase();
  try {
    return await work((sql) => queryRows(database.connection, sql));
  } finally {
    database.close();
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
