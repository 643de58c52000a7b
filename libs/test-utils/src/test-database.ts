/**
 * Test databases. Database suites run on every engine available: always the embedded PGlite,
 * and the PostgreSQL server named by VIGIL_TEST_DATABASE_URL when it is set (CI sets it).
 * Each call gives a fresh, migrated, empty database; nothing is mocked.
 */
import type { VigilDatabase } from '@vigil/db';
import { createPGlite, fromPGlite, migrateToLatest, openDatabase } from '@vigil/db';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The engines a database suite runs on here. */
export type TestEngine = 'pglite' | 'postgres';

/** `pglite`, plus `postgres` when VIGIL_TEST_DATABASE_URL is set. */
export function testEngines(): TestEngine[] {
  return process.env['VIGIL_TEST_DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];
}

let template: Promise<Blob | File> | null = null;

/** A dump of a migrated empty database, made once per test file; each test loads a copy. */
async function migratedTemplate(): Promise<Blob | File> {
  template ??= (async () => {
    const database = fromPGlite(await createPGlite(null));
    await migrateToLatest(database.db);
    const dump = await database.pglite?.dumpDataDir('none');
    await database.close();
    if (!dump) throw new Error('could not dump the template database');
    return dump;
  })();
  return template;
}

/** A fresh migrated database on `engine`; close it after the test. */
export async function createTestDatabase(engine: TestEngine): Promise<VigilDatabase> {
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
  await migrateToLatest(database.db);
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
