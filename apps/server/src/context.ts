import type { Actor } from '@vigil/domain';
import type { Kysely } from 'kysely';
import type { Database } from '@vigil/db';
import type { Clock } from './clock';
import type { ServerConfig } from './config';
import type { Logger } from './logger';

/** Everything a request handler may use: injected once in the composition root. */
export interface Services {
  readonly db: Kysely<Database>;
  readonly engine: 'pglite' | 'postgres';
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Pick<ServerConfig, 'secureCookies' | 'sessionHours' | 'trustProxy' | 'demo' | 'filesDir' | 'detectMaxUploadBytes' | 'detectMaxOldSpaceMb' | 'smtp'>;
  readonly version: string;
}

/** The authenticated caller and how they came in. */
export interface RequestAuth {
  readonly actor: Actor;
  /** Display label for the audit log. */
  readonly label: string;
  readonly via: 'anonymous' | 'session' | 'token' | 'basic-password';
  /** Hash of the session secret, for cookie sessions. */
  readonly sessionHash: string | null;
  readonly csrfToken: string | null;
}

/** Hono's typed context variables. */
export interface AppEnv {
  Variables: {
    requestId: string;
    auth: RequestAuth;
    clientAddress: string;
  };
}
