import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { err, ok, throwIllegalValue, type Result } from '@vigil/basics';
import { canonicalizeUrl } from '@vigil/basics';
import { asNumber, forEachChunk } from './chunks';
import { findCommunities } from './communities';
import { findCreationBurstsAtScales, type ScaledCreationBurst } from './creation-bursts';
import { openDatabase, queryNumber, queryRows, sqlString } from './database';
import { renderGexf } from './gexf';
import { importPosts, type ColumnMapping, type FileType, type ImportError, type ImportSummary, type InputFormat } from './import-posts';
import { allMethods, defaultMethodSettings, isPairMethod, type Method, type MethodSettings, type PairMethod } from './methods';
import { createNearDuplicateIndex, defaultNearDuplicateOptions, nearDuplicateIndexBytes, type NearDuplicateOptions } from './near-duplicates';
import { buildPairs, estimateCoordinationWindow, tableStem, type PairingStats } from './pairing';
import type { ProgressListener } from './progress';
import { createEdgeMethodTable, scoreMethod } from './scoring';
import { buildStixBundle, type CampaignInput } from './stix-bundle';

/** Options of a detection run. Only `input`, `format` and `outDir` are required. */
export interface DetectCoordinationOptions {
  readonly input: string;
  readonly format: InputFormat;
  /** Directory for the output files (created if missing). */
  readonly outDir: string;
  /** Methods to run (default: every method the data supports). */
  readonly methods?: readonly Method[];
  /**
   * Seconds, for every object method (not synchronised activity or creation bursts); `'auto'`
   * estimates each method's window from the data (CooRnet-style).
   */
  readonly window?: number | 'auto';
  /** Per-method thresholds, overriding the defaults and `window`. */
  readonly settings?: Partial<Record<Method, Partial<MethodSettings>>>;
  readonly mapping?: Partial<ColumnMapping>;
  readonly fileType?: FileType;
  /** Timestamp resolution in seconds (default: detected; 60 for the IO archive). */
  readonly timeResolution?: number;
  /** False-discovery rate for edges (Benjamini–Hochberg), default 0.01. */
  readonly alpha?: number;
  /** Viral guard: in-window successors paired with each share (default 50). */
  readonly maxPairsPerShare?: number;
  readonly nearDuplicate?: Partial<NearDuplicateOptions>;
  /** Texts with fewer words are ignored by the text methods (default 4). */
  readonly minTextWords?: number;
  /** Seed of Louvain's random choices (default 1). */
  readonly seed?: number;
  readonly evidenceFormat?: 'parquet' | 'csv';
  /**
   * DuckDB's memory limit, e.g. '4GB' (default 4GB): beyond it DuckDB spills intermediate results
   * and tables to a temporary directory. While the near-duplicate index is in JavaScript, DuckDB's
   * limit is lowered by the index's size, so the process stays near this figure plus ~0.5 GB.
   */
  readonly memoryLimit?: string;
  /** Where DuckDB spills (a fresh subdirectory, removed after the run; default the OS temporary directory). */
  readonly tempDirectory?: string;
  readonly threads?: number;
  readonly onProgress?: ProgressListener;
  /** The time stamped on the STIX objects (inject a fixed clock for reproducible bundles). */
  readonly clock?: () => Date;
}

/** What one method did. */
export interface MethodSummary {
  readonly method: Method;
  readonly status: 'ran' | 'no-data';
  readonly window?: number;
  readonly effectiveWindow?: number;
  /** CooRnet-style estimate of the coordination window from this data, in seconds. */
  readonly estimatedWindow?: number;
  readonly minShared?: number;
  readonly shares?: number;
  readonly objects?: number;
  readonly guardedShares?: number;
  readonly guardedObjects?: number;
  readonly testedPairs?: number;
  readonly candidateEdges?: number;
  readonly coordinatedEdges?: number;
  /** Accounts flagged (creation bursts) or on a coordinated edge of this method. */
  readonly accounts?: number;
  readonly bursts?: readonly {
    readonly start: string;
    readonly accounts: number;
    readonly expected: number;
    readonly pValue: number;
    /** Width of the burst's bin: the method's window, or one hour when creation times allow it. */
    readonly binSeconds?: number;
  }[];
}

/** The result of a detection run. */
export interface DetectionSummary {
  readonly input: string;
  readonly format: InputFormat;
  readonly import: ImportSummary;
  readonly methods: readonly MethodSummary[];
  readonly alpha: number;
  readonly seed: number;
  readonly maxPairsPerShare: number;
  readonly accounts: { readonly total: number; readonly coordinated: number; readonly inCreationBursts: number };
  readonly edges: { readonly candidates: number; readonly coordinated: number };
  readonly communities: { readonly count: number; readonly sizes: readonly number[] };
  /** Output file paths by name. */
  readonly outputs: Readonly<Record<string, string>>;
}

