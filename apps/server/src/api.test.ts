import type { TestApp, TestClient } from '@vigil/test-utils';
import { TEST_PASSWORD, createTestApp, login, seedUser, testEngines } from '@vigil/test-utils';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MAX_FAILED_LOGINS } from './auth';

// One app per engine: PGlite always, PostgreSQL when VIGIL_TEST_DATABASE_URL is set.
const apps = new Map<string, { app: TestApp; admin: TestClient }>();

beforeAll(async () => {
  for (const engine of testEngines()) {
    const app = await createTestApp(engine);
    await seedUser(app, { email: 'admin@test.example', isAdmin: true, role: 'admin', organisationName: 'Operators' });
    apps.set(engine, { app, admin: await login(app, 'admin@test.example', TEST_PASSWORD) });
  }
}, 300_000);

afterAll(async () => {
  for (const { app } of apps.values()) await app.close();
});

function get(engine: string) {
  const entry = apps.get(engine);
  if (!entry) throw new Error(`no app for ${engine}`);
  return entry;
}

const engines = testEngines();

test.each(engines)('%s: health answers 200 and OpenAPI lists every route', async (engine) => {
  const { app } = get(engine);
  const health = await app.request('/api/health');
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', database: engine });
  const openapi = (await (await app.request('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, { 'x-vigil-permission': string }>> };
  expect(openapi.openapi).toBe('3.1.0');
  const operations = Object.values(openapi.paths).flatMap((methods) => Object.values(methods));
  // Every API route and every TAXII route, each once.
  expect(operations).toHaveLength(app.routes.length + app.taxiiRoutes.length);
  expect(openapi.paths['/api/v1/organisations']?.['post']?.['x-vigil-permission']).toBe('organisation.create');
});

test.each(engines)('%s: bad input is a problem+json with field paths; nothing is written', async (engine) => {
  const { app, admin } = get(engine);
  const response = await admin.call('POST', '/api/v1/users', { email: 'not-an-email', name: '', password: 'short', memberships: [{ organisationId: 'x', role: 'boss' }] });
  expect(response.status).toBe(422);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as { errors: { path: string }[] };
  expect(problem.errors.map((e) => e.path).sort()).toEqual(['/email', '/memberships/0/organisationId', '/memberships/0/role', '/name', '/password']);
  const malformed = await app.request('/api/v1/organisations', { method: 'POST', headers: { 'content-type': 'application/json', cookie: '' }, body: '{' });
  expect(malformed.status).toBe(401);
  const notJson = await admin.call('POST', '/api/v1/organisations', undefined, { csv: 'a,b' });
  expect(notJson.status).toBe(415);
  const unknown = await admin.call('GET', '/api/v1/nothing-here');
  expect(unknown.status).toBe(404);
  expect(((await unknown.json()) as { type: string }).type).toBe('/api/problems/not-found');
});

test.each(engines)('%s: sessions need the CSRF token for changes; logout ends them', async (engine) => {
  const { app } = get(engine);
  await seedUser(app, { email: 'csrf@test.example', role: 'viewer' });
  const client = await login(app, 'csrf@test.example', TEST_PASSWORD);
  const cookieOnly = await app.request('/api/v1/auth/profile', {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', cookie: (await loginCookie(app, 'csrf@test.example')) ?? '' },
    body: JSON.stringify({ locale: 'fr' }),
  });
  expect(cookieOnly.status).toBe(403);
  const withToken = await client.call('PATCH', '/api/v1/auth/profile', { locale: 'fr' });
  expect(withToken.status).toBe(200);
  expect(((await withToken.json()) as { locale: string }).locale).toBe('fr');
  expect((await client.call('POST', '/api/v1/auth/logout')).status).toBe(204);
  expect((await client.call('GET', '/api/v1/auth/session')).status).toBe(401);
});

async function loginCookie(app: TestApp, email: string): Promise<string | undefined> {
  const response = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: TEST_PASSWORD }) });
  return response.headers.get('set-cookie')?.split(';')[0];
}

test.each(engines)('%s: repeated wrong passwords lock the account; the lock expires', async (engine) => {
  const { app } = get(engine);
  await seedUser(app, { email: 'lock@test.example', role: 'viewer' });
  const attempt = (password: string) =>
    app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'lock@test.example', password }), address: '198.51.100.7' });
  for (let index = 1; index < MAX_FAILED_LOGINS; index += 1) expect((await attempt('wrong password!')).status).toBe(401);
  expect((await attempt('wrong password!')).status).toBe(423);
  expect((await attempt(TEST_PASSWORD)).status).toBe(423);
  app.clock.advance(16 * 60_000);
  expect((await attempt(TEST_PASSWORD)).status).toBe(200);
  // An unknown e-mail answers exactly like a wrong password.
  const unknown = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@test.example', password: 'x' }) });
  expect(unknown.status).toBe(401);
});

