/**
 * `npm start` and `vigil serve`: read the configuration, open and migrate the database,
 * create the first administrator and the demo data on a new installation, and serve.
 */
import { ensureStarterPlaybooks, migrateToLatest, openDatabase } from '@vigil/db';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFirstAdmin, ensureSharingSetup } from './bootstrap';
import { systemClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { loadDemoData } from './demo';
import { createLogger } from './logger';
import { listen } from './server';

/** The built web UI beside this package: apps/web/dist. */
export const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Starts the server from the environment; resolves once it listens. */
export async function start(env: Record<string, string | undefined> = process.env): Promise<void> {
  let config;
  try {
    config = loadConfig(env, { webRoot: DEFAULT_WEB_ROOT });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`vigil: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const database = await openDatabase(config.database.kind === 'postgres' ? config.database : { kind: 'pglite', dataDir: config.database.dataDir });
  const { applied } = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info('migrated', { applied });
  const now = systemClock.now();
  const admin = await ensureFirstAdmin(database.db, now);
  // Installations made before the sharing hub get its default communities on first start.
  await ensureSharingSetup(database.db, now);
  // A new installation (or one made before respond) gets the starter library of playbooks.
  const starter = await ensureStarterPlaybooks(database.db, { actor: { kind: 'system', id: 'bootstrap', label: 'starter playbooks' }, now });
  if (starter > 0) logger.info('starter playbooks loaded', { playbooks: starter });
  if (config.demo) {
    const demo = await loadDemoData(database.db, now, { filesDir: config.filesDir });
    if (demo.loaded) logger.info('demo data loaded', { country: demo.country });
  }
  const server = await listen({ database, logger, host: config.host, port: config.port, webRoot: config.webRoot, config });
  const where = config.database.kind === 'postgres' ? 'PostgreSQL' : `embedded database in ${config.database.dataDir}`;
  process.stdout.write(`\nVigil is running at ${server.url} (${where}).\n`);
  if (admin) {
    process.stdout.write(
      `\nFirst start: an administrator was created. This password is shown only once:\n  e-mail:   ${admin.email}\n  password: ${admin.password}\n` +
        `Change it after logging in (Account → Change your password), or reset it with: npx vigil user set-password --email ${admin.email} --password-stdin\n\n`,
    );
  }
  if (config.webRoot === null) process.stdout.write('The web UI is not built: run `npm run build` (npm start does this).\n');
  const shutdown = async () => {
    await server.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
