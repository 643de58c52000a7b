/**
 * The CLI's configuration: the one module of the CLI that reads `process.env`. Commands
 * that read or write data open the database that VIGIL_DATA_DIR or DATABASE_URL names,
 * with no server running.
 */
import { messageOf } from '@vigil/basics';
import type { DatabaseLocation, VigilDatabase } from '@vigil/db';
import { DataDirLockedError, migrateToLatest, openDatabase } from '@vigil/db';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CliError } from './cli-error';

const EnvSchema = z.object({
  VIGIL_DATA_DIR: z.string().min(1).default('./vigil-data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
});

/** Where the CLI's data lives, from the environment. */
export function databaseLocation(env: Record<string, string | undefined> = process.env): DatabaseLocation {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    throw new CliError(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 2);
  }
  return parsed.data.DATABASE_URL ? { kind: 'postgres', url: parsed.data.DATABASE_URL } : { kind: 'pglite', dataDir: resolve(parsed.data.VIGIL_DATA_DIR) };
}

/** Describes a location for messages. */
export function describeLocation(location: DatabaseLocation): string {
  return location.kind === 'postgres' ? `PostgreSQL at ${new URL(location.url).host}` : `embedded database in ${location.dataDir ?? '(memory)'}`;
}

/**
 * Opens and migrates the database, runs `work`, and closes it whatever happens.
 */
export async function withDatabase<T>(work: (database: VigilDatabase) => Promise<T>): Promise<T> {
  const location = databaseLocation();
  let database: VigilDatabase;
  try {
    database = await openDatabase(location);
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new CliError(error.message, 1);
    throw new CliError(`cannot open the ${describeLocation(location)}: ${messageOf(error)}`, 1);
  }
  try {
    await migrateToLatest(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The audit-log actor of commands run by the operator on the database directly. */
export function cliActor(command: string, env: Record<string, string | undefined> = process.env): { kind: 'system'; id: string; label: string } {
  const who = env['SUDO_USER'] ?? env['USER'] ?? 'operator';
  return { kind: 'system', id: `cli:${command}`, label: `vigil ${command} (by ${who})` };
}
