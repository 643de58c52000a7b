import type { VigilDatabase } from '@vigil/db';
import type { Clock, Logger } from '@vigil/server';
import { createLogger, ensureFirstAdmin, listen, systemClock } from '@vigil/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestEngine } from './test-database';
import { createTestDatabase } from './test-database';

/** A real Vigil server running in this process over a fresh database. */
export interface TestServer {
  readonly url: string;
  readonly admin: { readonly email: string; readonly password: string };
  readonly database: VigilDatabase;
  close(): Promise<void>;
}

/**
 * Starts the real server (same composition as `npm start`) on a free loopback port over a
 * fresh migrated database with a first administrator. Serves the built UI from `webRoot`.
 */
export async function startTestServer(options: { readonly webRoot?: string | null; readonly engine?: TestEngine; readonly clock?: Clock; readonly logger?: Logger } = {}): Promise<TestServer> {
  const database = await createTestDatabase(options.engine ?? 'pglite');
  const clock = options.clock ?? systemClock;
  const admin = await ensureFirstAdmin(database.db, clock.now());
  if (!admin) throw new Error('a fresh test database already had users');
  const filesDir = mkdtempSync(join(tmpdir(), 'vigil-files-'));
  const server = await listen({
    database,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    clock,
    host: '127.0.0.1',
    port: 0,
    webRoot: options.webRoot ?? null,
    config: { secureCookies: false, sessionHours: 12, trustProxy: false, demo: false, filesDir },
  });
  return {
    url: server.url,
    admin,
    database,
    close: async () => {
      await server.close();
      await database.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
