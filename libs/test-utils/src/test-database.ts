/**
 * Test databases. Database suites run on every engine available: always the embedded PGlite,
 * and the PostgreSQL server named by VIGIL_TEST_DATABASE_URL when it is set (CI sets it).
 * Each call gives a fresh, migrated, empty database; nothing is mocked.
 */
import type { VigilDatabase } from '@vigil/db';
import { createPGlite, fromPGlite, migrateToLatest, migrations, openDatabase } from '@vigil/db';
import { readFileSync, readdirSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

/** The engines a database suite runs on here. */
export type TestEngine = 'pglite' | 'postgres';

/** `pglite`, plus `postgres` when VIGIL_TEST_DATABASE_URL is set. */
export function testEngines(): TestEngine[] {
  return process.env['VIGIL_TEST_DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];
}

/** Bump when the PGlite version changes, so a dump of another version is not reused. */
const PGLITE_VERSION = '0.5.16';

let template: Promise<Blob | File> | null = null;

/** The migrations' source files: a template is reused only while none of them changes. */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../db/src/migrations/', import.meta.url));

function migrationsFingerprint(): string {
  const hash = createHash('sha256').update(JSON.stringify(Object.keys(migrations)));
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  return hash.digest('hex');
}

/**
 * A dump of a migrated empty database. Creating one (initdb + migrations) takes seconds, so
 * it is made once per set of migrations and kept in the temporary directory for every test
 * file of the run (written atomically: parallel test files may race to write it).
 */
async function migratedTemplate(): Promise<Blob | File> {
  template ??= (async () => {
    const key = createHash('sha256').update(migrationsFingerprint()).update(PGLITE_VERSION).digest('hex').slice(0, 16);
    const file = join(tmpdir(), `vigil-test-template-${key}.tar`);
    try {
      return new Blob([await readFile(file)]);
    } catch {
      // Not made yet in this run: make it.
    }
    const database = fromPGlite(await createPGlite(null));
    await migrateToLatest(database.db);
    const dump = await database.pglite?.dumpDataDir('none');
    await database.close();
    if (!dump) throw new Error('could not dump the template database');
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  })();
  return template;
}

/**
 * A fresh migrated database on `engine`; close it after the test. With `migrate: false` it is
 * empty, for tests of a migration over data stored before it.
 */
export async function createTestDatabase(engine: TestEngine, options: { readonly migrate?: boolean } = {}): Promise<VigilDatabase> {
  const migrate = options.migrate ?? true;
  if (engine === 'pglite' && !migrate) return fromPGlite(await createPGlite(null));
  if (engine === 'pglite') {
    // PGlite's own clone() drops the type parsers, so load the dump with createPGlite.
    return fromPGlite(await createPGlite(null, { loadDataDir: await migratedTemplate() }));
  }
  const url = process.env['VIGIL_TEST_DATABASE_URL'];
  if (!url) throw new Error('VIGIL_TEST_DATABASE_URL is not set');
  const name = `vigil_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: target.toString() });
  if (migrate) await migrateToLatest(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
