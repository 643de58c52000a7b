import { serve } from '@hono/node-server';
import type { VigilDatabase } from '@vigil/db';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { ServerConfig } from './config';
import { jobHandlers } from './jobs/job-handlers';
import { createJobWorker } from './job-worker';
import type { Logger } from './logger';
import { startEscalationScheduler } from './respond/escalation-sweep';

/** Version of this build, shown by /api/health and OpenAPI. */
export const VIGIL_VERSION = '0.1.0';

/** A listening server. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves the app over an open, migrated database on `host:port` (port 0 picks a free one). */
export async function listen(input: {
  readonly database: VigilDatabase;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly host: string;
  readonly port: number;
  readonly webRoot: string | null;
  readonly config: Pick<ServerConfig, 'secureCookies' | 'sessionHours' | 'trustProxy' | 'demo' | 'filesDir' | 'detectMaxUploadBytes' | 'detectMaxOldSpaceMb' | 'smtp'>;
}): Promise<RunningServer> {
  const services = {
    db: input.database.db,
    engine: input.database.engine,
    clock: input.clock ?? systemClock,
    logger: input.logger,
    config: input.config,
    version: VIGIL_VERSION,
  };
  const { app } = buildApp(services, { webRoot: input.webRoot });
  // Background jobs run in the server process (several servers share the queue).
  const worker = createJobWorker({ db: services.db, clock: services.clock, logger: services.logger, handlers: jobHandlers(services) });
  worker.start();
  // Respond's SLA sweep is queued once a minute (by one server of several) and run by the worker.
  const scheduler = startEscalationScheduler({ db: services.db, clock: services.clock, logger: services.logger });
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, hostname: input.host, port: input.port }, (info: AddressInfo) => {
      const host = input.host.includes(':') ? `[${input.host}]` : input.host;
      resolvePromise({
        url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${info.port}`,
        port: info.port,
        close: async () => {
          await scheduler.stop();
          await worker.stop();
          await new Promise<void>((done) => {
            server.close(() => done());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          });
        },
      });
    });
    // Idle keep-alive connections live longer than load balancers' (60 s) and clients' idle
    // timeouts, so a client never reuses a connection the server is closing at that moment.
    const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
    http.keepAliveTimeout = 65_000;
    http.headersTimeout = 66_000;
    server.once('error', reject);
  });
}
