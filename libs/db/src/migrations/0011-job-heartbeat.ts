import type { Kysely } from 'kysely';
import { runStatements } from './run-statements';

/**
 * A running job's heartbeat: the worker carrying it out writes the time every few seconds, so a
 * server starting beside it re-queues only the jobs of workers that stopped beating (a crashed
 * or killed server), never a job another live server is running.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table jobs add column heartbeat_at timestamptz;
    update jobs set heartbeat_at = started_at where status = 'running'
    `,
  );
}

/** Drops what the migration added. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `alter table jobs drop column heartbeat_at`);
}
