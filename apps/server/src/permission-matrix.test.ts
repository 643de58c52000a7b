/**
 * Every route × every kind of caller: anonymous callers get 401 on every non-public route,
 * callers the policy does not allow get 403, everyone else gets past the gate. The test also
 * fails when a route is served that is not declared with a permission in the API contract
 * or, for the TAXII server, in TAXII_ROUTES; TAXII routes are called with TAXII credentials
 * (Bearer tokens), since the TAXII server reads no session cookies.
 */
import type { RouteContract } from '@vigil/api';
import { createSharingCollection, createSharingCommunity } from '@vigil/db';
import type { Actor, OrganisationType, Role } from '@vigil/domain';
import { ROLES, mayAttempt } from '@vigil/domain';
import type { TestApp, TestClient } from '@vigil/test-utils';
import { TEST_PASSWORD, createTestApp, login, seedUser } from '@vigil/test-utils';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { actorOfUser } from './auth';
import type { TaxiiRoute } from './taxii/taxii-routes';

interface Caller {
  readonly name: string;
  readonly actor: Actor;
  readonly send: (method: string, path: string, body: unknown, csv: boolean) => Promise<Response>;
  /** The caller as a TAXII client: its actor (through a token of all its scopes) and a sender. */
  readonly taxii: { readonly actor: Actor; readonly send: (method: string, path: string) => Promise<Response> };
  readonly organisationId: string | null;
  readonly userId: string | null;
}

let app: TestApp;
const callers: Caller[] = [];
let collectionId = '';

function taxiiSender(authorization: string | null) {
  return (method: string, path: string) =>
    app.request(path, {
      method,
      headers: { accept: 'application/taxii+json;version=2.1', 'content-type': 'application/taxii+json;version=2.1', ...(authorization ? { authorization } : {}) },
      body: method === 'POST' ? '{}' : undefined,
    });
}

function fillTaxii(route: TaxiiRoute): string {
  const fallback = '00000000-0000-4000-8000-000000000000';
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'collectionId' ? collectionId : name === 'objectId' ? `indicator--${fallback}` : fallback));
}

function fill(route: RouteContract, caller: Caller): string {
  const fallback = '00000000-0000-4000-8000-000000000000';
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'role') return 'viewer';
    if (name === 'userId') return caller.userId ?? fallback;
    if (name === 'id' && route.path.startsWith('/api/v1/organisations/')) return caller.organisationId ?? fallback;
    if (name === 'id' && route.path.startsWith('/api/v1/users/')) return caller.userId ?? fallback;
    return fallback;
  });
}

