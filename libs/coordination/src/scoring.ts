import type { DuckDBConnection } from '@duckdb/node-api';
import { asNumber, forEachChunk } from './chunks';
import { queryNumber } from './database';
import type { MethodSettings, PairMethod } from './methods';
import { benjaminiHochbergTyped, expectedCoShares, poissonUpperTail } from './null-model';
import { tableStem, type PairingStats } from './pairing';

/** How many account pairs a method tested and found significant. */
export interface MethodScore {
  /** Account pairs with at least one in-window co-share. */
  readonly testedPairs: number;
  /** Pairs of accounts with at least `minShared` actions each: the hypotheses of the multiple-testing correction. */
  readonly hypotheses: number;
  /** Pairs with at least `minShared` distinct shared objects. */
  readonly candidateEdges: number;
  /** Candidates whose adjusted p-value is at most alpha. */
  readonly significantEdges: number;
}

/**
 * Scores every candidate edge of `method` into the table `edge_method`
 * (method, a, b, shared, instances, weight, expected, p, q, significant):
 *
 * - `shared`: co-shares, counted as min(posts of a, posts of b) that have an in-window partner:
 *   each coordinated episode counts once even when it repeats a hashtag, a text or a link of an
 *   earlier episode, and one post counts once however many hashtags or links it shares;
 * - `weight`: shared / √(n_a · n_b), the co-shares normalised by both accounts' activity in
 *   this behaviour (a cosine similarity; 1 when two accounts only ever act together);
 * - `expected`, `p`: the null model's mean and upper-tail p-value (see `null-model.ts`);
 * - `q`: Benjamini–Hochberg over all pairs of accounts that could reach `minShared` co-shares;
 *   `significant` when q ≤ alpha.
 */
export async function scoreMethod(options: {
  readonly connection: DuckDBConnection;
  readonly method: PairMethod;
  readonly settings: MethodSettings;
  readonly pairing: PairingStats;
  readonly alpha: number;
  readonly accountCount: number;
  /**
   * The table whose rows are the behaviour's opportunities (default `shares_<method>`): for
   * near-duplicates every text post could have been a near-duplicate, not only the clustered ones.
   */
  readonly activityTable?: string;
}): Promise<MethodScore> {
  const { connection, method, settings, pairing, alpha, accountCount } = options;
  const stem = tableStem(method);
  const activity = new Float64Array(accountCount);
  let totalShares = 0;
  let activeAccounts = 0;
  await forEachChunk(connection, `SELECT aid, count(*) AS n FROM ${options.activityTable ?? `shares_${stem}`} GROUP BY aid`, (columns, rows) => {
    const [aids, counts] = columns;
    for (let i = 0; i < rows; i += 1) {
      const n = asNumber(counts?.[i]);
      activity[asNumber(aids?.[i])] = n;
      totalShares += n;
      if (n >= settings.minShared) activeAccounts += 1;
    }
  });
  // Co-shares never exceed instances: the distinct counts run on the few pairs with at least
  // `minShared` instances, not on the millions that co-shared once in a viral burst.
  await connection.run(`
    CREATE OR REPLACE TEMP TABLE instances_${stem} AS SELECT a, b, count(*) AS instances FROM pairs_${stem} GROUP BY a, b`);
  const testedPairs = await queryNumber(connection, `SELECT count(*) FROM instances_${stem}`);
  await connection.run(`
    CREATE OR REPLACE TEMP TABLE counted_${stem} AS
    SELECT p.a, p.b, least(count(DISTINCT p.line_a), count(DISTINCT p.line_b)) AS shared, count(*) AS instances
    FROM pairs_${stem} p SEMI JOIN (SELECT a, b FROM instances_${stem} WHERE instances >= ${settings.minShared}) c ON p.a = c.a AND p.b = c.b
    GROUP BY p.a, p.b`);
  await connection.run(`DROP TABLE instances_${stem}`);
  // Candidates in typed arrays (8 bytes a value, not a boxed number in a growing array).
  const candidates = await queryNumber(connection, `SELECT count(*) FROM counted_${stem} WHERE shared >= ${settings.minShared}`);
  const a = new Int32Array(candidates);
  const b = new Int32Array(candidates);
  const shared = new Int32Array(candidates);
  const instances = new Float64Array(candidates);
  const expected = new Float64Array(candidates);
  const p = new Float64Array(candidates);
  let filled = 0;
  await forEachChunk(
    connection,
    `SELECT a, b, shared, instances FROM counted_${stem} WHERE shared >= ${settings.minShared} ORDER BY a, b`,
    (columns, rows) => {
      const [as, bs, shareds, counts] = columns;
      for (let i = 0; i < rows; i += 1) {
        const x = asNumber(as?.[i]);
        const y = asNumber(bs?.[i]);
        const k = asNumber(shareds?.[i]);
        const lambda = expectedCoShares({
          pairsInWindow: pairing.pairsInWindow,
          totalShares,
          sharesA: activity[x] ?? 0,
          sharesB: activity[y] ?? 0,
        });
        a[filled] = x;
        b[filled] = y;
        shared[filled] = k;
        instances[filled] = asNumber(counts?.[i]);
        expected[filled] = lambda;
        p[filled] = poissonUpperTail(k, lambda);
        filled += 1;
      }
    },
  );
  await connection.run(`DROP TABLE counted_${stem}`);
  // Every pair of accounts that could reach `minShared` co-shares is a hypothesis, not only the
  // pairs seen together: selecting pairs with a co-share first and correcting for those alone
  // would understate the multiplicity (a pair that co-shared once has X ≥ 2 with probability
  // ≈ λ/2, not λ²/2). Pairs where an account has fewer actions than `minShared` can never be
  // significant and are not counted (Tarone 1990: untestable hypotheses do not dilute alpha).
  const hypotheses = (activeAccounts * (activeAccounts - 1)) / 2;
  const q = benjaminiHochbergTyped(p, Math.max(hypotheses, candidates));
  const appender = await connection.createAppender('edge_method');
  let significantEdges = 0;
  for (let i = 0; i < candidates; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    const k = shared[i] ?? 0;
    const significant = (q[i] ?? 1) <= alpha;
    if (significant) significantEdges += 1;
    appender.appendVarchar(method);
    appender.appendInteger(x);
    appender.appendInteger(y);
    appender.appendInteger(k);
    appender.appendInteger(instances[i] ?? 0);
    appender.appendDouble(k / Math.sqrt(Math.max(1, (activity[x] ?? 1) * (activity[y] ?? 1))));
    appender.appendDouble(expected[i] ?? 0);
    appender.appendDouble(p[i] ?? 1);
    appender.appendDouble(q[i] ?? 1);
    appender.appendBoolean(significant);
    appender.endRow();
  }
  appender.closeSync();
  return { testedPairs, hypotheses, candidateEdges: candidates, significantEdges };
}

/** Creates the empty `edge_method` table that `scoreMethod` fills. */
export async function createEdgeMethodTable(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
    CREATE OR REPLACE TABLE edge_method (
      method VARCHAR, a INTEGER, b INTEGER, shared INTEGER, instances INTEGER,
      weight DOUBLE, expected DOUBLE, p DOUBLE, q DOUBLE, significant BOOLEAN)`);
}
