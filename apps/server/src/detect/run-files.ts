/**
 * A finished run read back from its output files under `filesDir/detect/runs/<id>/` with
 * DuckDB (CSV and Parquet alike): a community's accounts and edges, an edge's evidence, the
 * communities' sizes and behaviours stored in the database when the run ends, and downloads.
 */
import type { DetectCommunityRecord } from '@vigil/db';
import type { CommunityAccountRecord, CommunityEdgeRecord, EvidenceRecord, ResultPage, Row } from '@vigil/coordination';
import { openDatabase, queryRows, readCommunityAccounts, readCommunityEdges, readEvidence, sqlString } from '@vigil/coordination';
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

/** One account of a community. */
export type CommunityAccount = CommunityAccountRecord;

/**
 * A page of the accounts of one community, most coordinated first: from the run's sorted
 * Parquet copy (`browse/accounts.parquet`), or from `accounts.csv` for runs made before it.
 */
export async function communityAccounts(input: { readonly dir: string; readonly community: number; readonly limit: number; readonly cursor?: string | undefined }): Promise<ResultPage<CommunityAccount>> {
  return readCommunityAccounts({ outDir: input.dir, community: input.community, limit: input.limit, cursor: input.cursor });
}

/** One coordinated edge inside a community. */
export type CommunityEdge = CommunityEdgeRecord;

/**
 * A page of the coordinated edges between accounts of one community, most significant first:
 * from `browse/community-edges.parquet`, or from the CSV outputs for runs made before it.
 */
export async function communityEdges(input: { readonly dir: string; readonly community: number; readonly limit: number; readonly cursor?: string | undefined }): Promise<ResultPage<CommunityEdge>> {
  return readCommunityEdges({ outDir: input.dir, community: input.community, limit: input.limit, cursor: input.cursor });
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
