/**
 * Respond cases, playbooks and contingency plans through the HTTP API, on every engine:
 * lead-agency choice along the line of authority, cases from reports, the workflow, tasks,
 * the TLP of notes, observables, playbook versions and application with the injected clock,
 * plan activation with sign-off, and the case list's visibility agreeing with the policy.
 */
import type { MutationContext } from '@vigil/db';
import { createCase, createElection, createJurisdiction } from '@vigil/db';
import type { CaseAccess, OrganisationId } from '@vigil/domain';
import { STARTER_PLAYBOOKS, canSeeCase } from '@vigil/domain';
import type { TestApp, TestClient, TestEngine } from '@vigil/test-utils';
import { TEST_PASSWORD, createTestApp, login, seedUser, testEngines } from '@vigil/test-utils';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { actorOfUser } from './auth';

interface World {
  app: TestApp;
  admin: TestClient;
  cert: TestClient;
  commission: TestClient;
  commissionAnalyst: TestClient;
  police: TestClient;
  outsider: TestClient;
  orgs: { cert: string; commission: string; police: string; province: string; civic: string };
  places: { national: string; north: string; riverside: string; highmoor: string };
  electionId: string;
}

const worlds = new Map<TestEngine, World>();
const engines = testEngines();

async function build(engine: TestEngine): Promise<World> {
  const app = await createTestApp(engine);
  const { db } = app.database;
  const context: MutationContext = { actor: { kind: 'system', id: 'test', label: 'test' }, now: app.clock.now() };
  const seed = async (email: string, role: 'admin' | 'coordinator' | 'analyst' | 'viewer', organisationName: string, organisationType: 'government-agency' | 'election-authority' | 'civil-society') =>
    seedUser(app, { email, role, organisationName, organisationType });
  const cert = await seed('cert@test.example', 'analyst', 'National CERT', 'government-agency');
  const commission = await seed('coordinator@commission.example', 'coordinator', 'Electoral Commission', 'election-authority');
  await seed('analyst@commission.example', 'analyst', 'Electoral Commission', 'election-authority');
  const police = await seed('police@test.example', 'analyst', 'National Police', 'government-agency');
  const province = await seed('province@test.example', 'analyst', 'Northern Province Office', 'election-authority');
  const civic = await seed('civic@test.example', 'analyst', 'Civic Watch', 'civil-society');
  await seedUser(app, { email: 'admin@test.example', isAdmin: true, role: 'admin', organisationName: 'Operators' });
  const national = await createJurisdiction(db, context, { level: 'national', name: 'Testland', code: 'XT', responsibleOrganisationId: commission.organisationId as OrganisationId, contacts: [] });
  const north = await createJurisdiction(db, context, { parentId: national.id, level: 'regional', name: 'North', responsibleOrganisationId: province.organisationId as OrganisationId, contacts: [] });
  const riverside = await createJurisdiction(db, context, { parentId: north.id, level: 'local', name: 'Riverside', contacts: [] });
  const highmoor = await createJurisdiction(db, context, { parentId: north.id, level: 'local', name: 'Highmoor', contacts: [] });
  const election = await createElection(db, context, { name: 'General election', jurisdictionId: national.id, milestones: [{ kind: 'election-day', date: '2027-05-09' }] });
  return {
    app,
    admin: await login(app, 'admin@test.example', TEST_PASSWORD),
    cert: await login(app, 'cert@test.example', TEST_PASSWORD),
    commission: await login(app, 'coordinator@commission.example', TEST_PASSWORD),
    commissionAnalyst: await login(app, 'analyst@commission.example', TEST_PASSWORD),
    police: await login(app, 'police@test.example', TEST_PASSWORD),
    outsider: await login(app, 'civic@test.example', TEST_PASSWORD),
    orgs: { cert: cert.organisationId, commission: commission.organisationId, police: police.organisationId, province: province.organisationId, civic: civic.organisationId },
    places: { national: national.id, north: north.id, riverside: riverside.id, highmoor: highmoor.id },
    electionId: election.id,
  };
}

beforeAll(async () => {
  for (const engine of engines) worlds.set(engine, await build(engine));
}, 300_000);

afterAll(async () => {
  for (const world of worlds.values()) await world.app.close();
});

function world(engine: TestEngine): World {
  const found = worlds.get(engine);
  if (!found) throw new Error(`no world for ${engine}`);
  return found;
}

