import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Runs a script of SQL statements one at a time: PGlite's extended protocol takes one
 * statement per query. Statements are separated by a semicolon at the end of a line.
 */
export async function runStatements(db: Kysely<unknown>, script: string): Promise<void> {
  const statements = script
    .split(/;\s*\n/)
    .map((statement) => statement.trim().replace(/;$/, ''))
    .filter((statement) => statement.length > 0);
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