beforeAll(async () => {
  app = await createTestApp();
  const sessionCaller = async (name: string, client: TestClient, organisationId: string | null): Promise<Caller> => {
    const resolved = await actorOfUser(app.database.db, client.userId);
    if (!resolved) throw new Error('no actor');
    const scopes = ['read', 'write', 'admin'] as const;
    const token = (await (await client.call('POST', '/api/v1/tokens', { name: 'taxii', scopes })).json()) as { secret: string };
    const tokenActor = await actorOfUser(app.database.db, client.userId, scopes);
    if (!tokenActor) throw new Error('no actor');
    return {
      name,
      actor: resolved.actor,
      taxii: { actor: tokenActor.actor, send: taxiiSender(`Bearer ${token.secret}`) },
      organisationId,
      userId: client.userId,
      send: (method, path, body, csv) => client.call(method, path, method === 'GET' ? undefined : body, csv && method !== 'GET' ? { csv: '' } : {}),
    };
  };
  callers.push({
    name: 'anonymous',
    actor: { kind: 'anonymous' },
    taxii: { actor: { kind: 'anonymous' }, send: taxiiSender(null) },
    organisationId: null,
    userId: null,
    send: (method, path, body, csv) =>
      app.request(path, {
        method,
        headers: { 'content-type': csv ? 'text/csv' : 'application/json' },
        body: method === 'GET' ? undefined : csv ? '' : JSON.stringify(body),
      }),
  });
  const admin = await seedUser(app, { email: 'platform-admin@test.example', isAdmin: true, role: 'admin' });
  callers.push(await sessionCaller('platform admin', await login(app, 'platform-admin@test.example', TEST_PASSWORD), admin.organisationId));
  const types: OrganisationType[] = ['election-authority', 'civil-society'];
  for (const type of types) {
    for (const role of ROLES as readonly Role[]) {
      const email = `${role}.${type}@test.example`;
      const seeded = await seedUser(app, { email, role, organisationType: type });
      callers.push(await sessionCaller(`${role} in ${type}`, await login(app, email, TEST_PASSWORD), seeded.organisationId));
    }
  }
  // A platform admin's read-only token: the token's scope bounds what the admin may do.
  const adminClient = await login(app, 'platform-admin@test.example', TEST_PASSWORD);
  const created = (await (await adminClient.call('POST', '/api/v1/tokens', { name: 'read only', scopes: ['read'] })).json()) as { secret: string };
  const tokenActor = await actorOfUser(app.database.db, adminClient.userId, ['read']);
  if (!tokenActor) throw new Error('no actor');
  callers.push({
    name: 'read-only token',
    actor: tokenActor.actor,
    taxii: { actor: tokenActor.actor, send: taxiiSender(`Bearer ${created.secret}`) },
    organisationId: admin.organisationId,
    userId: adminClient.userId,
    send: (method, path, body, csv) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${created.secret}`, 'content-type': csv ? 'text/csv' : 'application/json' },
        body: method === 'GET' ? undefined : csv ? '' : JSON.stringify(body),
      }),
  });
  // A collection every caller's organisation may read and write, so TAXII handlers run past the collection check.
  const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: app.clock.now() };
  const organisationIds = [...new Set(callers.flatMap((caller) => (caller.organisationId ? [caller.organisationId] : [])))];
  const community = await createSharingCommunity(app.database.db, context, { name: 'Matrix', description: '', organisationIds });
  const collection = await createSharingCollection(app.database.db, context, {
    communityId: community.id,
    title: 'Matrix',
    description: '',
    publicRead: false,
    defaultTlp: 'green',
    rights: organisationIds.map((organisationId) => ({ organisationId, canRead: true, canWrite: true })),
  });
  collectionId = collection.id;
}, 300_000);

afterAll(async () => {
  await app?.close();
});

test('every served route is declared in the API contract with a permission', () => {
  const declared = new Set([...app.routes, ...app.taxiiRoutes].map((route) => `${route.method.toUpperCase()} ${route.path.replace(/\{(\w+)\}/g, ':$1')}`));
  const served = app.app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${route.path}`);
  expect(served.length).toBeGreaterThan(25);
  expect(served.filter((route) => !declared.has(route))).toEqual([]);
  for (const route of [...app.routes, ...app.taxiiRoutes]) expect(route.permission, `${route.method} ${route.path}`).toBeTruthy();
  expect(app.taxiiRoutes.length).toBe(11);
});

test('each route answers every caller as the policy decides', async () => {
  const mismatches: string[] = [];
  let checked = 0;
  for (const route of app.routes) {
    if (route.path === '/api/v1/auth/logout') continue; // ends the session the rest of the matrix uses; covered in api tests
    for (const caller of callers) {
      const response = await caller.send(route.method.toUpperCase(), fill(route, caller), {}, route.mediaType === 'text/csv');
      const status = response.status;
      const expected =
        route.permission === 'public' ? 'pass' : caller.actor.kind === 'anonymous' ? 401 : mayAttempt(caller.actor, route.permission) ? 'pass' : 403;
      const ok = expected === 'pass' ? status !== 401 && status !== 403 : status === expected;
      if (!ok) mismatches.push(`${route.method.toUpperCase()} ${route.path} as ${caller.name}: expected ${expected}, got ${status}`);
      checked += 1;
    }
  }
  expect(mismatches).toEqual([]);
  expect(checked).toBeGreaterThan(400);
}, 300_000);

test('each TAXII route answers every caller as the policy decides', async () => {
  const mismatches: string[] = [];
  for (const route of app.taxiiRoutes) {
    for (const caller of callers) {
      const response = await caller.taxii.send(route.method.toUpperCase(), fillTaxii(route));
      const { actor } = caller.taxii;
      const expected = mayAttempt(actor, route.permission) ? 'pass' : actor.kind === 'anonymous' ? 401 : 403;
      const ok = expected === 'pass' ? response.status !== 401 && response.status !== 403 && response.status < 500 : response.status === expected;
      if (!ok) mismatches.push(`${route.method.toUpperCase()} ${route.path} as ${caller.name}: expected ${expected}, got ${response.status}`);
    }
  }
  expect(mismatches).toEqual([]);
}, 300_000);