async function json<T>(response: Response, status: number): Promise<T> {
  const body = await response.text();
  expect(response.status, body).toBe(status);
  return (body ? JSON.parse(body) : undefined) as T;
}

interface CaseOut {
  id: string;
  reference: string;
  ownerOrganisationId: string;
  ownerSource?: string;
  status: string;
  severity: string;
  tlp: string;
  collaboratorOrganisationIds: string[];
}
interface DetailOut {
  case: CaseOut;
  tasks: { id: string; title: string; status: string; dueAt: string | null; doneBy: string | null; source: string | null }[];
  timeline: { kind: string; body: string; tlp: string }[];
  observables: { type: string; value: string }[];
  links: { kind: string; ref: string }[];
  canWork: boolean;
}

const newCase = (w: World, extra: Record<string, unknown> = {}) => ({
  title: 'Results site defaced',
  incidentType: 'cyber-attack',
  impact: 'high',
  urgency: 'high',
  tlp: 'amber',
  jurisdictionId: w.places.riverside,
  ...extra,
});

test.each(engines)('%s: the lead agency is the nearest rule up the line of authority, then a rule for everywhere, then the responsible organisation', async (engine) => {
  const w = world(engine);
  const put = (jurisdictionId: string | null, incidentType: string, organisationId: string) =>
    w.commission.call('PUT', '/api/v1/lead-agencies', { jurisdictionId, incidentType, organisationId });
  await json(await put(w.places.national, 'cyber-attack', w.orgs.cert), 200);
  await json(await put(w.places.north, 'cyber-attack', w.orgs.police), 200);
  await json(await put(null, 'voter-intimidation', w.orgs.police), 200);
  // Replacing the rule at a place keeps one rule there.
  await json(await put(w.places.north, 'cyber-attack', w.orgs.province), 200);
  await json(await put(w.places.north, 'cyber-attack', w.orgs.police), 200);
  const rules = await json<{ items: unknown[] }>(await w.cert.call('GET', '/api/v1/lead-agencies'), 200);
  expect(rules.items).toHaveLength(3);
  // An analyst may not set lead agencies.
  expect((await w.cert.call('PUT', '/api/v1/lead-agencies', { jurisdictionId: null, incidentType: 'other', organisationId: w.orgs.cert })).status).toBe(403);

  const resolve = async (jurisdictionId: string, incidentType: string) =>
    (await json<{ choice: { organisationId: string; source: string } | null }>(await w.cert.call('GET', `/api/v1/lead-agencies/resolve?jurisdictionId=${jurisdictionId}&incidentType=${incidentType}`), 200)).choice;
  // Riverside → North has a cyber rule (police) nearer than the national one (CERT).
  expect(await resolve(w.places.riverside, 'cyber-attack')).toMatchObject({ organisationId: w.orgs.police, source: 'lead-agency' });
  expect(await resolve(w.places.national, 'cyber-attack')).toMatchObject({ organisationId: w.orgs.cert, source: 'lead-agency' });
  // A rule for everywhere beats the responsible organisations.
  expect(await resolve(w.places.highmoor, 'voter-intimidation')).toMatchObject({ organisationId: w.orgs.police, source: 'lead-agency' });
  // No rule: Highmoor has no responsible organisation, so North's office.
  expect(await resolve(w.places.highmoor, 'physical-incident')).toMatchObject({ organisationId: w.orgs.province, source: 'responsible-organisation' });
  expect(await resolve(w.places.national, 'physical-incident')).toMatchObject({ organisationId: w.orgs.commission, source: 'responsible-organisation' });

  const opened = await json<CaseOut>(await w.cert.call('POST', '/api/v1/cases', newCase(w, { jurisdictionId: w.places.national })), 201);
  expect(opened).toMatchObject({ ownerOrganisationId: w.orgs.cert, ownerSource: 'lead-agency', severity: 'critical', status: 'open' });
  expect(opened.reference).toMatch(/^CASE-2027-\d{4}$/);
  const overridden = await json<CaseOut>(await w.cert.call('POST', '/api/v1/cases', newCase(w, { ownerOrganisationId: w.orgs.commission })), 201);
  expect(overridden).toMatchObject({ ownerOrganisationId: w.orgs.commission, ownerSource: 'chosen' });
  // The opener's organisation joins the case it opened.
  expect(overridden.collaboratorOrganisationIds).toContain(w.orgs.cert);
});

