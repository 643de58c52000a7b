/**
 * Every route × every kind of caller: anonymous callers get 401 on every non-public route,
 * callers the policy does not allow get 403, everyone else gets past the gate. The test also
 * fails when a route is served that is not declared with a permission in the API contract.
 */
import type { RouteContract } from '@vigil/api';
import type { Actor, OrganisationType, Role } from '@vigil/domain';
import { ROLES, mayAttempt } from '@vigil/domain';
import type { TestApp, TestClient } from '@vigil/test-utils';
import { TEST_PASSWORD, createTestApp, login, seedUser } from '@vigil/test-utils';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { actorOfUser } from './auth';

interface Caller {
  readonly name: string;
  readonly actor: Actor;
  readonly send: (method: string, path: string, body: unknown, csv: boolean) => Promise<Response>;
  readonly organisationId: string | null;
  readonly userId: string | null;
}

let app: TestApp;
const callers: Caller[] = [];

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
    return {
      name,
      actor: resolved.actor,
      organisationId,
      userId: client.userId,
      send: (method, path, body, csv) => client.call(method, path, method === 'GET' ? undefined : body, csv && method !== 'GET' ? { csv: '' } : {}),
    };
  };
  callers.push({
    name: 'anonymous',
    actor: { kind: 'anonymous' },
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
    organisationId: admin.organisationId,
    userId: adminClient.userId,
    send: (method, path, body, csv) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${created.secret}`, 'content-type': csv ? 'text/csv' : 'application/json' },
        body: method === 'GET' ? undefined : csv ? '' : JSON.stringify(body),
      }),
  });
}, 300_000);

afterAll(async () => {
  await app?.close();
});

test('every served route is declared in the API contract with a permission', () => {
  const declared = new Set(app.routes.map((route) => `${route.method.toUpperCase()} ${route.path.replace(/\{(\w+)\}/g, ':$1')}`));
  const served = app.app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${route.path}`);
  expect(served.length).toBeGreaterThan(25);
  expect(served.filter((route) => !declared.has(route))).toEqual([]);
  for (const route of app.routes) expect(route.permission, `${route.method} ${route.path}`).toBeTruthy();
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
