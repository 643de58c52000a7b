import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { Transaction } from 'kysely';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { lockDataDir } from './data-dir-lock';
import { migrations } from './migrations';
import { PGliteDialect } from './pglite-dialect';
import type { Database } from './schema';

/** Where the data lives: an embedded PGlite directory, or a PostgreSQL server. */
export type DatabaseLocation =
  | { readonly kind: 'pglite'; readonly dataDir: string | null }
  | { readonly kind: 'postgres'; readonly url: string };

/** An open database: the Kysely handle and how to close it. */
export interface VigilDatabase {
  readonly db: Kysely<Database>;
  readonly engine: 'pglite' | 'postgres';
  /** The embedded instance, when the engine is PGlite (for dumps and backups). */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

/** A Kysely handle or a transaction on it: repositories accept either. */
export type Executor = Kysely<Database> | Transaction<Database>;

// PostgreSQL's int8 (bigint, count(*)) arrives as a string from node-postgres: our counts and
// sequence numbers stay far below 2^53, so read them as numbers. Dates (type 1082) stay strings.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(1082, (value) => value);

/**
 * Opens the database (PGlite in `dataDir`, in memory when `dataDir` is null, or PostgreSQL
 * at `url`) without migrating it.
 */
export async function openDatabase(location: DatabaseLocation): Promise<VigilDatabase> {
  if (location.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: location.url, max: 10 });
    // An idle pooled connection can be closed by the server (restart, failover, admin
    // termination). The pool discards it and the next query opens a new one; without this
    // listener the error would crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  if (location.dataDir === null) return fromPGlite(await createPGlite(null));
  mkdirSync(location.dataDir, { recursive: true });
  const unlock = lockDataDir(location.dataDir);
  try {
    const database = fromPGlite(await createPGlite(location.dataDir));
    return {
      ...database,
      close: async () => {
        await database.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** Opens a PGlite instance with the type parsing every Vigil database uses (in memory when null). */
export async function createPGlite(dataDir: string | null, options: { readonly loadDataDir?: Blob | File } = {}): Promise<PGlite> {
  return PGlite.create(dataDir ?? undefined, {
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    // Trigram indexes and accent-free words serve the sharing hub's text search (migrations 0009, 0010).
    extensions: { pg_trgm, unaccent },
    // Dates as ISO strings, int8 as numbers: the same values node-postgres gives above.
    parsers: { 1082: (value: string) => value, 20: (value: string) => Number.parseInt(value, 10) },
  });
}

/** Wraps an open PGlite instance (for tests that clone a migrated template). */
export function fromPGlite(pglite: PGlite): VigilDatabase {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins: [new CamelCasePlugin()] });
  return {
    db,
    engine: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** Result of bringing the schema up to date. */
export interface MigrationOutcome {
  readonly applied: readonly string[];
}

/** Applies every pending migration, in order, each in its own transaction. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