/** Expected failures of a detection run. */
export type DetectionError =
  | ImportError
  | { readonly type: 'no-applicable-method'; readonly requested: readonly Method[] }
  | { readonly type: 'invalid-option'; readonly option: string; readonly message: string }
  | { readonly type: 'output-not-writable'; readonly path: string; readonly message: string };

/** DuckDB's memory limit unless `memoryLimit` says otherwise. */
export const defaultMemoryLimit = '4GB';

const textNormaliser = `
CREATE OR REPLACE MACRO vigil_norm_text(t) AS trim(regexp_replace(lower(t),
  '^rt @[a-z0-9_]+:?|https?://[^\\s]+|www\\.[^\\s]+|@[a-z0-9_]+|[^\\p{L}\\p{N}#]+', ' ', 'g'));`;

/**
 * Runs coordinated-behaviour detection on one file: import, pairing per method, the null model,
 * communities, and the output files in `outDir` (see `docs/detect.md`). Returns a summary, or
 * an error for bad input or options.
 */
export async function detectCoordination(options: DetectCoordinationOptions): Promise<Result<DetectionSummary, DetectionError>> {
  const alpha = options.alpha ?? 0.01;
  const seed = options.seed ?? 1;
  const maxPairsPerShare = options.maxPairsPerShare ?? 50;
  const minTextWords = options.minTextWords ?? 4;
  if (!(alpha > 0 && alpha < 1)) return err({ type: 'invalid-option', option: 'alpha', message: 'must be in (0, 1)' });
  if (!Number.isInteger(maxPairsPerShare) || maxPairsPerShare < 1) {
    return err({ type: 'invalid-option', option: 'maxPairsPerShare', message: 'must be a positive integer' });
  }
  if (typeof options.window === 'number' && !(Number.isFinite(options.window) && options.window >= 0)) {
    return err({ type: 'invalid-option', option: 'window', message: 'must be a number of seconds ≥ 0' });
  }
  try {
    mkdirSync(options.outDir, { recursive: true });
  } catch (error) {
    return err({ type: 'output-not-writable', path: options.outDir, message: error instanceof Error ? error.message : String(error) });
  }
  const memoryLimit = options.memoryLimit ?? defaultMemoryLimit;
  if (parseMemorySize(memoryLimit) === undefined) {
    return err({ type: 'invalid-option', option: 'memoryLimit', message: 'must be a size such as 4GB, 512MB or 3.5GiB' });
  }
  // DuckDB spills what does not fit under its limit here (removed after the run).
  let scratch: string;
  try {
    if (options.tempDirectory !== undefined) mkdirSync(options.tempDirectory, { recursive: true });
    scratch = mkdtempSync(join(options.tempDirectory ?? tmpdir(), 'vigil-detect-'));
  } catch (error) {
    return err({ type: 'output-not-writable', path: options.tempDirectory ?? tmpdir(), message: error instanceof Error ? error.message : String(error) });
  }
  const database = await openDatabase({
    memoryLimit,
    tempDirectory: scratch,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  });
  try {
    return await run(database.connection, { ...options, alpha, seed, maxPairsPerShare, minTextWords });
  } finally {
    database.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface RunOptions extends DetectCoordinationOptions {
  readonly alpha: number;
  readonly seed: number;
  readonly maxPairsPerShare: number;
  readonly minTextWords: number;
}

async function run(connection: DuckDBConnection, options: RunOptions): Promise<Result<DetectionSummary, DetectionError>> {
  const progress = options.onProgress ?? (() => undefined);

  const imported = await importPosts({
    connection,
    input: options.input,
    format: options.format,
    ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
    ...(options.fileType === undefined ? {} : { fileType: options.fileType }),
    ...(options.timeResolution === undefined ? {} : { timeResolution: options.timeResolution }),
    onProgress: progress,
  });
  if (!imported.ok) return imported;
  const summary = imported.value;
  const resolution = summary.timeResolution;
  const accountCount = await queryNumber(connection, 'SELECT count(*) FROM accounts');

  const available: Record<Method, boolean> = {
    'co-repost': summary.reposts > 0,
    'co-link': summary.withUrls > 0,
    'co-reply': summary.replies > 0,
    'co-hashtag': summary.withHashtags > 0,
    'identical-text': summary.withText > 0,
    'near-duplicate-text': summary.withText > 0,
    'synchronised-activity': true,
    'creation-burst': summary.withAccountCreated > 0,
  };
  const requested = options.methods ?? allMethods;
  const runnable = requested.filter((method) => available[method]);
  if (runnable.length === 0) return err({ type: 'no-applicable-method', requested });

  const settingsOf = (method: Method): MethodSettings => {
    const base = defaultMethodSettings[method];
    const objectMethod = method !== 'synchronised-activity' && method !== 'creation-burst';
    const window = objectMethod && typeof options.window === 'number' ? options.window : base.window;
    return { ...base, window, ...options.settings?.[method] };
  };

  // Shares of every pairwise method.
  progress({ phase: 'prepare', fraction: 0, message: 'preparing shares' });
  await connection.run(textNormaliser);
  await createEdgeMethodTable(connection);
  const pairMethods = runnable.filter(isPairMethod);
  for (const [index, method] of pairMethods.entries()) {
    await buildShares({
      connection,
      method,
      minTextWords: options.minTextWords,
      nearDuplicate: options.nearDuplicate ?? {},
      memoryLimitBytes: parseMemorySize(options.memoryLimit ?? defaultMemoryLimit),
      report: (message) => progress({ phase: 'prepare', fraction: (index + 0.5) / pairMethods.length, message: `${method}: ${message}` }),
    });
    progress({ phase: 'prepare', fraction: (index + 1) / pairMethods.length, message: `shares of ${method}` });
  }

  // Pairing and scoring.
  const methodSummaries = new Map<Method, MethodSummary>();
  const pairings: PairingStats[] = [];
  for (const [index, method] of pairMethods.entries()) {
    progress({ phase: 'detect', fraction: index / pairMethods.length, message: method });
    progress({ phase: 'detect', fraction: (index + 0.1) / pairMethods.length, message: `${method}: window estimate` });
    const estimatedWindow = method === 'synchronised-activity' ? undefined : await estimateCoordinationWindow({ connection, method });
    const configured = settingsOf(method);
    const settings: MethodSettings =
      options.window === 'auto' && estimatedWindow !== undefined && options.settings?.[method]?.window === undefined
        ? { ...configured, window: estimatedWindow }
        : configured;
    const pairing = await buildPairs({ connection, method, window: settings.window, resolution, maxPairsPerShare: options.maxPairsPerShare });
    pairings.push(pairing);
    progress({ phase: 'detect', fraction: (index + 0.6) / pairMethods.length, message: `${method}: ${pairing.accountPairs} pairs, scoring` });
    const score = await scoreMethod({
      connection,
      method,
      settings,
      pairing,
      alpha: options.alpha,
      accountCount,
      ...(method === 'near-duplicate-text' ? { activityTable: 'post_texts' } : {}),
    });
    const accounts = await queryNumber(
      connection,
      `SELECT count(DISTINCT x) FROM (SELECT a AS x FROM edge_method WHERE method = ${sqlString(method)} AND significant UNION ALL SELECT b FROM edge_method WHERE method = ${sqlString(method)} AND significant)`,
    );
    methodSummaries.set(method, {
      method,
      status: 'ran',
      window: settings.window,
      effectiveWindow: pairing.effectiveWindow,
      ...(estimatedWindow === undefined ? {} : { estimatedWindow }),
      minShared: settings.minShared,
      shares: pairing.shares,
      objects: pairing.objects,
      guardedShares: pairing.guardedShares,
      guardedObjects: pairing.guardedObjects,
      testedPairs: score.testedPairs,
      candidateEdges: score.candidateEdges,
      coordinatedEdges: score.significantEdges,
      accounts,
    });
  }
  progress({ phase: 'detect', fraction: 1, message: 'pairs scored' });

  // Creation bursts (account level).
  let bursts: ScaledCreationBurst[] = [];
  if (runnable.includes('creation-burst')) {
    const settings = settingsOf('creation-burst');
    const created: { account: number; time: number }[] = [];
    await forEachChunk(connection, 'SELECT aid, created FROM accounts WHERE created IS NOT NULL', (columns, rows) => {
      for (let i = 0; i < rows; i += 1) created.push({ account: asNumber(columns[0]?.[i]), time: asNumber(columns[1]?.[i]) });
    });
    bursts = findCreationBurstsAtScales({ created, binSeconds: settings.window, minAccounts: settings.minShared, alpha: options.alpha });
    methodSummaries.set('creation-burst', {
      method: 'creation-burst',
      status: 'ran',
      window: settings.window,
      minShared: settings.minShared,
      accounts: new Set(bursts.flatMap((burst) => burst.accounts)).size,
      bursts: bursts.map((burst) => ({
        start: new Date(burst.start * 1000).toISOString(),
        accounts: burst.accounts.length,
        expected: burst.expected,
        pValue: burst.pValue,
        binSeconds: burst.binSeconds,
      })),
    });
  }
  await connection.run('CREATE OR REPLACE TABLE burst_accounts (aid INTEGER, burst_start BIGINT)');
  {
    const appender = await connection.createAppender('burst_accounts');
    for (const burst of bursts) {
      for (const account of burst.accounts) {
        appender.appendInteger(account);
        appender.appendBigInt(BigInt(burst.start));
        appender.endRow();
      }
    }
    appender.closeSync();
  }

  // The combined graph and its communities.
  progress({ phase: 'score', fraction: 0, message: 'combining behaviours' });
  await connection.run(`
    CREATE OR REPLACE TABLE edges AS
    SELECT a, b,
      coalesce(list(method ORDER BY method) FILTER (WHERE significant), []) AS behaviours,
      bool_or(significant) AS coordinated,
      CASE WHEN bool_or(significant) THEN sum(weight) FILTER (WHERE significant) ELSE sum(weight) END AS weight,
      min(p) AS p, min(q) AS q,
      string_agg(method || ':' || shared, ';' ORDER BY method) AS shared_by_method
    FROM edge_method GROUP BY a, b`);
  progress({ phase: 'communities', fraction: 0, message: 'Louvain' });
  const graphEdges: { a: number; b: number; weight: number }[] = [];
  await forEachChunk(connection, 'SELECT a, b, weight FROM edges WHERE coordinated ORDER BY a, b', (columns, rows) => {
    for (let i = 0; i < rows; i += 1) {
      graphEdges.push({ a: asNumber(columns[0]?.[i]), b: asNumber(columns[1]?.[i]), weight: asNumber(columns[2]?.[i]) });
    }
  });
  const communities = findCommunities({ edges: graphEdges, seed: options.seed });
  await connection.run('CREATE OR REPLACE TABLE account_community (aid INTEGER, community INTEGER)');
  {
    const appender = await connection.createAppender('account_community');
    for (const [aid, community] of [...communities.entries()].sort((x, y) => x[0] - y[0])) {
      appender.appendInteger(aid);
      appender.appendInteger(community);
      appender.endRow();
    }
    appender.closeSync();
  }

  // Evidence of every reported edge, and account scores.
  progress({ phase: 'score', fraction: 0.5, message: 'evidence and account scores' });
  const ranMethods = pairMethods;
  const evidenceParts = ranMethods.map((method) => {
    const stem = tableStem(method);
    // The object's text comes from the share on line_a with the pair's key hash.
    const object = method === 'synchronised-activity' ? `strftime(to_timestamp(least(p.ts_a, p.ts_b)), '%Y-%m-%dT%H:%M:%SZ')` : 's.key';
    return `
      SELECT ${sqlString(method)} AS behaviour, p.a, p.b, ${object} AS obj, p.line_a, p.line_b, p.ts_a, p.ts_b, e.significant
      FROM pairs_${stem} p
      JOIN edge_method e ON e.method = ${sqlString(method)} AND e.a = p.a AND e.b = p.b
      JOIN shares_${stem} s ON s.line = p.line_a AND hash(s.key) = p.kh`;
  });
  await connection.run(
    `CREATE OR REPLACE TABLE evidence AS ${
      evidenceParts.length === 0
        ? 'SELECT NULL::VARCHAR AS behaviour, NULL::INTEGER AS a, NULL::INTEGER AS b, NULL::VARCHAR AS obj, NULL::BIGINT AS line_a, NULL::BIGINT AS line_b, NULL::BIGINT AS ts_a, NULL::BIGINT AS ts_b, NULL::BOOLEAN AS significant WHERE false'
        : evidenceParts.join(' UNION ALL ')
    }`,
  );
  for (const method of ranMethods) await connection.run(`DROP TABLE IF EXISTS pairs_${tableStem(method)}`);
  await connection.run(`
    CREATE OR REPLACE TABLE account_scores AS
    WITH coordinated_lines AS (
      SELECT aid, count(DISTINCT line) AS n, min(ts) AS first_ts, max(ts) AS last_ts FROM (
        SELECT a AS aid, line_a AS line, ts_a AS ts FROM evidence WHERE significant
        UNION ALL SELECT b, line_b, ts_b FROM evidence WHERE significant)
      GROUP BY aid
    ), degrees AS (
      SELECT aid, count(*) AS degree, sum(weight) AS strength, list_distinct(flatten(list(behaviours))) AS behaviours FROM (
        SELECT a AS aid, weight, behaviours FROM edges WHERE coordinated
        UNION ALL SELECT b, weight, behaviours FROM edges WHERE coordinated)
      GROUP BY aid
    )
    SELECT acc.aid, acc.account, acc.posts, acc.created, c.community,
      d.degree IS NOT NULL AS coordinated,
      coalesce(l.n, 0) / acc.posts AS score,
      coalesce(d.degree, 0) AS degree, coalesce(d.strength, 0) AS strength,
      coalesce(list_sort(d.behaviours), []) AS behaviours,
      ba.burst_start, l.first_ts, l.last_ts
    FROM accounts acc
    LEFT JOIN coordinated_lines l USING (aid)
    LEFT JOIN degrees d USING (aid)
    LEFT JOIN account_community c USING (aid)
    LEFT JOIN (SELECT aid, min(burst_start) AS burst_start FROM burst_accounts GROUP BY aid) ba USING (aid)`);

  // Output files.
  progress({ phase: 'write', fraction: 0, message: `writing ${options.outDir}` });
  const outputs = await writeOutputs({ connection, options, summary });
  progress({ phase: 'write', fraction: 1, message: 'done' });

  const totals = (
    await queryRows(
      connection,
      `SELECT
        (SELECT count(*) FROM edges) AS candidates,
        (SELECT count(*) FROM edges WHERE coordinated) AS coordinated_edges,
        (SELECT count(*) FROM account_scores WHERE coordinated) AS coordinated_accounts,
        (SELECT count(DISTINCT aid) FROM burst_accounts) AS burst_accounts`,
    )
  )[0];
  const sizes = new Map<number, number>();
  for (const community of communities.values()) sizes.set(community, (sizes.get(community) ?? 0) + 1);
  const methods: MethodSummary[] = requested.map((method) => methodSummaries.get(method) ?? { method, status: 'no-data' });
  const result: DetectionSummary = {
    input: options.input,
    format: options.format,
    import: summary,
    methods,
    alpha: options.alpha,
    seed: options.seed,
    maxPairsPerShare: options.maxPairsPerShare,
    accounts: {
      total: accountCount,
      coordinated: Number(totals?.['coordinated_accounts'] ?? 0),
      inCreationBursts: Number(totals?.['burst_accounts'] ?? 0),
    },
    edges: { candidates: Number(totals?.['candidates'] ?? 0), coordinated: Number(totals?.['coordinated_edges'] ?? 0) },
    communities: { count: sizes.size, sizes: [...sizes.entries()].sort((x, y) => x[0] - y[0]).map(([, size]) => size) },
    outputs,
  };
  writeFileSync(join(options.outDir, 'summary.json'), `${JSON.stringify(result, null, 2)}\n`);
  return ok(result);
}

/** Creates `shares_<method>(key, aid, ts, line, variant)` for one pairwise method. */
async function buildShares(options: {
  readonly connection: DuckDBConnection;
  readonly method: PairMethod;
  readonly minTextWords: number;
  readonly nearDuplicate: Partial<NearDuplicateOptions>;
  /** DuckDB's memory limit in bytes, lowered while JavaScript holds the near-duplicate index. */
  readonly memoryLimitBytes: number | undefined;
  /** Reports a step within the method's preparation. */
  readonly report: (message: string) => void;
}): Promise<void> {
  const { connection, method, minTextWords } = options;
  const target = `shares_${tableStem(method)}`;
  const create = (select: string): Promise<unknown> => connection.run(`CREATE OR REPLACE TABLE ${target} AS ${select}`);
  switch (method) {
    case 'co-repost':
      await create(`SELECT repost_of AS key, aid, ts, line, NULL::UBIGINT AS variant FROM posts WHERE repost_of IS NOT NULL`);
      return;
    case 'co-reply':
      await create(`SELECT reply_to AS key, aid, ts, line, NULL::UBIGINT AS variant FROM posts WHERE reply_to IS NOT NULL`);
      return;
    case 'co-hashtag':
      await create(`
        SELECT DISTINCT tag AS key, aid, ts, line, NULL::UBIGINT AS variant
        FROM (SELECT aid, ts, line, unnest(hashtags) AS tag FROM posts) WHERE tag <> ''`);
      return;
    case 'co-link':
      await buildUrlMap(connection);
      await create(`
        SELECT DISTINCT m.canonical AS key, p.aid, p.ts, p.line, NULL::UBIGINT AS variant
        FROM (SELECT aid, ts, line, unnest(urls) AS raw FROM posts) p JOIN url_map m USING (raw)`);
      return;
    case 'identical-text':
      await buildPostTexts(connection, minTextWords);
      await create(`SELECT norm AS key, aid, ts, line, NULL::UBIGINT AS variant FROM post_texts`);
      return;
    case 'near-duplicate-text':
      await buildPostTexts(connection, minTextWords);
      await buildTextClusters(connection, { ...defaultNearDuplicateOptions, ...options.nearDuplicate }, options.memoryLimitBytes, options.report);
      await create(`
        SELECT 'near-duplicate cluster ' || c.cluster AS key, t.aid, t.ts, t.line, t.th AS variant
        FROM post_texts t JOIN text_clusters c USING (th)`);
      return;
    case 'synchronised-activity':
      await create(`SELECT '' AS key, aid, ts, min(line) AS line, NULL::UBIGINT AS variant FROM posts GROUP BY aid, ts`);
      return;
    default:
      throwIllegalValue(method, 'method');
  }
}

async function buildPostTexts(connection: DuckDBConnection, minTextWords: number): Promise<void> {
  const exists = await queryNumber(connection, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'post_texts'`);
  if (exists > 0) return;
  // Normalise once into a table: as a subquery the macro would be inlined into each use.
  await connection.run(`
    CREATE TABLE post_text_norms AS
    SELECT line, aid, ts, vigil_norm_text(text) AS norm FROM posts WHERE repost_of IS NULL AND text IS NOT NULL`);
  await connection.run(`
    CREATE TABLE post_texts AS
    SELECT line, aid, ts, norm, hash(norm) AS th FROM post_text_norms
    WHERE len(string_split(norm, ' ')) >= ${Math.max(1, Math.floor(minTextWords))}`);
  await connection.run('DROP TABLE post_text_norms');
}

/**
 * Canonicalises every distinct URL once (in JavaScript, see `canonicalizeUrl`) into `url_map`.
 * Batches are read in full before they are appended: appending on the connection while a
 * streamed result is still open ends that stream early and silently (at 20 M posts, 17 % of the
 * URL posts were lost that way and co-link found nothing).
 */
async function buildUrlMap(connection: DuckDBConnection): Promise<void> {
  await connection.run('CREATE OR REPLACE TABLE url_map (raw VARCHAR, canonical VARCHAR)');
  await connection.run(`
    CREATE OR REPLACE TEMP TABLE url_raws AS
    SELECT row_number() OVER (ORDER BY raw) AS n, raw FROM (SELECT DISTINCT unnest(urls) AS raw FROM posts) WHERE raw IS NOT NULL`);
  const total = await queryNumber(connection, 'SELECT count(*) FROM url_raws');
  const batch = 100_000;
  for (let from = 1; from <= total; from += batch) {
    const reader = await connection.runAndReadAll(`SELECT raw FROM url_raws WHERE n >= ${from} AND n < ${from + batch} ORDER BY n`);
    const raws = reader.getColumns()[0] ?? [];
    const appender = await connection.createAppender('url_map');
    for (const raw of raws) {
      if (typeof raw !== 'string') continue;
      const canonical = canonicalizeUrl(raw);
      if (canonical === undefined) continue;
      appender.appendVarchar(raw);
      appender.appendVarchar(canonical);
      appender.endRow();
    }
    appender.closeSync();
  }
  await connection.run('DROP TABLE url_raws');
}

/** Clusters distinct normalised texts with MinHash/LSH (see `near-duplicates.ts`) into `text_clusters`. */
async function buildTextClusters(
  connection: DuckDBConnection,
  options: NearDuplicateOptions,
  duckdbLimitBytes: number | undefined,
  report: (message: string) => void,
): Promise<void> {
  // Upper bounds of the index's size, so its typed arrays are allocated once, never grown by doubling.
  const sizes = (
    await queryRows(
      connection,
      `SELECT count(*) AS texts, coalesce(sum(greatest(1, len(string_split(norm, ' ')) - ${Math.max(1, options.shingleSize) - 1})), 0) AS shingles
       FROM (SELECT any_value(norm) AS norm FROM post_texts GROUP BY th)`,
    )
  )[0];
  const capacity = { texts: Number(sizes?.['texts'] ?? 0), shingles: Number(sizes?.['shingles'] ?? 0) };
  // While JavaScript holds the index, DuckDB gets what is left of its limit (at least a quarter):
  // it evicts its tables to the temporary directory instead of adding the two.
  const indexBytes = nearDuplicateIndexBytes(capacity, options) + capacity.texts * 8;
  const shrink = duckdbLimitBytes !== undefined && indexBytes > duckdbLimitBytes / 16;
  let duckdbNote = '';
  if (shrink) {
    const reduced = Math.max(Math.floor(duckdbLimitBytes / 4), duckdbLimitBytes - indexBytes);
    await connection.run(`SET memory_limit = '${Math.floor(reduced / 2 ** 20)}MiB'`);
    duckdbNote = `, DuckDB limited to ${Math.floor(reduced / 2 ** 20)} MiB meanwhile`;
  }
  report(`MinHash/LSH index of ${capacity.texts} distinct texts (${Math.round(indexBytes / 2 ** 20)} MiB of typed arrays${duckdbNote})`);
  try {
    const index = createNearDuplicateIndex(options, capacity);
    // Text hashes in a typed array: a million bigint objects would cost ~40 bytes each.
    let hashes = new BigUint64Array(Math.max(1 << 16, capacity.texts));
    let count = 0;
    await forEachChunk(connection, 'SELECT th, any_value(norm) AS norm FROM post_texts GROUP BY th ORDER BY th', (columns, rows) => {
      for (let i = 0; i < rows; i += 1) {
        const th = columns[0]?.[i];
        if (count === hashes.length) {
          const grown = new BigUint64Array(hashes.length * 2);
          grown.set(hashes);
          hashes = grown;
        }
        hashes[count++] = typeof th === 'bigint' ? th : BigInt(asNumber(th));
        index.add(String(columns[1]?.[i] ?? ''));
      }
    });
    const { clusterOf } = index.cluster();
    await connection.run('CREATE OR REPLACE TABLE text_clusters (th UBIGINT, cluster INTEGER)');
    const appender = await connection.createAppender('text_clusters');
    clusterOf.forEach((cluster, i) => {
      if (cluster < 0) return;
      appender.appendUBigInt(hashes[i] ?? 0n);
      appender.appendInteger(cluster);
      appender.endRow();
    });
    appender.closeSync();
  } finally {
    if (shrink && duckdbLimitBytes !== undefined) await connection.run(`SET memory_limit = '${Math.floor(duckdbLimitBytes / 2 ** 20)}MiB'`);
  }
}

/**
 * Bytes of a DuckDB memory size such as `4GB`, `512MB` or `3.5GiB` (DuckDB's units: KB, MB,
 * GB, TB are powers of 1000, KiB … TiB powers of 1024); undefined when it is not one.
 */
export function parseMemorySize(size: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|bytes?|kb|mb|gb|tb|kib|mib|gib|tib)?\s*$/i.exec(size);
  if (match === null) return undefined;
  const units: Record<string, number> = {
    b: 1, byte: 1, bytes: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
  };
  const bytes = Number(match[1]) * (units[(match[2] ?? 'b').toLowerCase()] ?? 1);
  return Number.isFinite(bytes) && bytes > 0 ? Math.floor(bytes) : undefined;
}

async function writeOutputs(input: {
  readonly connection: DuckDBConnection;
  readonly options: RunOptions;
  readonly summary: ImportSummary;
}): Promise<Record<string, string>> {
  const { connection, options } = input;
  const out = options.outDir;
  const path = (name: string): string => join(out, name);
  const copyCsv = (select: string, name: string): Promise<unknown> =>
    connection.run(`COPY (${select}) TO ${sqlString(path(name))} (FORMAT csv, HEADER true)`);
  await copyCsv(
    `SELECT s.community, s.account AS account_id FROM account_scores s WHERE s.community IS NOT NULL ORDER BY s.community, s.account`,
    'communities.csv',
  );
  await copyCsv(
    `SELECT account AS account_id, posts, community, coordinated, round(score, 4) AS score, degree, round(strength, 4) AS strength,
       array_to_string(behaviours, ';') AS behaviours,
       CASE WHEN burst_start IS NOT NULL THEN strftime(to_timestamp(burst_start), '%Y-%m-%d') END AS creation_burst,
       CASE WHEN created IS NOT NULL THEN strftime(to_timestamp(created), '%Y-%m-%dT%H:%M:%SZ') END AS created
     FROM account_scores ORDER BY coordinated DESC, score DESC, account`,
    'accounts.csv',
  );
  await copyCsv(
    `SELECT x.account AS account_a, y.account AS account_b, array_to_string(e.behaviours, ';') AS behaviours,
       round(e.weight, 6) AS weight, round(-log10(greatest(e.q, 1e-300)), 3) AS significance,
       e.p AS p_value, e.q AS q_value, e.coordinated, e.shared_by_method
     FROM edges e JOIN accounts x ON x.aid = e.a JOIN accounts y ON y.aid = e.b
     ORDER BY e.coordinated DESC, e.q, e.weight DESC, account_a, account_b`,
    'edges.csv',
  );
  const evidenceFormat = options.evidenceFormat ?? 'parquet';
  const evidenceName = evidenceFormat === 'parquet' ? 'evidence.parquet' : 'evidence.csv';
  // A file of the other format from an earlier run in the same directory would be read instead.
  rmSync(path(evidenceFormat === 'parquet' ? 'evidence.csv' : 'evidence.parquet'), { force: true });
  await connection.run(`
    COPY (
      SELECT ev.behaviour, x.account AS account_a, y.account AS account_b, ev.obj AS object,
        pa.post_id AS post_a, pb.post_id AS post_b,
        strftime(to_timestamp(ev.ts_a), '%Y-%m-%dT%H:%M:%SZ') AS time_a, strftime(to_timestamp(ev.ts_b), '%Y-%m-%dT%H:%M:%SZ') AS time_b,
        ev.ts_b - ev.ts_a AS delta_seconds, ev.line_a, ev.line_b,
        CASE WHEN ev.behaviour IN ('identical-text', 'near-duplicate-text') THEN left(pa.text, 500) END AS text_a,
        CASE WHEN ev.behaviour IN ('identical-text', 'near-duplicate-text') THEN left(pb.text, 500) END AS text_b,
        ev.significant AS coordinated
      FROM evidence ev
      JOIN accounts x ON x.aid = ev.a JOIN accounts y ON y.aid = ev.b
      JOIN posts pa ON pa.line = ev.line_a JOIN posts pb ON pb.line = ev.line_b
      ORDER BY account_a, account_b, behaviour, ev.ts_a, ev.line_a, ev.line_b
    ) TO ${sqlString(path(evidenceName))} (${evidenceFormat === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : 'FORMAT csv, HEADER true'})`);
  await copyCsv(`SELECT line, reason, detail FROM rejected_rows ORDER BY line`, 'rejected.csv');

  // The network for Gephi: accounts on coordinated edges.
  const nodes = (
    await queryRows(
      connection,
      `SELECT aid, account, coalesce(community, 0) AS community, round(score, 4) AS score, posts FROM account_scores WHERE coordinated ORDER BY aid`,
    )
  ).map((row) => ({
    id: Number(row['aid']),
    label: String(row['account']),
    community: Number(row['community']),
    score: Number(row['score']),
    posts: Number(row['posts']),
  }));
  const gexfEdges = (
    await queryRows(
      connection,
      `SELECT a, b, round(weight, 6) AS weight, array_to_string(behaviours, ';') AS behaviours, round(-log10(greatest(q, 1e-300)), 3) AS significance
       FROM edges WHERE coordinated ORDER BY a, b`,
    )
  ).map((row) => ({
    source: Number(row['a']),
    target: Number(row['b']),
    weight: Number(row['weight']),
    behaviours: String(row['behaviours']),
    significance: Number(row['significance']),
  }));
  writeFileSync(path('network.gexf'), renderGexf({ nodes, edges: gexfEdges, description: `Coordination network of ${basename(options.input)}` }));

  // STIX campaigns, one per community.
  const campaignRows = await queryRows(
    connection,
    `WITH members AS (SELECT community, list(account ORDER BY account) AS accounts, min(first_ts) AS first_ts, max(last_ts) AS last_ts
                      FROM account_scores WHERE community IS NOT NULL GROUP BY community),
     inner_edges AS (SELECT ca.community, e.a, e.b, e.behaviours FROM edges e
                     JOIN account_community ca ON ca.aid = e.a JOIN account_community cb ON cb.aid = e.b
                     WHERE e.coordinated AND ca.community = cb.community),
     behaviours AS (SELECT community, count(*) AS edges, list_sort(list_distinct(flatten(list(behaviours)))) AS methods FROM inner_edges GROUP BY community),
     posts AS (SELECT ca.community, count(DISTINCT ev.line_a) + count(DISTINCT ev.line_b) AS coordinated_posts,
                 list_distinct(list(ev.obj) FILTER (WHERE ev.behaviour = 'co-link')) AS urls
               FROM evidence ev JOIN account_community ca ON ca.aid = ev.a JOIN account_community cb ON cb.aid = ev.b
               WHERE ev.significant AND ca.community = cb.community GROUP BY ca.community)
     SELECT m.community, m.accounts, m.first_ts, m.last_ts, coalesce(b.edges, 0) AS edges, coalesce(b.methods, []) AS methods,
       coalesce(p.coordinated_posts, 0) AS coordinated_posts, coalesce(list_slice(list_sort(p.urls), 1, 50), []) AS urls
     FROM members m LEFT JOIN behaviours b USING (community) LEFT JOIN posts p USING (community) ORDER BY m.community`,
  );
  const burstAccounts = new Set((await queryRows(connection, 'SELECT DISTINCT aid FROM burst_accounts')).map((row) => Number(row['aid'])));
  const campaigns: CampaignInput[] = campaignRows.map((row) => ({
    community: Number(row['community']),
    accounts: (row['accounts'] as readonly string[]).map(String),
    methods: (row['methods'] as readonly string[]).map((name) => name as Method),
    urls: (row['urls'] as readonly string[]).map(String),
    firstSeen: Number(row['first_ts'] ?? 0),
    lastSeen: Number(row['last_ts'] ?? 0),
    edges: Number(row['edges']),
    coordinatedPosts: Number(row['coordinated_posts']),
  }));
  if (burstAccounts.size > 0) {
    const burstMembers = await queryRows(
      connection,
      `SELECT community, count(*) AS n FROM account_scores WHERE community IS NOT NULL AND burst_start IS NOT NULL GROUP BY community`,
    );
    for (const row of burstMembers) {
      const campaign = campaigns.find((candidate) => candidate.community === Number(row['community']));
      if (campaign !== undefined && Number(row['n']) >= 2) {
        campaigns[campaigns.indexOf(campaign)] = { ...campaign, methods: [...campaign.methods, 'creation-burst'] };
      }
    }
  }
  const stat = statSync(options.input);
  const bundle = buildStixBundle({
    campaigns,
    created: (options.clock ?? (() => new Date()))(),
    ...(options.format === 'io-archive' ? { accountType: 'twitter' } : {}),
    runKey: `${basename(options.input)}/${stat.size}/${options.format}/${options.seed}`,
  });
  writeFileSync(path('campaigns.stix.json'), `${JSON.stringify(bundle, null, 2)}\n`);
  return {
    communities: path('communities.csv'),
    accounts: path('accounts.csv'),
    edges: path('edges.csv'),
    evidence: path(evidenceName),
    network: path('network.gexf'),
    stix: path('campaigns.stix.json'),
    rejected: path('rejected.csv'),
    summary: path('summary.json'),
  };
}