test.each(engines)('%s: password change keeps this session and ends the others', async (engine) => {
  const { app } = get(engine);
  await seedUser(app, { email: 'pw@test.example', role: 'viewer' });
  const first = await login(app, 'pw@test.example', TEST_PASSWORD);
  const second = await login(app, 'pw@test.example', TEST_PASSWORD);
  expect((await first.call('POST', '/api/v1/auth/password', { currentPassword: 'nope', newPassword: 'another long password' })).status).toBe(422);
  expect((await first.call('POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'another long password' })).status).toBe(204);
  expect((await first.call('GET', '/api/v1/auth/session')).status).toBe(200);
  expect((await second.call('GET', '/api/v1/auth/session')).status).toBe(401);
  await expect(login(app, 'pw@test.example', TEST_PASSWORD)).rejects.toThrow('401');
  await login(app, 'pw@test.example', 'another long password');
});

test.each(engines)('%s: API tokens are shown once, stored hashed, scoped, expiring and revocable', async (engine) => {
  const { app, admin } = get(engine);
  const created = await admin.call('POST', '/api/v1/tokens', { name: 'ci', scopes: ['read'], expiresInDays: 1 });
  expect(created.status).toBe(201);
  const { secret, token } = (await created.json()) as { secret: string; token: { id: string; prefix: string } };
  expect(secret.startsWith(token.prefix)).toBe(true);
  const stored = await app.database.db.selectFrom('apiTokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
  expect(JSON.stringify(stored)).not.toContain(secret);
  const listed = JSON.stringify(await (await admin.call('GET', '/api/v1/tokens')).json());
  expect(listed).not.toContain(secret);
  const bearer = (path: string, method = 'GET') => app.request(path, { method, headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{"name":"X","type":"vendor"}' });
  expect((await bearer('/api/v1/organisations')).status).toBe(200);
  // Read scope: no writes even for an administrator's token.
  expect((await bearer('/api/v1/organisations', 'POST')).status).toBe(403);
  // HTTP Basic with the token as password works too (TAXII clients).
  const basic = await app.request('/api/v1/organisations', { headers: { authorization: `Basic ${Buffer.from(`any:${secret}`).toString('base64')}` } });
  expect(basic.status).toBe(200);
  app.clock.advance(2 * 86_400_000);
  expect((await bearer('/api/v1/organisations')).status).toBe(401);
  app.clock.advance(-2 * 86_400_000);
  expect((await admin.call('DELETE', `/api/v1/tokens/${token.id}`)).status).toBe(204);
  expect((await bearer('/api/v1/organisations')).status).toBe(401);
  expect((await admin.call('DELETE', `/api/v1/tokens/${token.id}`)).status).toBe(404);
});

test.each(engines)('%s: organisations, users and memberships; organisation admins manage only their own', async (engine) => {
  const { app, admin } = get(engine);
  const org = (await (await admin.call('POST', '/api/v1/organisations', { name: 'Civic Watch', type: 'civil-society', country: 'FR' })).json()) as { id: string };
  expect((await admin.call('POST', '/api/v1/organisations', { name: 'civic watch', type: 'media' })).status).toBe(409);
  const user = await admin.call('POST', '/api/v1/users', { email: 'Lead@Civic.example', name: 'Lead', password: 'a long enough password', memberships: [{ organisationId: org.id, role: 'admin' }] });
  expect(user.status).toBe(201);
  expect(((await user.json()) as { email: string }).email).toBe('lead@civic.example');
  const lead = await login(app, 'lead@civic.example', 'a long enough password');
  const other = (await (await admin.call('POST', '/api/v1/organisations', { name: 'Other', type: 'vendor' })).json()) as { id: string };
  expect((await lead.call('PATCH', `/api/v1/organisations/${org.id}`, { name: 'Civic Watch Europe' })).status).toBe(200);
  expect((await lead.call('PATCH', `/api/v1/organisations/${other.id}`, { name: 'Taken over' })).status).toBe(403);
  expect((await lead.call('GET', `/api/v1/organisations/${other.id}/members`)).status).toBe(403);
  const listed = (await (await lead.call('GET', '/api/v1/users')).json()) as { items: { email: string }[] };
  expect(listed.items.map((u) => u.email)).toEqual(['lead@civic.example']);
  expect((await admin.call('POST', `/api/v1/organisations/${org.id}/members`, { userId: lead.userId, role: 'analyst' })).status).toBe(201);
  const members = (await (await lead.call('GET', `/api/v1/organisations/${org.id}/members`)).json()) as { items: { role: string }[] };
  expect(members.items.map((m) => m.role)).toEqual(['admin', 'analyst']);
  expect((await lead.call('PATCH', `/api/v1/users/${lead.userId}`, { isAdmin: true })).status).toBe(403);
  expect((await admin.call('PATCH', `/api/v1/users/${lead.userId}`, { disabled: true })).status).toBe(200);
  expect((await lead.call('GET', '/api/v1/auth/session')).status).toBe(401);
});

test.each(engines)('%s: cursor pagination returns every organisation exactly once', async (engine) => {
  const { admin } = get(engine);
  for (let index = 0; index < 12; index += 1) {
    expect((await admin.call('POST', '/api/v1/organisations', { name: `Paged ${String(index).padStart(2, '0')}`, type: 'platform' })).status).toBe(201);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = (await (await admin.call('GET', `/api/v1/organisations?type=platform&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json()) as { items: { name: string }[]; nextCursor: string | null };
    seen.push(...page.items.map((o) => o.name));
    cursor = page.nextCursor;
  } while (cursor);
  expect(seen).toEqual(Array.from({ length: 12 }, (_, index) => `Paged ${String(index).padStart(2, '0')}`));
});

test.each(engines)('%s: jurisdiction tree, line of authority, CSV export and import', async (engine) => {
  const { admin } = get(engine);
  const cec = (await (await admin.call('POST', '/api/v1/organisations', { name: 'Central Election Commission', type: 'election-authority' })).json()) as { id: string; name: string };
  const nation = (await (await admin.call('POST', '/api/v1/jurisdictions', { level: 'national', name: 'Testland', code: 'XT', responsibleOrganisationId: cec.id })).json()) as { id: string };
  const region = (await (await admin.call('POST', '/api/v1/jurisdictions', { level: 'regional', name: 'North', code: 'XT-NO', parentId: nation.id })).json()) as { id: string };
  const town = (await (await admin.call('POST', '/api/v1/jurisdictions', { level: 'local', name: 'Town', parentId: region.id })).json()) as { id: string };
  const upward = await admin.call('POST', '/api/v1/jurisdictions', { level: 'national', name: 'Upside down', parentId: town.id });
  expect(upward.status).toBe(422);
  expect(((await upward.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('/level');
  const chain = (await (await admin.call('GET', `/api/v1/jurisdictions/${town.id}/line-of-authority`)).json()) as { chain: { jurisdiction: { name: string }; responsibleOrganisation: { name: string } | null }[] };
  expect(chain.chain.map((link) => [link.jurisdiction.name, link.responsibleOrganisation?.name ?? null])).toEqual([
    ['Town', null],
    ['North', null],
    ['Testland', 'Central Election Commission'],
  ]);
  const exported = await (await admin.call('GET', '/api/v1/jurisdictions/export')).text();
  expect(exported.split('\n')[0]).toBe('path,level,code,responsible_organisation,contact_name,contact_role,contact_email,contact_phone');
  expect(exported).toContain('Testland > North > Town,local,,');

  const bad = await admin.call('POST', '/api/v1/jurisdictions/import', undefined, {
    csv: 'path,level,code\nTestland > South,regional,XT-SO\nTestland > South > Village,national,\nNowhere > Place,local,\nTestland > East,regional,xx\n',
  });
  expect(bad.status).toBe(422);
  const problems = ((await bad.json()) as { errors: { path: string; message: string }[] }).errors;
  expect(problems.map((p) => p.path)).toEqual(['line 3, column 2 (level)', 'line 4, column 1 (path)', 'line 5, column 3 (code)']);
  expect((await admin.call('GET', '/api/v1/jurisdictions?limit=1000').then((r) => r.json()) as { items: { name: string }[] }).items.map((j) => j.name)).not.toContain('South');

  const good = await admin.call('POST', '/api/v1/jurisdictions/import', undefined, {
    csv: '\uFEFFpath,level,code,responsible_organisation,contact_name,contact_role,contact_email,contact_phone\nTestland > South,regional,XT-SO,Central Election Commission,Jo Doe,Officer,jo@example.org,\nTestland > South,,,,Al Roe,Deputy,,+33 1 23 45 67 89\nTestland > South > Village,local,,,,,,\nTestland,national,XT,,,,,\n',
  });
  expect(good.status).toBe(200);
  expect(await good.json()).toEqual({ created: 2, updated: 1 });
  const again = await (await admin.call('GET', '/api/v1/jurisdictions/export')).text();
  expect(again).toContain('Testland > South,regional,XT-SO,Central Election Commission,Jo Doe,Officer,jo@example.org,');
  expect(again).toContain('Testland > South,,,,Al Roe,Deputy,,+33 1 23 45 67 89');
  // Export then import is a fixed point.
  expect(await (await admin.call('POST', '/api/v1/jurisdictions/import', undefined, { csv: again })).json()).toMatchObject({ created: 0 });
  expect(await (await admin.call('GET', '/api/v1/jurisdictions/export')).text()).toBe(again);
});

test.each(engines)('%s: elections with calendar and contests', async (engine) => {
  const { admin } = get(engine);
  const nation = (await (await admin.call('POST', '/api/v1/jurisdictions', { level: 'national', name: 'Electland', code: 'XE' })).json()) as { id: string };
  const milestones = [
    { kind: 'registration-deadline', date: '2027-04-01' },
    { kind: 'election-day', date: '2027-05-09' },
    { kind: 'certification', date: '2027-05-20' },
  ];
  const bad = await admin.call('POST', '/api/v1/elections', { name: 'E', jurisdictionId: nation.id, milestones: [{ kind: 'election-day', date: '2027-05-09' }, { kind: 'canvass', date: '2027-05-01' }], contests: [{ name: 'Mayor', jurisdictionId: nation.id, choices: ['A', 'A'] }] });
  expect(bad.status).toBe(422);
  expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(['/contests/0/choices/1', '/milestones/1/date']);
  const created = await admin.call('POST', '/api/v1/elections', { name: 'General election', jurisdictionId: nation.id, milestones, contests: [{ name: 'President', jurisdictionId: nation.id, choices: ['Ana', 'Ben', 'Cy'] }] });
  expect(created.status).toBe(201);
  const election = (await created.json()) as { id: string; electionDay: string; contests: { seats: number; votesAllowed: number }[] };
  expect(election.electionDay).toBe('2027-05-09');
  expect(election.contests).toMatchObject([{ seats: 1, votesAllowed: 1 }]);
  const list = (await (await admin.call('GET', '/api/v1/elections')).json()) as { items: { id: string; contestCount: number }[] };
  expect(list.items.find((e) => e.id === election.id)?.contestCount).toBe(1);
});

test.each(engines)('%s: the audit log records changes with their actor, filters them and verifies', async (engine) => {
  const { admin } = get(engine);
  await admin.call('POST', '/api/v1/organisations', { name: 'Audited org', type: 'media' });
  const page = (await (await admin.call('GET', '/api/v1/audit-log?action=organisation.create&limit=1')).json()) as { items: { action: string; actor: { label: string }; seq: number }[]; nextCursor: string };
  expect(page.items[0]).toMatchObject({ action: 'organisation.create', actor: { label: 'admin@test.example' } });
  const next = (await (await admin.call('GET', `/api/v1/audit-log?action=organisation.create&limit=1&cursor=${page.nextCursor}`)).json()) as { items: { seq: number }[] };
  expect(next.items[0]?.seq).toBeLessThan(page.items[0]?.seq ?? 0);
  const verify = (await (await admin.call('GET', '/api/v1/audit-log/verify')).json()) as { ok: boolean; checked: number };
  expect(verify.ok).toBe(true);
  expect(verify.checked).toBeGreaterThan(10);
});

test.each(engines)('%s: security headers and request ids on every answer', async (engine) => {
  const { app } = get(engine);
  const response = await app.request('/api/health');
  expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test.each(engines)('%s: anonymous callers are rate limited', async (engine) => {
  const { app } = get(engine);
  const statuses: number[] = [];
  for (let index = 0; index < 305; index += 1) {
    statuses.push((await app.request('/api/v1/organisations', { address: '203.0.113.99' })).status);
  }
  expect(statuses.slice(0, 300).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(300)).toEqual([429, 429, 429, 429, 429]);
});
