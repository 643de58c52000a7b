/**
 * A finished run read back from its output files under `filesDir/detect/runs/<id>/` with
 * DuckDB (CSV and Parquet alike): a community's accounts and edges, an edge's evidence, the
 * communities' sizes and behaviours stored in the database when the run ends, and downloads.
 */
import type { DetectCommunityRecord } from '@vigil/db';
import type { EvidenceRecord } from '@vigil/coordination';
import type { Row } from '@vigil/coordination';
import { openDatabase, queryRows, readEvidence, sqlString } from '@vigil/coordination';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

/** The output directory of a run. */
export function runDirectory(filesDir: string, runId: string): string {
  return join(filesDir, 'detect', 'runs', runId);
}

async function query<T>(sql: string, map: (row: Row) => T): Promise<T[]> {
  const database = await openDatabase({ memoryLimit: '512MB', threads: 2 });
  try {
    return (await queryRows(database.connection, sql)).map(map);
  } finally {
    database.close();
  }
}

const csv = (dir: string, name: string): string => `read_csv(${sqlString(join(dir, name))}, header = true, all_varchar = true)`;

/** Communities with their sizes, inner coordinated edges and behaviours, from a run's files. */
export async function summariseCommunities(dir: string): Promise<DetectCommunityRecord[]> {
  return query(
    `WITH members AS (SELECT CAST(community AS INTEGER) AS community, account_id FROM ${csv(dir, 'communities.csv')}),
     inner_edges AS (
       SELECT ma.community, e.behaviours FROM ${csv(dir, 'edges.csv')} e
       JOIN members ma ON ma.account_id = e.account_a JOIN members mb ON mb.account_id = e.account_b
       WHERE e.coordinated = 'true' AND ma.community = mb.community),
     edge_stats AS (
       SELECT community, count(*) AS edges,
         list_sort(list_distinct(flatten(list(string_split(behaviours, ';'))))) AS behaviours
       FROM inner_edges GROUP BY community)
     SELECT m.community, count(*) AS size, list(m.account_id ORDER BY m.account_id)[1:8] AS preview,
       coalesce(any_value(s.edges), 0) AS edges, coalesce(any_value(s.behaviours), []) AS behaviours
     FROM members m LEFT JOIN edge_stats s USING (community)
     GROUP BY m.community ORDER BY m.community`,
    (row) => ({
      community: Number(row['community']),
      size: Number(row['size']),
      edges: Number(row['edges']),
      behaviours: (row['behaviours'] as readonly string[]).map(String).filter((behaviour) => behaviour !== ''),
      accountsPreview: (row['preview'] as readonly string[]).map(String),
    }),
  );
}

/** One account of a community, from `accounts.csv`. */
export interface CommunityAccount {
  readonly accountId: string;
  readonly posts: number;
  readonly score: number;
  readonly degree: number;
  readonly strength: number;
  readonly behaviours: readonly string[];
  readonly creationBurst: string | null;
}

/** The accounts of one community, most coordinated first. */
export async function communityAccounts(dir: string, community: number): Promise<CommunityAccount[]> {
  return query(
    `SELECT account_id, posts, score, degree, strength, behaviours, creation_burst FROM ${csv(dir, 'accounts.csv')}
     WHERE community = ${sqlString(String(community))}
     ORDER BY CAST(score AS DOUBLE) DESC, CAST(degree AS INTEGER) DESC, account_id`,
    (row) => ({
      accountId: String(row['account_id']),
      posts: Number(row['posts']),
      score: Number(row['score']),
      degree: Number(row['degree']),
      strength: Number(row['strength']),
      behaviours: String(row['behaviours'] ?? '').split(';').filter((behaviour) => behaviour !== ''),
      creationBurst: row['creation_burst'] === null || row['creation_burst'] === undefined ? null : String(row['creation_burst']),
    }),
  );
}

/** One coordinated edge inside a community. */
export interface CommunityEdge {
  readonly accountA: string;
  readonly accountB: string;
  readonly behaviours: readonly string[];
  readonly weight: number;
  readonly significance: number;
  readonly pValue: number;
  readonly qValue: number;
  readonly sharedByMethod: string;
}

/** Coordinated edges between accounts of one community, most significant first. */
export async function communityEdges(input: { readonly dir: string; readonly community: number; readonly limit: number; readonly offset: number }): Promise<CommunityEdge[]> {
  const { dir, community } = input;
  return query(
    `WITH members AS (SELECT account_id FROM ${csv(dir, 'communities.csv')} WHERE community = ${sqlString(String(community))})
     SELECT e.* FROM ${csv(dir, 'edges.csv')} e
     WHERE e.coordinated = 'true' AND e.account_a IN (SELECT account_id FROM members) AND e.account_b IN (SELECT account_id FROM members)
     ORDER BY CAST(e.significance AS DOUBLE) DESC, CAST(e.weight AS DOUBLE) DESC, e.account_a, e.account_b
     LIMIT ${Math.max(0, Math.floor(input.limit))} OFFSET ${Math.max(0, Math.floor(input.offset))}`,
    (row) => ({
      accountA: String(row['account_a']),
      accountB: String(row['account_b']),
      behaviours: String(row['behaviours'] ?? '').split(';').filter((behaviour) => behaviour !== ''),
      weight: Number(row['weight']),
      significance: Number(row['significance']),
      pValue: Number(row['p_value']),
      qValue: Number(row['q_value']),
      sharedByMethod: String(row['shared_by_method'] ?? ''),
    }),
  );
}

/** The evidence of the edge between two accounts. */
export async function edgeEvidence(input: {
  readonly dir: string;
  readonly accountA: string;
  readonly accountB: string;
  readonly behaviour?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}): Promise<EvidenceRecord[]> {
  return readEvidence({
    outDir: input.dir,
    accountA: input.accountA,
    accountB: input.accountB,
    ...(input.behaviour === undefined ? {} : { behaviour: input.behaviour }),
    limit: input.limit,
    offset: input.offset,
  });
}

/** Content types of the output files: never sniffed (`nosniff`), never rendered inline. */
export const OUTPUT_CONTENT_TYPES: Readonly<Record<string, string>> = {
  'communities.csv': 'text/csv; charset=utf-8',
  'accounts.csv': 'text/csv; charset=utf-8',
  'edges.csv': 'text/csv; charset=utf-8',
  'rejected.csv': 'text/csv; charset=utf-8',
  'evidence.parquet': 'application/vnd.apache.parquet',
  'network.gexf': 'application/gexf+xml',
  'campaigns.stix.json': 'application/json',
  'summary.json': 'application/json',
};

/** The output files a run wrote, by name. */
export function outputFiles(dir: string): string[] {
  return Object.keys(OUTPUT_CONTENT_TYPES).filter((name) => existsSync(join(dir, name)));
}

/** A streamed attachment of one output file, or undefined when it does not exist. */
export async function fileResponse(input: { readonly dir: string; readonly file: string; readonly downloadName: string }): Promise<Response | undefined> {
  const type = OUTPUT_CONTENT_TYPES[input.file];
  if (type === undefined) return undefined;
  const path = join(input.dir, input.file);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return undefined;
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': type,
      'content-length': String(info.size),
      'content-disposition': `attachment; filename="${input.downloadName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    },
  });
}
