import { existsSync, statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { err, ok, throwIllegalValue, type Result } from '@vigil/basics';
import { queryNumber, queryRows, sqlIdentifier, sqlString } from './database';
import type { ProgressListener } from './progress';

/**
 * Import of social-media posts into the working DuckDB database, through DuckDB's own CSV
 * (plain or gzip), JSON-lines and Parquet readers. Every row is checked; rows that cannot be
 * used are reported with their line number and reason and the rest is kept (social-media
 * exports are rarely clean; the caller sees exactly what was dropped and why).
 *
 * Result tables: `posts(line, post_id, aid, ts, text, urls, repost_of, reply_to, hashtags)`,
 * `accounts(aid, account, posts, created)` and `rejected_rows(line, reason, detail)`.
 */

/** Presets for known exports, plus a generic column mapping. */
export type InputFormat = 'io-archive' | 'cnt' | 'coortweet' | 'generic';

/** All input formats, for argument parsing. */
export const inputFormats: readonly InputFormat[] = ['io-archive', 'cnt', 'coortweet', 'generic'];

/** The container of the data, normally taken from the file name. */
export type FileType = 'csv' | 'jsonl' | 'parquet';

/** Which column (CSV header, JSON key, Parquet column) holds each field of a post. */
export interface ColumnMapping {
  readonly account: string;
  readonly time: string;
  readonly postId?: string;
  readonly text?: string;
  /** One or more URLs: a list like `[a, b]`, a JSON array or space-separated values. */
  readonly url?: string;
  readonly repostOf?: string;
  readonly replyTo?: string;
  /** One or more hashtags, as for `url`. */
  readonly hashtags?: string;
  readonly accountCreated?: string;
}

type Field = keyof ColumnMapping;
const fields: readonly Field[] = ['account', 'time', 'postId', 'text', 'url', 'repostOf', 'replyTo', 'hashtags', 'accountCreated'];

/**
 * Twitter/X information-operations archive (31 columns; `tweet_time` has minute resolution,
 * `account_creation_date` day resolution).
 */
export const ioArchiveMapping: ColumnMapping = {
  account: 'userid',
  time: 'tweet_time',
  postId: 'tweetid',
  text: 'tweet_text',
  url: 'urls',
  repostOf: 'retweet_tweetid',
  replyTo: 'in_reply_to_tweetid',
  hashtags: 'hashtags',
  accountCreated: 'account_creation_date',
};

/** CooRTweet's four columns: the shared object is the repost target. */
export const coortweetMapping: ColumnMapping = {
  account: 'account_id',
  time: 'timestamp_share',
  postId: 'content_id',
  repostOf: 'object_id',
};

/**
 * coordination-network-toolkit CSV: columns by position (names do not matter) —
 * message_id, user_id, username, repost_id, reply_id, message, timestamp, urls (space separated).
 */
const cntPositions: Partial<Record<Field, number>> = { postId: 0, account: 1, repostOf: 3, replyTo: 4, text: 5, time: 6, url: 7 };

/** Header names the generic format recognises when no mapping is given (case-insensitive). */
const genericSynonyms: Record<Field, readonly string[]> = {
  account: ['account_id', 'account', 'user_id', 'userid', 'author_id', 'user', 'author'],
  time: ['timestamp', 'time', 'created_at', 'date', 'timestamp_share', 'tweet_time', 'published'],
  postId: ['post_id', 'id', 'message_id', 'tweet_id', 'tweetid', 'content_id'],
  text: ['text', 'message', 'content', 'body', 'tweet_text'],
  url: ['url', 'urls', 'link', 'links', 'url_id', 'expanded_url'],
  repostOf: ['repost_of', 'repost_id', 'retweet_id', 'retweeted_id', 'retweet_tweetid', 'object_id', 'shared_id'],
  replyTo: ['reply_to', 'reply_id', 'in_reply_to', 'in_reply_to_id', 'in_reply_to_tweetid'],
  hashtags: ['hashtags', 'hashtag', 'hashtag_id', 'tags'],
  accountCreated: ['account_created', 'account_creation_date', 'created', 'user_created_at'],
};

/** Why a row was not kept. */
export type BadRowReason = 'malformed-row' | 'invalid-json' | 'missing-account' | 'invalid-time' | 'duplicate-row';

/** One row that was not kept. `line` counts the header as line 1 (a quoted field spanning lines counts once). */
export interface BadRow {
  readonly line: number;
  readonly reason: BadRowReason;
  readonly detail: string;
}

/** What was read and kept. */
export interface ImportSummary {
  readonly format: InputFormat;
  readonly fileType: FileType;
  readonly columns: Partial<Record<Field, string>>;
  readonly rowsRead: number;
  readonly rowsKept: number;
  readonly rowsRejected: number;
  readonly rejectedByReason: Readonly<Record<BadRowReason, number>>;
  /** The first 100 bad rows (all of them are in the `rejected_rows` table). */
  readonly badRows: readonly BadRow[];
  readonly accounts: number;
  readonly firstTime: string | null;
  readonly lastTime: string | null;
  /** Seconds: 60 when every timestamp falls on a whole minute (or for the IO archive), else 1. */
  readonly timeResolution: number;
  readonly reposts: number;
  readonly replies: number;
  readonly withText: number;
  readonly withUrls: number;
  readonly withHashtags: number;
  readonly withAccountCreated: number;
}

/** Expected failures of an import. */
export type ImportError =
  | { readonly type: 'input-not-found'; readonly path: string }
  | { readonly type: 'unreadable-input'; readonly path: string; readonly message: string }
  | { readonly type: 'missing-columns'; readonly missing: readonly string[]; readonly available: readonly string[] }
  | { readonly type: 'no-valid-rows'; readonly rowsRead: number; readonly badRows: readonly BadRow[] };

/** Options of `importPosts`. */
export interface ImportPostsOptions {
  readonly connection: DuckDBConnection;
  readonly input: string;
  readonly format: InputFormat;
  /** Overrides (generic: replaces guessing) of the columns of the chosen format. */
  readonly mapping?: Partial<ColumnMapping>;
  readonly fileType?: FileType;
  /** Timestamp resolution in seconds; default: detected (see `ImportSummary.timeResolution`). */
  readonly timeResolution?: number;
  readonly onProgress?: ProgressListener;
}

/** The file type implied by a file name (`.csv`, `.tsv`, `.jsonl`, `.ndjson`, `.parquet`, each optionally `.gz`). */
export function fileTypeOf(path: string): FileType {
  const name = path.toLowerCase().replace(/\.(gz|gzip)$/, '');
  if (name.endsWith('.parquet') || name.endsWith('.pq')) return 'parquet';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.json')) return 'jsonl';
  return 'csv';
}

const reasons: readonly BadRowReason[] = ['malformed-row', 'invalid-json', 'missing-account', 'invalid-time', 'duplicate-row'];

/** SQL macros shared by the import: null markers, time parsing, list parsing. */
const macros = `
CREATE OR REPLACE MACRO vigil_nz(v) AS CASE WHEN v IS NULL OR trim(v) IN ('', 'NA', 'N/A', 'null', 'NULL', 'None', 'nan', 'NaN', '[]') THEN NULL ELSE trim(v) END;
CREATE OR REPLACE MACRO vigil_time(v) AS CASE
  WHEN vigil_nz(v) IS NULL THEN NULL
  WHEN isfinite(try_cast(trim(v) AS DOUBLE)) THEN
    CAST(floor(CASE WHEN abs(CAST(trim(v) AS DOUBLE)) >= 1e11 THEN CAST(trim(v) AS DOUBLE) / 1000 ELSE CAST(trim(v) AS DOUBLE) END) AS BIGINT)
  ELSE CAST(floor(epoch(coalesce(
    try_cast(trim(v) AS TIMESTAMPTZ),
    CAST(try_strptime(trim(v), '%a %b %d %H:%M:%S %z %Y') AS TIMESTAMPTZ),
    CAST(try_strptime(trim(v), '%d/%m/%Y %H:%M') AS TIMESTAMPTZ)))) AS BIGINT)
  END;
CREATE OR REPLACE MACRO vigil_list(v) AS CASE
  WHEN vigil_nz(v) IS NULL THEN []
  -- Most cells hold one value: skip the splitting then.
  WHEN NOT regexp_matches(v, '[\\[\\]"'',;|\\s]') THEN [v]
  ELSE list_filter(string_split_regex(regexp_replace(trim(v), '[\\[\\]"'']', '', 'g'), '[\\s,;|]+'), x -> x <> '' AND x NOT IN ('NA', 'None', 'null')) END;
`;

/**
 * Reads `input` into the tables `posts`, `accounts` and `rejected_rows` of `connection`
 * (replacing them). Returns a summary, or an error when the file cannot be read, lacks
 * required columns or has no usable row.
 */
export async function importPosts(options: ImportPostsOptions): Promise<Result<ImportSummary, ImportError>> {
  const { connection, input, format } = options;
  if (!existsSync(input) || !statSync(input).isFile()) return err({ type: 'input-not-found', path: input });
  const fileType = options.fileType ?? fileTypeOf(input);
  options.onProgress?.({ phase: 'import', fraction: 0, message: `reading ${input}` });
  await connection.run(macros);
  for (const table of ['vigil_raw', 'vigil_rejects', 'vigil_reject_scans', 'vigil_rejects_lined', 'vigil_lines', 'vigil_parsed', 'posts', 'accounts', 'rejected_rows']) {
    await connection.run(`DROP TABLE IF EXISTS ${table}`);
  }

  // 1. The columns the file offers.
  let available: string[];
  try {
    available = await availableColumns({ connection, input, fileType, format });
  } catch (error) {
    return err({ type: 'unreadable-input', path: input, message: errorMessage(error) });
  }

  // 2. Which column holds each field.
  const resolved = resolveColumns({ format, available, overrides: options.mapping ?? {} });
  if (!resolved.ok) return resolved;
  const columns = resolved.value;

  // 3. Raw rows (all text) with their line numbers.
  try {
    await readRaw({ connection, input, fileType, format, columns });
  } catch (error) {
    return err({ type: 'unreadable-input', path: input, message: errorMessage(error) });
  }
  options.onProgress?.({ phase: 'import', fraction: 0.5, message: 'validating rows' });

  // 4. Parse, validate, keep.
  const has = (field: Field): boolean => columns[field] !== undefined;
  const col = (field: Field): string => (has(field) ? `vigil_nz(${sqlIdentifier(field)})` : 'CAST(NULL AS VARCHAR)');
  const listCol = (field: Field): string => (has(field) ? `vigil_list(${sqlIdentifier(field)})` : 'CAST([] AS VARCHAR[])');
  await connection.run(`
    CREATE TABLE vigil_parsed AS SELECT
      line, json_error,
      ${col('account')} AS account,
      ${has('time') ? sqlIdentifier('time') : 'CAST(NULL AS VARCHAR)'} AS time_raw,
      vigil_time(${has('time') ? sqlIdentifier('time') : 'CAST(NULL AS VARCHAR)'}) AS ts,
      coalesce(${col('postId')}, 'line-' || line) AS post_id,
      ${has('text') ? sqlIdentifier('text') : 'CAST(NULL AS VARCHAR)'} AS text,
      ${listCol('url')} AS urls,
      ${col('repostOf')} AS repost_of,
      ${col('replyTo')} AS reply_to,
      list_transform(${listCol('hashtags')}, h -> lower(ltrim(h, '#'))) AS hashtags,
      vigil_time(${has('accountCreated') ? sqlIdentifier('accountCreated') : 'CAST(NULL AS VARCHAR)'}) AS created,
      false AS duplicate
    FROM vigil_lines`);
  options.onProgress?.({ phase: 'import', fraction: 0.65, message: 'checking duplicates' });
  // A post that shares several objects may span several rows (CooRTweet, one row per object);
  // only a row repeating an earlier row in every field is a duplicate. Only rows whose post id
  // occurs more than once are compared.
  await connection.run(`
    UPDATE vigil_parsed SET duplicate = true WHERE line IN (
      SELECT line FROM (
        SELECT line, row_number() OVER (
          PARTITION BY post_id, account, ts, repost_of, reply_to, text, CAST(urls AS VARCHAR), CAST(hashtags AS VARCHAR)
          ORDER BY line) AS n
        FROM vigil_parsed
        WHERE post_id IN (SELECT post_id FROM vigil_parsed GROUP BY post_id HAVING count(*) > 1))
      WHERE n > 1)`);
  options.onProgress?.({ phase: 'import', fraction: 0.75, message: 'collecting rejected rows' });
  await connection.run(`
    CREATE TABLE rejected_rows AS
    SELECT line, reason, detail FROM (
      SELECT CAST(line AS BIGINT) AS line, 'malformed-row' AS reason, error_message AS detail FROM vigil_rejects_lined
      UNION ALL
      SELECT line, CASE
          WHEN json_error THEN 'invalid-json'
          WHEN account IS NULL THEN 'missing-account'
          WHEN ts IS NULL THEN 'invalid-time'
          ELSE 'duplicate-row' END,
        CASE
          WHEN json_error THEN 'not a JSON object'
          WHEN account IS NULL THEN 'no account id'
          WHEN ts IS NULL THEN 'unreadable time ' || coalesce('"' || time_raw || '"', '(empty)')
          ELSE 'repeats an earlier row of post ' || post_id END
      FROM vigil_parsed WHERE json_error OR account IS NULL OR ts IS NULL OR duplicate
    ) ORDER BY line`);
  const rowsRejected = await queryNumber(connection, 'SELECT count(*) FROM rejected_rows');
  const rowsRead = (await queryNumber(connection, 'SELECT count(*) FROM vigil_parsed')) +
    (await queryNumber(connection, 'SELECT count(*) FROM vigil_rejects_lined'));
  const badRows = (await queryRows(connection, 'SELECT line, reason, detail FROM rejected_rows ORDER BY line LIMIT 100')).map(
    (row): BadRow => ({ line: Number(row['line']), reason: row['reason'] as BadRowReason, detail: String(row['detail']) }),
  );
  const rowsKept = rowsRead - rowsRejected;
  if (rowsKept === 0) return err({ type: 'no-valid-rows', rowsRead, badRows });

  options.onProgress?.({ phase: 'import', fraction: 0.8, message: 'indexing accounts' });
  await connection.run(`
    CREATE TABLE accounts AS
    SELECT CAST(row_number() OVER (ORDER BY account) - 1 AS INTEGER) AS aid, account,
      CAST(count(*) AS INTEGER) AS posts, min(created) AS created
    FROM vigil_parsed WHERE NOT json_error AND account IS NOT NULL AND ts IS NOT NULL AND NOT duplicate
    GROUP BY account`);
  await connection.run(`
    CREATE TABLE posts AS
    SELECT p.line, p.post_id, a.aid, p.ts, p.text, p.urls, p.repost_of, p.reply_to, p.hashtags
    FROM vigil_parsed p JOIN accounts a USING (account)
    WHERE NOT p.json_error AND p.ts IS NOT NULL AND NOT p.duplicate`);
  for (const table of ['vigil_raw', 'vigil_lines', 'vigil_parsed', 'vigil_rejects_lined']) await connection.run(`DROP TABLE IF EXISTS ${table}`);

  options.onProgress?.({ phase: 'import', fraction: 0.9, message: 'summarising' });
  const stats = (await queryRows(connection, `
    SELECT count(DISTINCT aid) AS accounts, min(ts) AS first, max(ts) AS last,
      count(*) FILTER (WHERE ts % 60 <> 0) AS off_minute,
      count(repost_of) AS reposts, count(reply_to) AS replies,
      count(*) FILTER (WHERE text IS NOT NULL AND trim(text) <> '') AS with_text,
      count(*) FILTER (WHERE len(urls) > 0) AS with_urls,
      count(*) FILTER (WHERE len(hashtags) > 0) AS with_hashtags
    FROM posts`))[0] ?? {};
  const created = await queryNumber(connection, 'SELECT count(created) FROM accounts');
  const detectedResolution = format === 'io-archive' || (Number(stats['off_minute']) === 0 && rowsKept >= 10) ? 60 : 1;
  const timeResolution = options.timeResolution ?? detectedResolution;
  const rejectedByReason = Object.fromEntries(reasons.map((reason) => [reason, 0])) as Record<BadRowReason, number>;
  for (const row of await queryRows(connection, 'SELECT reason, count(*) AS n FROM rejected_rows GROUP BY reason')) {
    rejectedByReason[row['reason'] as BadRowReason] = Number(row['n']);
  }
  const iso = (value: unknown): string | null => (typeof value === 'number' ? new Date(value * 1000).toISOString() : null);
  options.onProgress?.({ phase: 'import', fraction: 1, message: `kept ${rowsKept} of ${rowsRead} rows` });
  return ok({
    format,
    fileType,
    columns,
    rowsRead,
    rowsKept,
    rowsRejected,
    rejectedByReason,
    badRows,
    accounts: Number(stats['accounts']),
    firstTime: iso(stats['first']),
    lastTime: iso(stats['last']),
    timeResolution,
    reposts: Number(stats['reposts']),
    replies: Number(stats['replies']),
    withText: Number(stats['with_text']),
    withUrls: Number(stats['with_urls']),
    withHashtags: Number(stats['with_hashtags']),
    withAccountCreated: created,
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
}

function csvReader(input: string, format: InputFormat, extra = ''): string {
  // The presets are comma-separated with double quotes; DuckDB's sniffer can be misled by a
  // sample full of multi-line or broken rows, so it only guesses for the generic format.
  const dialect = format === 'generic' ? '' : `, delim = ',', quote = '"', escape = '"'`;
  return `read_csv(${sqlString(input)}, all_varchar = true, header = true${dialect}${extra})`;
}

async function availableColumns(options: {
  readonly connection: DuckDBConnection;
  readonly input: string;
  readonly fileType: FileType;
  readonly format: InputFormat;
}): Promise<string[]> {
  const { connection, input, fileType, format } = options;
  switch (fileType) {
    case 'csv':
      return (await queryRows(connection, `DESCRIBE SELECT * FROM ${csvReader(input, format, ", ignore_errors = true")}`)).map((row) => String(row['column_name']));
    case 'parquet':
      return (await queryRows(connection, `DESCRIBE SELECT * FROM read_parquet(${sqlString(input)})`)).map((row) => String(row['column_name']));
    case 'jsonl': {
      // The keys of the first JSON object in the file.
      const rows = await queryRows(
        connection,
        `SELECT json_keys(j) AS keys FROM read_csv(${sqlString(input)}, columns = {'j': 'VARCHAR'}, header = false, delim = chr(31), quote = '', escape = '', auto_detect = false) WHERE json_valid(j) AND j LIKE '{%' LIMIT 1`,
      );
      const keys = rows[0]?.['keys'];
      return Array.isArray(keys) ? keys.map(String) : [];
    }
    default:
      return throwIllegalValue(fileType, 'file type');
  }
}

function resolveColumns(input: {
  readonly format: InputFormat;
  readonly available: readonly string[];
  readonly overrides: Partial<ColumnMapping>;
}): Result<Partial<Record<Field, string>>, ImportError> {
  const { format, available, overrides } = input;
  const byLowerName = new Map(available.map((name) => [name.toLowerCase(), name]));
  const find = (name: string): string | undefined => byLowerName.get(name.toLowerCase());
  const resolved: Partial<Record<Field, string>> = {};
  const missing: string[] = [];
  const wanted: Partial<Record<Field, string>> = {};
  switch (format) {
    case 'io-archive':
      Object.assign(wanted, ioArchiveMapping);
      break;
    case 'coortweet':
      Object.assign(wanted, coortweetMapping);
      break;
    case 'cnt':
      for (const field of fields) {
        const position = cntPositions[field];
        if (position === undefined) continue;
        const name = available[position];
        if (name === undefined) {
          if (field === 'account' || field === 'time') missing.push(`column ${position + 1} (${field})`);
        } else wanted[field] = name;
      }
      break;
    case 'generic':
      for (const field of fields) {
        const guess = genericSynonyms[field].map(find).find((name) => name !== undefined);
        if (guess !== undefined) wanted[field] = guess;
      }
      break;
    default:
      return throwIllegalValue(format, 'format');
  }
  for (const field of fields) {
    const override = overrides[field];
    if (override !== undefined) wanted[field] = override;
  }
  for (const field of fields) {
    const name = wanted[field];
    if (name === undefined) {
      if (field === 'account' || field === 'time') missing.push(field);
      continue;
    }
    const actual = find(name);
    // Optional columns of a preset may be absent (a trimmed export); required ones may not.
    if (actual === undefined) {
      if (field === 'account' || field === 'time' || overrides[field] !== undefined || format === 'coortweet') missing.push(name);
      continue;
    }
    resolved[field] = actual;
  }
  if (missing.length > 0) return err({ type: 'missing-columns', missing, available });
  return ok(resolved);
}

async function readRaw(input: {
  readonly connection: DuckDBConnection;
  readonly input: string;
  readonly fileType: FileType;
  readonly format: InputFormat;
  readonly columns: Partial<Record<Field, string>>;
}): Promise<void> {
  const { connection, fileType, format, columns } = input;
  const path = input.input;
  const chosen = fields.filter((field) => columns[field] !== undefined);
  const project = (expression: (name: string) => string): string =>
    chosen.map((field) => `${expression(columns[field] ?? '')} AS ${sqlIdentifier(field)}`).join(', ');
  switch (fileType) {
    case 'csv': {
      await connection.run(
        `CREATE TABLE vigil_raw AS SELECT ${project((name) => sqlIdentifier(name))} FROM ${csvReader(
          path,
          format,
          ", store_rejects = true, rejects_table = 'vigil_rejects', rejects_scan = 'vigil_reject_scans'",
        )}`,
      );
      // DuckDB numbers records with the header as line 1; accepted rows keep file order (rowid).
      // An accepted row's line is its rowid shifted by the rejected records before it.
      await connection.run(`
        CREATE TABLE vigil_rejects_lined AS
        SELECT DISTINCT ON (line) CAST(line AS BIGINT) AS line, error_message FROM vigil_rejects ORDER BY line`);
      await connection.run(`
        CREATE TEMP TABLE vigil_reject_steps AS
        SELECT line - 1 - row_number() OVER (ORDER BY line) AS threshold, row_number() OVER (ORDER BY line) AS before
        FROM vigil_rejects_lined`);
      const rejected = await queryNumber(connection, 'SELECT count(*) FROM vigil_reject_steps');
      await connection.run(
        rejected === 0
          ? `CREATE TABLE vigil_lines AS SELECT r.rowid + 2 AS line, false AS json_error, r.* FROM vigil_raw r`
          : `CREATE TABLE vigil_lines AS
             SELECT r.rowid + 2 + coalesce(s.before, 0) AS line, false AS json_error, r.*
             FROM vigil_raw r ASOF LEFT JOIN vigil_reject_steps s ON r.rowid >= s.threshold`,
      );
      await connection.run('DROP TABLE vigil_reject_steps');
      return;
    }
    case 'parquet':
      await connection.run(`CREATE TABLE vigil_rejects_lined (line BIGINT, error_message VARCHAR)`);
      await connection.run(
        `CREATE TABLE vigil_lines AS SELECT file_row_number + 1 AS line, false AS json_error, ${project(
          (name) => `CAST(${sqlIdentifier(name)} AS VARCHAR)`,
        )} FROM read_parquet(${sqlString(path)}, file_row_number = true)`,
      );
      return;
    case 'jsonl':
      await connection.run(`CREATE TABLE vigil_rejects_lined (line BIGINT, error_message VARCHAR)`);
      await connection.run(
        `CREATE TABLE vigil_raw AS SELECT j FROM read_csv(${sqlString(path)}, columns = {'j': 'VARCHAR'}, header = false, delim = chr(31), quote = '', escape = '', auto_detect = false)`,
      );
      await connection.run(`
        CREATE TABLE vigil_lines AS
        SELECT rowid + 1 AS line, NOT (json_valid(j) AND starts_with(ltrim(j), '{')) AS json_error,
          ${chosen.map((field) => `CASE WHEN json_valid(j) THEN j ->> ${sqlString(`$."${columns[field] ?? ''}"`)} END AS ${sqlIdentifier(field)}`).join(', ')}
        FROM vigil_raw WHERE trim(j) <> ''`);
      return;
    default:
      throwIllegalValue(fileType, 'file type');
  }
}

/**
 * Which column holds each field of `format` among the `available` columns (a header line,
 * JSON keys or a Parquet schema), or the columns that are missing: the check an upload runs
 * on the first line before accepting a file.
 */
export function checkInputColumns(input: {
  readonly format: InputFormat;
  readonly available: readonly string[];
  readonly mapping?: Partial<ColumnMapping>;
}): Result<Partial<Record<keyof ColumnMapping, string>>, Extract<ImportError, { type: 'missing-columns' }>> {
  const resolved = resolveColumns({ format: input.format, available: input.available, overrides: input.mapping ?? {} });
  if (resolved.ok) return resolved;
  if (resolved.error.type !== 'missing-columns') throw new Error(`unexpected ${resolved.error.type}`);
  return err(resolved.error);
}
