import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** An open DuckDB database that detection works in. */
export interface Database {
  readonly connection: DuckDBConnection;
  /** Closes the connection and the instance; the object is unusable afterwards. */
  close(): void;
}

/** Where and how to open the working database. */
export interface OpenDatabaseOptions {
  /** A database file (spills to disk, scales past memory) or `:memory:` (default). */
  readonly path?: string;
  /** DuckDB's memory limit, e.g. `'4GB'` (default: DuckDB's own, 80 % of RAM). */
  readonly memoryLimit?: string;
  /** Worker threads (default: DuckDB's own, one per core). */
  readonly threads?: number;
  /** Directory for spilled intermediate results. */
  readonly tempDirectory?: string;
}

/** Opens a DuckDB database in UTC with insertion order preserved (line numbers depend on it). */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const config: Record<string, string> = { preserve_insertion_order: 'true' };
  if (options.memoryLimit !== undefined) config['memory_limit'] = options.memoryLimit;
  if (options.threads !== undefined) config['threads'] = String(options.threads);
  if (options.tempDirectory !== undefined) config['temp_directory'] = options.tempDirectory;
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A row read from DuckDB with BIGINT/HUGEINT values converted to numbers. */
export type Row = Record<string, string | number | boolean | null | readonly (string | number)[]>;

function toPlain(value: unknown): string | number | boolean | null | readonly (string | number)[] {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item: unknown) => (typeof item === 'bigint' ? Number(item) : String(item)));
  if (value instanceof Date) return value.toISOString();
  // DuckDB's own value classes (timestamps, decimals, …) print themselves.
  return (value as { toString(): string }).toString();
}

/** Runs a query and returns its rows as plain objects (numbers for all integer types). */
export async function queryRows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => {
    const plain: Row = {};
    for (const [key, value] of Object.entries(row)) plain[key] = toPlain(value);
    return plain;
  });
}

/** Runs a query that returns one number (a count, a sum); null becomes 0. */
export async function queryNumber(connection: DuckDBConnection, sql: string): Promise<number> {
  const rows = await queryRows(connection, sql);
  const first = rows[0];
  if (first === undefined) return 0;
  const value = Object.values(first)[0];
  return typeof value === 'number' ? value : value === null || value === undefined ? 0 : Number(value);
}

/** Quotes a string as an SQL literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Quotes an SQL identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
