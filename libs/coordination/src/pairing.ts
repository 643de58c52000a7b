import type { DuckDBConnection } from '@duckdb/node-api';
import { assert } from '@vigil/basics';
import { queryRows } from './database';
import type { PairMethod } from './methods';

/**
 * The pairing engine shared by every pairwise method, in SQL over DuckDB.
 *
 * Input: a table `shares_<method>(key, aid, ts, line, variant)` — one row per action on an
 * object (`key`). Output: `pairs_<method>(a, b, kh, line_a, line_b, ts_a, ts_b)`, one row
 * per pair of actions by different accounts on the same object within the effective window,
 * with `a < b` and `kh` the hash of the object's key (the key text is looked up for evidence only,
 * so tens of millions of pairs never copy a URL or a text).
 *
 * Shares of one object are numbered in time order (rn); a window function finds, for each
 * share, the last share of the same object within the window (hi). Each share is then joined
 * to its successors rn + 1 … min(hi, rn + K) by an equi-join on (object, rn): the work is
 * proportional to the number of in-window pairs, never to the square of an object's shares.
 * K (`maxPairsPerShare`) is the viral-object guard: a share made in a burst of thousands
 * (a celebrity's post, a trending hashtag) is paired with its K nearest successors in time
 * only, so a viral object yields at most K pairs per share instead of a quadratic number.
 */

/** What pairing produced for one method. */
export interface PairingStats {
  readonly method: PairMethod;
  /** Seconds, as asked. */
  readonly window: number;
  /** Seconds compared against recorded differences: window + resolution − 1. */
  readonly effectiveWindow: number;
  readonly shares: number;
  readonly objects: number;
  /** In-window pairs of shares of one object (any accounts): M of the null model. */
  readonly pairsInWindow: number;
  /** In-window pairs of shares by two different accounts. */
  readonly accountPairs: number;
  /** Shares whose in-window successors were capped by the viral guard, and their objects. */
  readonly guardedShares: number;
  readonly guardedObjects: number;
}

/** The SQL table-name stem of a method. */
export function tableStem(method: PairMethod): string {
  return method.replaceAll('-', '_');
}

