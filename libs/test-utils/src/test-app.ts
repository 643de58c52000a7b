import type { VigilDatabase } from '@vigil/db';
import { addMembership, createOrganisation, createUser } from '@vigil/db';
import type { OrganisationType, Role } from '@vigil/domain';
import type { Services, VigilApp } from '@vigil/server';
import { buildApp, createLogger, hashPassword } from '@vigil/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestEngine } from './test-database';
import { createTestDatabase } from './test-database';

/** A clock the test moves by hand. */
export interface TestClock {
  now(): Date;
  set(date: Date): void;
  advance(ms: number): void;
}

/** A clock starting at `start` that moves only when told. */
export function testClock(start = new Date('2027-03-01T09:00:00Z')): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (date) => {
      current = date.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** The app built in-process over a fresh database, called with `request` (no network). */
export interface TestApp extends VigilApp {
  /** What the app was built from (for a job worker over the same services, say). */
  readonly services: Services;
  readonly database: VigilDatabase;
  readonly clock: TestClock;
  /** Calls the app like a client at `address` would. */
  request(path: string, init?: RequestInit & { address?: string }): Promise<Response>;
  close(): Promise<void>;
}

/** Builds the real app over a fresh migrated database on `engine`. */
export async function createTestApp(
  engine: TestEngine = 'pglite',
  options: { readonly config?: Partial<Omit<Services['config'], 'filesDir'>> } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const clock = testClock();
  const filesDir = mkdtempSync(join(tmpdir(), 'vigil-files-'));
  const services: Services = {
    db: database.db,
    engine: database.engine,
    clock,
    logger: createLogger({ level: process.env['VIGIL_TEST_LOG'] === '1' ? 'error' : 'silent' }),
    config: { secureCookies: false, sessionHours: 12, trustProxy: false, demo: false, ...options.config, filesDir },
    version: 'test',
  };
  const built = buildApp(services);
  return {
    ...built,
    services,
    database,
    clock,
    request: async (path, init = {}) => {
      const { address = '192.0.2.1', ...rest } = init;
      return built.app.request(path, rest, { incoming: { socket: { remoteAddress: address } } });
    },
    close: async () => {
      await database.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** A logged-in browser-like client: cookie and CSRF token handled. */
export interface TestClient {
  readonly userId: string;
  readonly email: string;
  readonly csrfToken: string;
  /** JSON request with the session cookie (and CSRF token on changes); `csv` sends text/csv instead. */
  call(method: string, path: string, body?: unknown, options?: { readonly csv?: string }): Promise<Response>;
}

/** Logs in through the real login route and returns a client holding the session. */
export async function login(app: TestApp, email: string, password: string): Promise<TestClient> {
  const response = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const session = (await response.json()) as { user: { id: string }; csrfToken: string };
  return {
    userId: session.user.id,
    email,
    csrfToken: session.csrfToken,
    call: (method, path, body, options = {}) =>
      app.request(path, {
        method,
        headers: {
          cookie,
          ...(method === 'GET' ? {} : { 'x-csrf-token': session.csrfToken }),
          ...(options.csv !== undefined ? { 'content-type': 'text/csv' } : body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: options.csv ?? (body === undefined ? undefined : JSON.stringify(body)),
      }),
  };
}

/** The password every seeded test user has. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** Creates an organisation and a user holding `role` in it (or a platform admin). */
export async function seedUser(
  app: TestApp,
  input: { readonly email: string; readonly role?: Role; readonly organisationType?: OrganisationType; readonly organisationName?: string; readonly isAdmin?: boolean },
): Promise<{ userId: string; organisationId: string }> {
  const context = { actor: { kind: 'system' as const, id: 'test', label: 'test seed' }, now: app.clock.now() };
  const { db } = app.database;
  const organisationName = input.organisationName ?? `${input.organisationType ?? 'election-authority'} of ${input.email}`;
  const existing = await db.selectFrom('organisations').select('id').where('name', '=', organisationName).executeTakeFirst();
  const organisationId = existing?.id ?? (await createOrganisation(db, context, { name: organisationName, type: input.organisationType ?? 'election-authority' })).id;
  const user = await createUser(db, context, {
    email: input.email,
    name: input.email.split('@')[0] ?? input.email,
    passwordHash: await hashPassword(TEST_PASSWORD),
    isAdmin: input.isAdmin ?? false,
  });
  if (input.role) await addMembership(db, context, { userId: user.id, organisationId, role: input.role });
  return { userId: user.id, organisationId };
}
