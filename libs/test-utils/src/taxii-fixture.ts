/**
 * Helpers for the TAXII tests: a test app with organisations, users, a sharing community and
 * collections, and callers that speak TAXII with Basic or Bearer credentials.
 */
import type { SharingCollection } from '@vigil/db';
import { createSharingCollection, createSharingCommunity } from '@vigil/db';
import type { Tlp } from '@vigil/domain';
import type { TestApp } from './test-app';
import type { TestEngine } from './test-database';
import { TEST_PASSWORD, createTestApp, login, seedUser } from './test-app';
import { buildIndicator } from '@vigil/stix';
import { randomUUID } from 'node:crypto';
import { TAXII_MEDIA_TYPE } from '@vigil/server';

/** Sends TAXII requests as one caller. */
export interface TaxiiCaller {
  readonly name: string;
  readonly userId: string | null;
  readonly organisationId: string | null;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  delete(path: string): Promise<Response>;
}

/** A caller with the given Authorization header (none: anonymous). */
export function taxiiCaller(app: TestApp, name: string, authorization: string | null, ids: { userId: string | null; organisationId: string | null } = { userId: null, organisationId: null }): TaxiiCaller {
  const headers = (extra: Record<string, string> = {}) => ({ accept: TAXII_MEDIA_TYPE, ...(authorization ? { authorization } : {}), ...extra });
  return {
    name,
    ...ids,
    get: (path, extra) => app.request(path, { headers: headers(extra) }),
    post: (path, body, extra) =>
      app.request(path, { method: 'POST', headers: headers({ 'content-type': TAXII_MEDIA_TYPE, ...extra }), body: typeof body === 'string' ? body : JSON.stringify(body) }),
    delete: (path) => app.request(path, { method: 'DELETE', headers: headers() }),
  };
}

/** HTTP Basic credentials. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Creates an API token for a user through the API and returns its secret. */
export async function tokenFor(app: TestApp, email: string, scopes: readonly string[]): Promise<string> {
  const client = await login(app, email, TEST_PASSWORD);
  const response = await client.call('POST', '/api/v1/tokens', { name: `taxii ${scopes.join(' ')}`, scopes });
  if (response.status !== 201) throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { secret: string }).secret;
}

/** An indicator with a fresh id, optionally a given id and modified time, marked at `tlp`. */
export function indicator(input: { readonly tlp?: Tlp; readonly id?: string; readonly modified?: Date; readonly name?: string } = {}) {
  const created = new Date('2027-01-01T00:00:00.000Z');
  const built = buildIndicator({
    uuid: input.id?.replace(/^indicator--/, '') ?? randomUUID(),
    created,
    ...(input.modified ? { modified: input.modified } : {}),
    ...(input.tlp ? { tlp: input.tlp } : {}),
    name: input.name ?? 'test indicator',
    pattern: "[domain-name:value = 'phish.example']",
    validFrom: created,
  });
  return built as unknown as Record<string, unknown> & { id: string; type: string; modified: string };
}

/** The shared fixture: organisations A (writer), B (reader), C (outside), the collections and callers. */
export interface TaxiiFixture {
  readonly app: TestApp;
  readonly orgA: string;
  readonly orgB: string;
  readonly orgC: string;
  readonly main: SharingCollection;
  readonly writeOnly: SharingCollection;
  readonly publicFeed: SharingCollection;
  readonly alice: TaxiiCaller;
  readonly aliceToken: TaxiiCaller;
  readonly bob: TaxiiCaller;
  readonly carol: TaxiiCaller;
  readonly anonymous: TaxiiCaller;
  readonly aliceReadToken: TaxiiCaller;
}

/** Builds the fixture on `engine`. */
export async function taxiiFixture(engine: TestEngine): Promise<TaxiiFixture> {
  const app = await createTestApp(engine);
  const a = await seedUser(app, { email: 'alice@a.example', role: 'analyst', organisationName: 'Org A' });
  const b = await seedUser(app, { email: 'bob@b.example', role: 'analyst', organisationName: 'Org B' });
  const c = await seedUser(app, { email: 'carol@c.example', role: 'analyst', organisationName: 'Org C' });
  const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: app.clock.now() };
  const community = await createSharingCommunity(app.database.db, context, { name: 'Test community', description: '', organisationIds: [a.organisationId, b.organisationId] });
  const main = await createSharingCollection(app.database.db, context, {
    communityId: community.id,
    title: 'Main',
    description: 'main collection',
    alias: 'main',
    publicRead: false,
    defaultTlp: 'green',
    rights: [
      { organisationId: a.organisationId, canRead: true, canWrite: true },
      { organisationId: b.organisationId, canRead: true, canWrite: false },
    ],
  });
  const writeOnly = await createSharingCollection(app.database.db, context, {
    communityId: community.id,
    title: 'Drop box',
    description: 'write only',
    publicRead: false,
    defaultTlp: 'amber',
    rights: [{ organisationId: a.organisationId, canRead: false, canWrite: true }],
  });
  const publicFeed = await createSharingCollection(app.database.db, context, {
    communityId: community.id,
    title: 'Public',
    description: 'public feed',
    publicRead: true,
    defaultTlp: 'clear',
    rights: [{ organisationId: a.organisationId, canRead: true, canWrite: true }],
  });
  const aliceIds = { userId: a.userId, organisationId: a.organisationId };
  return {
    app,
    orgA: a.organisationId,
    orgB: b.organisationId,
    orgC: c.organisationId,
    main,
    writeOnly,
    publicFeed,
    alice: taxiiCaller(app, 'alice (Basic password)', basic('alice@a.example', TEST_PASSWORD), aliceIds),
    aliceToken: taxiiCaller(app, 'alice (Bearer token)', `Bearer ${await tokenFor(app, 'alice@a.example', ['read', 'write'])}`, aliceIds),
    aliceReadToken: taxiiCaller(app, 'alice (Basic read-only token)', basic('alice@a.example', await tokenFor(app, 'alice@a.example', ['read'])), aliceIds),
    bob: taxiiCaller(app, 'bob', basic('bob@b.example', TEST_PASSWORD), { userId: b.userId, organisationId: b.organisationId }),
    carol: taxiiCaller(app, 'carol', basic('carol@c.example', TEST_PASSWORD), { userId: c.userId, organisationId: c.organisationId }),
    anonymous: taxiiCaller(app, 'anonymous', null),
  };
}