/** Builds `pairs_<method>` from `shares_<method>`. */
export async function buildPairs(options: {
  readonly connection: DuckDBConnection;
  readonly method: PairMethod;
  readonly window: number;
  readonly resolution: number;
  readonly maxPairsPerShare: number;
}): Promise<PairingStats> {
  const { connection, method, window, resolution, maxPairsPerShare } = options;
  assert(Number.isInteger(maxPairsPerShare) && maxPairsPerShare >= 1, 'maxPairsPerShare must be a positive integer');
  const stem = tableStem(method);
  const effectiveWindow = Math.max(0, Math.floor(window) + resolution - 1);
  // Near-duplicate clusters contain identical texts too; those pairs belong to identical-text.
  const variantFilter = method === 'near-duplicate-text' ? 'AND x.variant <> y.variant' : '';
  await connection.run(`DROP TABLE IF EXISTS ranked_${stem}; DROP TABLE IF EXISTS pairs_${stem}`);
  await connection.run(`
    CREATE TEMP TABLE ranked_${stem} AS
    WITH multi AS (
      SELECT hash(key) AS kh FROM shares_${stem} GROUP BY kh HAVING count(DISTINCT aid) > 1
    ), numbered AS (
      SELECT hash(s.key) AS kh, s.aid, s.ts, s.line, s.variant,
        row_number() OVER (PARTITION BY hash(s.key) ORDER BY s.ts, s.aid, s.line) AS rn
      FROM shares_${stem} s SEMI JOIN multi m ON hash(s.key) = m.kh
    )
    SELECT *, max(rn) OVER (PARTITION BY kh ORDER BY ts RANGE BETWEEN CURRENT ROW AND ${effectiveWindow} FOLLOWING) AS hi
    FROM numbered`);
  await connection.run(`
    CREATE TABLE pairs_${stem} AS
    WITH x AS (
      SELECT kh, aid, ts, line, variant, unnest(range(rn + 1, least(hi, rn + ${maxPairsPerShare}) + 1)) AS next_rn
      FROM ranked_${stem} WHERE hi > rn
    )
    SELECT
      least(x.aid, y.aid) AS a, greatest(x.aid, y.aid) AS b, x.kh,
      CASE WHEN x.aid < y.aid THEN x.line ELSE y.line END AS line_a,
      CASE WHEN x.aid < y.aid THEN y.line ELSE x.line END AS line_b,
      CASE WHEN x.aid < y.aid THEN x.ts ELSE y.ts END AS ts_a,
      CASE WHEN x.aid < y.aid THEN y.ts ELSE x.ts END AS ts_b
    FROM x JOIN ranked_${stem} y ON y.kh = x.kh AND y.rn = x.next_rn
    WHERE y.aid <> x.aid ${variantFilter}`);
  const stats = (
    await queryRows(
      connection,
      `SELECT
        (SELECT count(*) FROM shares_${stem}) AS shares,
        (SELECT count(DISTINCT key) FROM shares_${stem}) AS objects,
        (SELECT coalesce(sum(least(hi - rn, ${maxPairsPerShare})), 0) FROM ranked_${stem}) AS pairs_in_window,
        (SELECT count(*) FROM pairs_${stem}) AS account_pairs,
        (SELECT count(*) FROM ranked_${stem} WHERE hi - rn > ${maxPairsPerShare}) AS guarded_shares,
        (SELECT count(DISTINCT kh) FROM ranked_${stem} WHERE hi - rn > ${maxPairsPerShare}) AS guarded_objects`,
    )
  )[0];
  await connection.run(`DROP TABLE ranked_${stem}`);
  return {
    method,
    window,
    effectiveWindow,
    shares: Number(stats?.['shares'] ?? 0),
    objects: Number(stats?.['objects'] ?? 0),
    pairsInWindow: Number(stats?.['pairs_in_window'] ?? 0),
    accountPairs: Number(stats?.['account_pairs'] ?? 0),
    guardedShares: Number(stats?.['guarded_shares'] ?? 0),
    guardedObjects: Number(stats?.['guarded_objects'] ?? 0),
  };
}

/**
 * CooRnet-style estimate of the coordination window (Giglietto, Righetti, Rossi & Marino 2020,
 * `estimate_coord_interval`): among objects shared at least twice, take the median time from
 * the first to the second share; keep the objects that reach a share `p` of their shares no
 * later than that; the window is the `q` quantile of the time those objects took. Returns
 * `undefined` when no object is shared twice.
 */
export async function estimateCoordinationWindow(options: {
  readonly connection: DuckDBConnection;
  readonly method: PairMethod;
  readonly p?: number;
  readonly q?: number;
}): Promise<number | undefined> {
  const { connection, method } = options;
  const p = options.p ?? 0.5;
  const q = options.q ?? 0.1;
  assert(p > 0 && p <= 1 && q > 0 && q <= 1, 'p and q must be in (0, 1]');
  const stem = tableStem(method);
  const rows = await queryRows(
    connection,
    `WITH ranked AS (
      SELECT key, ts - min(ts) OVER (PARTITION BY key) AS since,
        row_number() OVER (PARTITION BY key ORDER BY ts, line) AS rank,
        count(*) OVER (PARTITION BY key) AS total
      FROM shares_${stem}
    ), second AS (
      SELECT median(since) AS m2 FROM ranked WHERE rank = 2
    ), reached AS (
      SELECT key, min(since) AS t FROM ranked, second
      WHERE total > 1 AND rank / total >= ${p} AND since <= second.m2
      GROUP BY key
    )
    SELECT CAST(quantile_cont(t, ${q}) AS DOUBLE) AS window FROM reached`,
  );
  const value = rows[0]?.['window'];
  return typeof value === 'number' ? Math.max(1, Math.round(value)) : undefined;
}