test.each(engines)('%s: a case opened from reports links them and takes them out of triage; a report is on one case only', async (engine) => {
  const w = world(engine);
  const { db } = w.app.database;
  const report = async (title: string) => {
    const id = randomUUID();
    await db
      .insertInto('respondReports')
      .values({
        id,
        trackingCode: randomUUID().slice(0, 12).toUpperCase(),
        source: 'public',
        trustLevel: 0,
        category: 'disinformation',
        title,
        description: 'A video of a candidate that looks fake',
        links: JSON.stringify([]),
        language: 'en',
        status: 'new',
        disarmTechniqueIds: JSON.stringify([]),
        verificationStatus: 'unverified',
        receivedAt: w.app.clock.now(),
        updatedAt: w.app.clock.now(),
      } as never)
      .execute();
    return id;
  };
  const first = await report('Deepfake video');
  const second = await report('Same video again');
  // Reports hold citizens' details: a civil-society analyst may open cases but not from reports.
  expect((await w.outsider.call('POST', '/api/v1/cases', newCase(w, { reportIds: [first] }))).status).toBe(403);
  const opened = await json<CaseOut>(
    await w.commissionAnalyst.call('POST', '/api/v1/cases', newCase(w, { incidentType: 'disinformation', reportIds: [first, second], links: [{ kind: 'detection', ref: 'run-42', label: 'co-repost cluster' }] })),
    201,
  );
  const rows = await db.selectFrom('respondReports').select(['id', 'caseId', 'status']).where('id', 'in', [first, second]).execute();
  expect(rows.map((row) => [row.caseId, row.status])).toEqual([
    [opened.id, 'linked-to-case'],
    [opened.id, 'linked-to-case'],
  ]);
  const detail = await json<DetailOut>(await w.commissionAnalyst.call('GET', `/api/v1/cases/${opened.reference}`), 200);
  expect(detail.links.map((link) => link.kind).sort()).toEqual(['detection', 'report', 'report']);
  // The link shows the report's title, never its tracking code (the reporter's key).
  const codes = await db.selectFrom('respondReports').select('trackingCode').where('id', 'in', [first, second]).execute();
  const shown = JSON.stringify(detail.links).toUpperCase();
  expect(shown).not.toContain('TRACKINGCODE');
  for (const { trackingCode } of codes) expect(shown).not.toContain(trackingCode.toUpperCase());
  expect(detail.timeline[0]?.kind).toBe('case-opened');
  // The same report cannot open a second case; nothing of that second case is written.
  const before = await db.selectFrom('respondCases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const refused = await json<{ errors: { path: string }[] }>(await w.commissionAnalyst.call('POST', '/api/v1/cases', newCase(w, { reportIds: [randomUUID(), second] })), 422);
  expect(refused.errors.map((e) => e.path)).toEqual(['/reportIds/0', '/reportIds/1']);
  const after = await db.selectFrom('respondCases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  expect(Number(after.n)).toBe(Number(before.n));
});

test.each(engines)('%s: the workflow refuses forbidden moves; closing and re-opening are recorded', async (engine) => {
  const w = world(engine);
  const opened = await json<CaseOut>(await w.cert.call('POST', '/api/v1/cases', newCase(w)), 201);
  const move = (status: string) => w.cert.call('POST', `/api/v1/cases/${opened.id}/status`, { status, note: 'because' });
  const refused = await json<{ errors: { path: string; message: string }[] }>(await move('monitoring'), 422);
  expect(refused.errors).toEqual([{ path: '/status', message: 'a open case cannot move to monitoring' }]);
  await json(await move('investigating'), 200);
  const closed = await json<{ closedAt: string | null }>(await move('closed'), 200);
  expect(closed.closedAt).toBe(w.app.clock.now().toISOString());
  expect((await move('mitigating')).status).toBe(422);
  const reopened = await json<{ status: string; closedAt: string | null }>(await move('open'), 200);
  expect(reopened).toMatchObject({ status: 'open', closedAt: null });
  const detail = await json<DetailOut>(await w.cert.call('GET', `/api/v1/cases/${opened.id}`), 200);
  expect(detail.timeline.filter((e) => e.kind === 'status-changed').map((e) => e.body)).toEqual([
    'Status open → investigating: because',
    'Status investigating → closed: because',
    'Status closed → open: because',
  ]);
  // Someone outside the case's organisations cannot move it, even seeing it (CLEAR).
  const clear = await json<CaseOut>(await w.cert.call('POST', '/api/v1/cases', newCase(w, { tlp: 'clear' })), 201);
  expect((await w.outsider.call('GET', `/api/v1/cases/${clear.id}`)).status).toBe(200);
  expect((await w.outsider.call('POST', `/api/v1/cases/${clear.id}/status`, { status: 'investigating' })).status).toBe(403);
  expect((await w.outsider.call('GET', `/api/v1/cases/${opened.id}`)).status).toBe(404);
});

test.each(engines)('%s: tasks have owners of the case and due times, and are done and undone with timeline entries', async (engine) => {
  const w = world(engine);
  const opened = await json<CaseOut>(await w.cert.call('POST', '/api/v1/cases', newCase(w, { collaboratorOrganisationIds: [w.orgs.police] })), 201);
  const dueAt = '2027-03-02T09:00:00.000Z';
  const task = await json<{ id: string; ownerOrganisationId: string; dueAt: string }>(
    await w.cert.call('POST', `/api/v1/cases/${opened.id}/tasks`, { title: 'Preserve logs', ownerOrganisationId: w.orgs.police, dueAt }),
    201,
  );
  expect(task).toMatchObject({ ownerOrganisationId: w.orgs.police, dueAt });
  const wrongOwner = await json<{ errors: { path: string }[] }>(await w.cert.call('POST', `/api/v1/cases/${opened.id}/tasks`, { title: 'x', ownerOrganisationId: w.orgs.civic }), 422);
  expect(wrongOwner.errors.map((e) => e.path)).toEqual(['/ownerOrganisationId']);
  // The police collaborator marks it done, then not done.
  const done = await json<{ status: string; doneBy: string; doneAt: string }>(await w.police.call('PATCH', `/api/v1/cases/${opened.id}/tasks/${task.id}`, { done: true }), 200);
  expect(done).toMatchObject({ status: 'done', doneBy: w.police.userId, doneAt: w.app.clock.now().toISOString() });
  const undone = await json<{ status: string; doneBy: string | null }>(await w.police.call('PATCH', `/api/v1/cases/${opened.id}/tasks/${task.id}`, { done: false }), 200);
  expect(undone).toMatchObject({ status: 'open', doneBy: null });
  const detail = await json<DetailOut>(await w.cert.call('GET', `/api/v1/cases/${opened.id}`), 200);
  expect(detail.timeline.map((e) => e.kind)).toEqual(['case-opened', 'task-added', 'task-done', 'task-reopened']);
  expect((await w.cert.call('PATCH', `/api/v1/cases/${opened.id}/tasks/${randomUUID()}`, { done: true })).status).toBe(404);
});

test.each(engines)('%s: a RED note shows only to its author organisation and named recipients; the list and detail follow TLP', async (engine) => {
  const w = world(engine);
  const opened = await json<CaseOut>(
    await w.cert.call('POST', '/api/v1/cases', newCase(w, { tlp: 'green', ownerOrganisationId: w.orgs.cert, collaboratorOrganisationIds: [w.orgs.police, w.orgs.commission] })),
    201,
  );
  const note = (client: TestClient, body: Record<string, unknown>) => client.call('POST', `/api/v1/cases/${opened.id}/notes`, body);
  await json(await note(w.cert, { body: 'Source is a state-linked actor (RED)', tlp: 'red', recipientOrganisationIds: [w.orgs.commission] }), 201);
  await json(await note(w.cert, { body: 'Only the CERT knows this', tlp: 'amber+strict' }), 201);
  await json(await note(w.police, { body: 'Patrols sent', tlp: 'green' }), 201);
  await json(await note(w.police, { body: 'Police eyes only', tlp: 'red' }), 201);
  // Recipients must be organisations of the case.
  const outsiderRecipient = await json<{ errors: { path: string }[] }>(await note(w.cert, { body: 'x', tlp: 'red', recipientOrganisationIds: [w.orgs.civic] }), 422);
  expect(outsiderRecipient.errors.map((e) => e.path)).toEqual(['/recipientOrganisationIds/0']);
  const comments = async (client: TestClient) =>
    (await json<DetailOut>(await client.call('GET', `/api/v1/cases/${opened.id}`), 200)).timeline.filter((e) => e.kind === 'comment').map((e) => e.body);
  expect(await comments(w.cert)).toEqual(['Source is a state-linked actor (RED)', 'Only the CERT knows this', 'Patrols sent']);
  expect(await comments(w.commissionAnalyst)).toEqual(['Source is a state-linked actor (RED)', 'Patrols sent']);
  expect(await comments(w.police)).toEqual(['Patrols sent', 'Police eyes only']);
  // Outsiders and the platform administrator do not see a GREEN case at all.
  expect((await w.outsider.call('GET', `/api/v1/cases/${opened.id}`)).status).toBe(404);
  expect((await w.admin.call('GET', `/api/v1/cases/${opened.id}`)).status).toBe(404);
  expect((await w.outsider.call('POST', `/api/v1/cases/${opened.id}/notes`, { body: 'x', tlp: 'clear' })).status).toBe(404);
  // The RED note's body is not readable in the audit log.
  const events = await w.app.database.db.selectFrom('auditEvents').select(['action']).where('targetId', '=', opened.id).execute();
  expect(JSON.stringify(events)).not.toContain('state-linked');
});

test.each(engines)('%s: the case list shows exactly the cases canSeeCase allows, pages without gaps and filters', async (engine) => {
  const w = world(engine);
  const tlps = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
  for (const tlp of tlps) {
    await json(await w.police.call('POST', '/api/v1/cases', newCase(w, { tlp, title: `List ${tlp}`, incidentType: 'physical-incident', ownerOrganisationId: w.orgs.police, collaboratorOrganisationIds: [w.orgs.commission] })), 201);
  }
  const { db } = w.app.database;
  const all = await db.selectFrom('respondCases').select(['id', 'tlp', 'ownerOrganisationId']).execute();
  const collaborators = await db.selectFrom('respondCaseOrganisations').select(['caseId', 'organisationId']).execute();
  for (const client of [w.cert, w.commission, w.police, w.outsider, w.admin]) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await json(await client.call('GET', `/api/v1/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`), 200);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const resolved = await actorOfUser(db, client.userId);
    if (!resolved) throw new Error('no actor');
    const expected = all
      .filter((c) =>
        canSeeCase(resolved.actor, {
          tlp: c.tlp,
          ownerOrganisationId: c.ownerOrganisationId as OrganisationId,
          collaboratorOrganisationIds: collaborators.filter((k) => k.caseId === c.id).map((k) => k.organisationId as OrganisationId),
        } satisfies CaseAccess),
      )
      .map((c) => c.id);
    expect(seen.sort()).toEqual(expected.sort());
  }
  const filtered = await json<{ items: { title: string; severity: string }[] }>(await w.commission.call('GET', `/api/v1/cases?incidentType=physical-incident&jurisdictionId=${w.places.north}&severity=critical`), 200);
  expect(filtered.items.map((item) => item.title).sort()).toEqual(['List amber', 'List clear', 'List green', 'List red']);
  expect((await w.commission.call('GET', '/api/v1/cases?cursor=not-a-cursor')).status).toBe(422);
});

test.each(engines)('%s: observables are validated and normalised by type; the same one twice is a conflict', async (engine) => {
  const w = world(engine);
  const opened = await json<CaseOut>(await w.cert.call('POST', '/api/v1/cases', newCase(w)), 201);
  const add = (type: string, value: string) => w.cert.call('POST', `/api/v1/cases/${opened.id}/observables`, { type, value });
  expect(await json(await add('domain', 'Results.Example.'), 201)).toMatchObject({ type: 'domain', value: 'results.example' });
  expect(await json(await add('ipv6', '2001:DB8:0:0::1'), 201)).toMatchObject({ value: '2001:db8::1' });
  const bad = await json<{ errors: { path: string; message: string }[] }>(await add('ipv4', '300.1.2.3'), 422);
  expect(bad.errors[0]?.path).toBe('/value');
  expect((await add('sha256', 'abc')).status).toBe(422);
  expect((await add('url', 'javascript:alert(1)')).status).toBe(422);
  expect((await add('domain', 'RESULTS.example')).status).toBe(409);
  const badCase = await json<{ errors: { path: string }[] }>(
    await w.cert.call('POST', '/api/v1/cases', newCase(w, { observables: [{ type: 'md5', value: 'xyz' }, { type: 'email', value: 'ok@mail.example' }] })),
    422,
  );
  expect(badCase.errors.map((e) => e.path)).toEqual(['/observables/0/value']);
  const detail = await json<DetailOut>(await w.cert.call('GET', `/api/v1/cases/${opened.id}`), 200);
  expect(detail.observables.map((o) => `${o.type} ${o.value}`).sort()).toEqual(['domain results.example', 'ipv6 2001:db8::1']);
});

test.each(engines)('%s: editing a playbook makes a new version; old versions stay readable; applying one schedules its tasks from the clock', async (engine) => {
  const w = world(engine);
  const starter = STARTER_PLAYBOOKS.find((p) => p.key === 'ddos-results-publication');
  if (!starter) throw new Error('missing');
  const created = await json<{ id: string; currentVersion: number }>(await w.commission.call('POST', '/api/v1/playbooks', starter), 201);
  expect(created.currentVersion).toBe(1);
  expect((await w.cert.call('POST', '/api/v1/playbooks', { ...starter, key: 'other' })).status).toBe(403);
  expect((await w.commission.call('POST', '/api/v1/playbooks', starter)).status).toBe(409);
  const edited = { ...starter, tasks: [...starter.tasks, { key: 'extra', title: 'Brief the media at midnight', description: '', due: '+3h' }] };
  const revised = await json<{ currentVersion: number; changed: boolean; versions: { version: number }[] }>(
    await w.commission.call('PUT', `/api/v1/playbooks/${created.id}`, { definition: edited, note: 'media briefing' }),
    200,
  );
  expect(revised).toMatchObject({ currentVersion: 2, changed: true });
  expect(revised.versions.map((v) => v.version)).toEqual([2, 1]);
  const same = await json<{ currentVersion: number; changed: boolean }>(await w.commission.call('PUT', `/api/v1/playbooks/${starter.key}`, { definition: edited }), 200);
  expect(same).toMatchObject({ currentVersion: 2, changed: false });
  const renamed = await json<{ errors: { path: string }[] }>(await w.commission.call('PUT', `/api/v1/playbooks/${created.id}`, { definition: { ...edited, key: 'renamed' } }), 422);
  expect(renamed.errors.map((e) => e.path)).toEqual(['/definition/key']);
  const invalid = await json<{ errors: { path: string }[] }>(await w.commission.call('PUT', `/api/v1/playbooks/${created.id}`, { definition: { ...edited, tasks: [{ key: 'x', title: 'x', due: 'soon' }] } }), 422);
  expect(invalid.errors.map((e) => e.path)).toEqual(['/definition/tasks/0/due']);
  const v1 = await json<{ definition: { tasks: unknown[] } }>(await w.cert.call('GET', `/api/v1/playbooks/${created.id}/versions/1`), 200);
  expect(v1.definition.tasks).toHaveLength(starter.tasks.length);
  const list = await json<{ items: { key: string; applies: boolean | null }[] }>(await w.cert.call('GET', '/api/v1/playbooks?incidentType=cyber-attack&severity=low'), 200);
  expect(list.items.find((item) => item.key === starter.key)?.applies).toBe(false);

  const opened = await json<CaseOut>(await w.cert.call('POST', '/api/v1/cases', newCase(w)), 201);
  w.app.clock.advance(7 * 60_000);
  const at = w.app.clock.now().getTime();
  const applied = await json<{ version: number; tasks: { title: string; dueAt: string; source: string }[] }>(
    await w.cert.call('POST', `/api/v1/cases/${opened.id}/playbooks`, { playbookId: created.id, version: 1 }),
    201,
  );
  expect(applied.version).toBe(1);
  // Due times of the playbook's templates: +15m, +30m, +1h, +1h, +6h, +7d from the moment of application.
  expect(applied.tasks.map((t) => (Date.parse(t.dueAt) - at) / 60_000)).toEqual([15, 30, 60, 60, 360, 7 * 1440]);
  expect(new Set(applied.tasks.map((t) => t.source))).toEqual(new Set([`playbook:${starter.key}@1`]));
  const latest = await json<{ version: number; tasks: unknown[] }>(await w.cert.call('POST', `/api/v1/cases/${opened.id}/playbooks`, { playbookId: starter.key }), 201);
  expect(latest).toMatchObject({ version: 2 });
  expect(latest.tasks).toHaveLength(starter.tasks.length + 1);
  const detail = await json<DetailOut>(await w.cert.call('GET', `/api/v1/cases/${opened.id}`), 200);
  expect(detail.tasks).toHaveLength(2 * starter.tasks.length + 1);
  expect(detail.timeline.filter((e) => e.kind === 'playbook-applied')).toHaveLength(2);
});

test.each(engines)('%s: activating a contingency plan needs the decision owner sign-off, opens a case with its tasks, and is audited', async (engine) => {
  const w = world(engine);
  const plan = await json<{ id: string; tasks: unknown[]; actions: string[]; active: boolean }>(
    await w.commission.call('POST', '/api/v1/contingency-plans', {
      electionId: w.electionId,
      title: 'Results website defaced on election night',
      scenario: 'The results site shows forged figures.',
      incidentType: 'cyber-attack',
      impact: 'high',
      urgency: 'high',
      decisionOwnerOrganisationId: w.orgs.commission,
      triggers: ['Defacement confirmed from two networks'],
      playbookId: 'results-website-defaced',
    }),
    // The starter playbook is not loaded in this database yet.
    422,
  );
  expect(plan).toBeDefined();
  await json(await w.commission.call('POST', '/api/v1/playbooks', STARTER_PLAYBOOKS.find((p) => p.key === 'results-website-defaced')), 201);
  const created = await json<{ id: string; tasks: unknown[]; actions: string[]; active: boolean }>(
    await w.commission.call('POST', '/api/v1/contingency-plans', {
      electionId: w.electionId,
      title: 'Results website defaced on election night',
      scenario: 'The results site shows forged figures.',
      incidentType: 'cyber-attack',
      impact: 'high',
      urgency: 'high',
      decisionOwnerOrganisationId: w.orgs.commission,
      triggers: ['Defacement confirmed from two networks'],
      playbookId: 'results-website-defaced',
    }),
    201,
  );
  expect(created.tasks).toHaveLength(6);
  expect(created.actions.length).toBeGreaterThan(0);
  const activate = (client: TestClient, statement: string) => client.call('POST', `/api/v1/contingency-plans/${created.id}/activation`, { statement });
  // An analyst of the decision owner may not sign off; elsewhere the AMBER plan is not even seen.
  expect((await activate(w.commissionAnalyst, 'I activate this plan now.')).status).toBe(403);
  expect((await activate(w.cert, 'I activate this plan now.')).status).toBe(404);
  expect((await activate(w.commission, 'ok')).status).toBe(422);
  w.app.clock.advance(11 * 60_000);
  const at = w.app.clock.now();
  const activated = await json<{ plan: { active: boolean }; activation: { caseId: string; statement: string; activatedBy: string; activatedAt: string } }>(
    await activate(w.commission, 'Defacement confirmed; I activate the plan as Chief Electoral Officer.'),
    201,
  );
  expect(activated.plan.active).toBe(true);
  expect(activated.activation).toMatchObject({ activatedBy: w.commission.userId, activatedAt: at.toISOString() });
  expect((await activate(w.commission, 'Activating again on purpose.')).status).toBe(409);
  const detail = await json<DetailOut>(await w.commission.call('GET', `/api/v1/cases/${activated.activation.caseId}`), 200);
  expect(detail.case).toMatchObject({ ownerOrganisationId: w.orgs.commission, tlp: 'amber' });
  expect(detail.tasks.map((t) => t.dueAt)[0]).toBe(new Date(at.getTime() + 15 * 60_000).toISOString());
  expect(detail.tasks.every((t) => t.source === `plan:${created.id}`)).toBe(true);
  expect(detail.timeline.map((e) => e.kind)).toContain('plan-activated');
  const deactivated = await json<{ plan: { active: boolean }; activation: { deactivatedBy: string; deactivationStatement: string } }>(
    await w.commission.call('POST', `/api/v1/contingency-plans/${created.id}/deactivation`, { statement: 'Site restored and verified; plan stood down.' }),
    200,
  );
  expect(deactivated.plan.active).toBe(false);
  expect(deactivated.activation).toMatchObject({ deactivatedBy: w.commission.userId, deactivationStatement: 'Site restored and verified; plan stood down.' });
  expect((await w.commission.call('POST', `/api/v1/contingency-plans/${created.id}/deactivation`, { statement: 'Once more, on purpose.' })).status).toBe(422);
  const actions = (await w.app.database.db.selectFrom('auditEvents').select('action').where('targetId', '=', created.id).orderBy('seq').execute()).map((e) => e.action);
  expect(actions).toEqual(['plan.create', 'plan.activate', 'plan.deactivate']);
  // The plan is TLP:AMBER unless marked otherwise: outsiders see it once it is CLEAR.
  expect((await json<{ tlp: string }>(await w.commissionAnalyst.call('GET', `/api/v1/contingency-plans/${created.id}`), 200)).tlp).toBe('amber');
  const hidden = await json<{ items: { id: string }[] }>(await w.outsider.call('GET', `/api/v1/contingency-plans?electionId=${w.electionId}`), 200);
  expect(hidden.items).toEqual([]);
  expect((await w.outsider.call('GET', `/api/v1/contingency-plans/${created.id}`)).status).toBe(404);
  await json(await w.commission.call('PUT', `/api/v1/contingency-plans/${created.id}/marking`, { tlp: 'clear' }), 200);
  const listed = await json<{ items: { id: string }[] }>(await w.outsider.call('GET', `/api/v1/contingency-plans?electionId=${w.electionId}`), 200);
  expect(listed.items.map((item) => item.id)).toEqual([created.id]);
  // Two sign-offs at the same moment: one activates, the other is refused (never a server error).
  const both = await Promise.all([activate(w.commission, 'Second incident; I activate the plan.'), activate(w.commission, 'Second incident; I activate the plan too.')]);
  expect(both.map((response) => response.status).sort()).toEqual([201, 409]);
});

test.each(engines)('%s: the case a plan opens is worked by the organisations the plan is shared with, and by no one else', async (engine) => {
  const w = world(engine);
  // The playbook is loaded in this (shared) database by the test before, or here.
  expect([201, 409]).toContain((await w.commission.call('POST', '/api/v1/playbooks', STARTER_PLAYBOOKS.find((p) => p.key === 'results-website-defaced'))).status);
  const created = await json<{ id: string }>(
    await w.commission.call('POST', '/api/v1/contingency-plans', {
      electionId: w.electionId,
      title: 'DDoS on the results site on election night',
      scenario: 'The results site is flooded.',
      incidentType: 'cyber-attack',
      impact: 'high',
      urgency: 'high',
      decisionOwnerOrganisationId: w.orgs.commission,
      sharedWithOrganisationIds: [w.orgs.cert],
      triggers: ['Traffic ten times the usual'],
      playbookId: 'results-website-defaced',
    }),
    201,
  );
  const activated = await json<{ activation: { caseId: string } }>(
    await w.commission.call('POST', `/api/v1/contingency-plans/${created.id}/activation`, { statement: 'Flood confirmed; I activate the plan.' }),
    201,
  );
  const caseId = activated.activation.caseId;
  const seen = await json<DetailOut>(await w.cert.call('GET', `/api/v1/cases/${caseId}`), 200);
  expect(seen.case).toMatchObject({ ownerOrganisationId: w.orgs.commission, collaboratorOrganisationIds: [w.orgs.cert], tlp: 'amber' });
  // The police and civil society are not on the plan: the AMBER case stays hidden from them.
  expect((await w.police.call('GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
  expect((await w.outsider.call('GET', `/api/v1/cases/${caseId}`)).status).toBe(404);
});

test.each(engines)('%s: owner changes keep the former owner on the case; unknown ids are named by path', async (engine) => {
  const w = world(engine);
  const opened = await json<CaseOut>(await w.cert.call('POST', '/api/v1/cases', newCase(w, { ownerOrganisationId: w.orgs.cert })), 201);
  const moved = await json<CaseOut>(await w.cert.call('PATCH', `/api/v1/cases/${opened.id}`, { ownerOrganisationId: w.orgs.police, urgency: 'low' }), 200);
  expect(moved).toMatchObject({ ownerOrganisationId: w.orgs.police, severity: 'moderate' });
  expect(moved.collaboratorOrganisationIds).toContain(w.orgs.cert);
  const unknown = await json<{ errors: { path: string }[] }>(
    await w.cert.call('POST', '/api/v1/cases', newCase(w, { jurisdictionId: randomUUID(), collaboratorOrganisationIds: [randomUUID()] })),
    422,
  );
  expect(unknown.errors.map((e) => e.path).sort()).toEqual(['/collaboratorOrganisationIds/0', '/jurisdictionId']);
  expect((await w.cert.call('DELETE', `/api/v1/cases/${opened.id}/organisations/${w.orgs.police}`)).status).toBe(422);
});

test.each(engines)('%s: cases opened at the same time get distinct, consecutive references', async (engine) => {
  const w = world(engine);
  const { db } = w.app.database;
  const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: w.app.clock.now() };
  const opened = await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      createCase(db, context, { title: `Parallel ${index}`, incidentType: 'other', impact: 'low', urgency: 'low', tlp: 'clear', jurisdictionId: w.places.national, ownerOrganisationId: w.orgs.cert }),
    ),
  );
  const numbers = opened.map((c) => Number(c.reference.split('-')[2])).sort((a, b) => a - b);
  expect(new Set(numbers).size).toBe(20);
  expect((numbers[19] ?? 0) - (numbers[0] ?? 0)).toBe(19);
});
