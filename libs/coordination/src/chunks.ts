import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/**
 * Streams the result of `sql` chunk by chunk (about 2,048 rows each) as columns, so that
 * millions of rows never become millions of JavaScript objects at once.
 */
export async function forEachChunk(
  connection: DuckDBConnection,
  sql: string,
  onChunk: (columns: readonly (readonly DuckDBValue[])[], rowCount: number) => void,
): Promise<void> {
  const result = await connection.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    onChunk(chunk.getColumns(), chunk.rowCount);
  }
}

/** A DuckDB value as a number (integers of any width, doubles); null becomes NaN. */
export function asNumber(value: DuckDBValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return Number.NaN;
}
