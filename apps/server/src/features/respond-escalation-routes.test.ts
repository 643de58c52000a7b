/**
 * API tests of respond's escalation and publishing: a citizen's report becomes a case, the
 * case escalates on an SLA breach (injected clock), mutual aid, a platform request answered
 * by the platform, the case shared as STIX, a notice approved by the decision owner and
 * published, and the citizen's tracking page showing the outcome.
 */
import { createJurisdiction, createSharingCollection, createSharingCommunity, sweepEscalations } from '@vigil/db';
import type { OrganisationId } from '@vigil/domain';
import type { TestApp, TestClient } from '@vigil/test-utils';
import { sql } from 'kysely';
import { TEST_PASSWORD, createTestApp, login, seedUser } from '@vigil/test-utils';
import { afterAll, beforeAll, expect, test } from 'vitest';

let app: TestApp;
let analyst: TestClient; // town clerk's analyst (case owner)
let coordinator: TestClient; // town clerk's coordinator (decision owner)
let regional: TestClient; // north office analyst
let peer: TestClient; // south office analyst
let platform: TestClient; // platform trust & safety analyst
let outsider: TestClient;
const ids: Record<string, string> = {};

const json = async <T>(response: Response, status: number): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
};

beforeAll(async () => {
  app = await createTestApp();
  const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: app.clock.now() };
  const seeded = {
    analyst: await seedUser(app, { email: 'analyst@town.example', role: 'analyst', organisationName: 'Town clerk' }),
    coordinator: await seedUser(app, { email: 'coordinator@town.example', role: 'coordinator', organisationName: 'Town clerk' }),
    regional: await seedUser(app, { email: 'analyst@north.example', role: 'analyst', organisationName: 'North office' }),
    peer: await seedUser(app, { email: 'analyst@south.example', role: 'analyst', organisationName: 'South office' }),
    national: await seedUser(app, { email: 'analyst@cert.example', role: 'analyst', organisationName: 'National CERT', organisationType: 'government-agency' }),
    platform: await seedUser(app, { email: 'trust@platform.example', role: 'analyst', organisationName: 'Chirper', organisationType: 'platform' }),
    outsider: await seedUser(app, { email: 'someone@ngo.example', role: 'analyst', organisationName: 'Watchdog', organisationType: 'civil-society' }),
  };
  for (const [key, value] of Object.entries(seeded)) ids[`org:${key}`] = value.organisationId;
  const { db } = app.database;
  const nation = await createJurisdiction(db, context, { name: 'Republic', level: 'national', parentId: null, responsibleOrganisationId: seeded.national.organisationId as OrganisationId });
  const north = await createJurisdiction(db, context, { name: 'North', level: 'regional', parentId: nation.id, responsibleOrganisationId: seeded.regional.organisationId as OrganisationId });
  const south = await createJurisdiction(db, context, { name: 'South', level: 'regional', parentId: nation.id, responsibleOrganisationId: seeded.peer.organisationId as OrganisationId });
  const town = await createJurisdiction(db, context, { name: 'Town', level: 'local', parentId: north.id, responsibleOrganisationId: seeded.analyst.organisationId as OrganisationId });
  Object.assign(ids, { nation: nation.id, north: north.id, south: south.id, town: town.id });
  const organisationIds = [...new Set(Object.values(seeded).map((s) => s.organisationId))];
  const community = await createSharingCommunity(db, context, { name: 'Election partners', description: '', organisationIds });
  const collection = await createSharingCollection(db, context, {
    communityId: community.id,
    title: 'Incidents',
    description: '',
    publicRead: false,
    defaultTlp: 'green',
    rights: organisationIds.map((organisationId) => ({ organisationId, canRead: true, canWrite: true })),
  });
  ids['collection'] = collection.id;
  analyst = await login(app, 'analyst@town.example', TEST_PASSWORD);
  coordinator = await login(app, 'coordinator@town.example', TEST_PASSWORD);
  regional = await login(app, 'analyst@north.example', TEST_PASSWORD);
  peer = await login(app, 'analyst@south.example', TEST_PASSWORD);
  platform = await login(app, 'trust@platform.example', TEST_PASSWORD);
  outsider = await login(app, 'someone@ngo.example', TEST_PASSWORD);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

test('report → case → SLA breach escalates → mutual aid → platform request → STIX → notice → tracking page', async () => {
  // A citizen files a report.
  const filed = await json<{ trackingCode: string }>(
    await app.request('/api/v1/public/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'disinformation', title: 'Fake polling change', description: 'Posts say the polling station moved to the stadium.', jurisdictionId: ids['town'], links: ['https://chirper.example/p/1'], language: 'en' }),
    }),
    201,
  );
  const report = await app.database.db.selectFrom('respondReports').select('id').where('trackingCode', '=', filed.trackingCode).executeTakeFirstOrThrow();
  await app.database.db.updateTable('respondReports').set({ disarmTechniqueIds: JSON.stringify(['T0086']) }).where('id', '=', report.id).execute();

  // Opened as a case owned by the town clerk with its coordinator as decision owner.
  const opened = await json<{ id: string; reference: string }>(
    await analyst.call('POST', '/api/v1/cases', {
      title: 'Fake polling-station change',
      incidentType: 'disinformation',
      impact: 'medium',
      urgency: 'high',
      tlp: 'amber',
      jurisdictionId: ids['town'],
      ownerOrganisationId: ids['org:analyst'],
      decisionOwnerUserId: coordinator.userId,
      reportIds: [report.id],
      observables: [{ type: 'url', value: 'https://chirper.example/p/1' }],
    }),
    201,
  );
  const caseId = opened.id;

  // An outsider sees nothing of it.
  await json(await outsider.call('GET', `/api/v1/cases/${caseId}/escalations`), 404);
  await json(await outsider.call('POST', `/api/v1/cases/${caseId}/acknowledge`, {}), 404);

  // No acknowledgement for 4 h (normal phase, high): the sweep escalates to the region.
  app.clock.advance(4 * 3_600_000 + 60_000);
  const summary = await sweepEscalations(app.database.db, { actor: { kind: 'system', id: 'sweep', label: 'sweep' }, now: app.clock.now() });
  expect(summary).toMatchObject({ escalated: 1 });
  const escalations = await json<{ escalations: { level: number; toJurisdictionId: string; reason: string }[] }>(await regional.call('GET', `/api/v1/cases/${caseId}/escalations`), 200);
  expect(escalations.escalations).toEqual([expect.objectContaining({ level: 1, toJurisdictionId: ids['north'], reason: 'sla-acknowledge' })]);

  // The region sees it on its board as escalated in, with a breached clock shown in minutes.
  const board = await json<{ cases: { id: string; position: string; sla: { awaiting: string } }[] }>(await regional.call('GET', `/api/v1/escalation-board?jurisdictionId=${ids['north']}`), 200);
  expect(board.cases.find((c) => c.id === caseId)).toMatchObject({ position: 'in', sla: { awaiting: 'acknowledge' } });
  // The region was notified.
  const inbox = await json<{ items: { kind: string; link: string }[]; unread: number }>(await regional.call('GET', '/api/v1/notifications'), 200);
  expect(inbox.unread).toBe(1);
  expect(inbox.items[0]).toMatchObject({ kind: 'case.escalated', link: `/respond/cases/${caseId}` });
  expect(await json(await regional.call('POST', '/api/v1/notifications/read', { all: true }), 200)).toEqual({ updated: 1, unread: 0 });

  // Acknowledged by the owner.
  await json(await analyst.call('POST', `/api/v1/cases/${caseId}/acknowledge`, {}), 200);

  // Mutual aid: only a peer of the case's jurisdiction; the peer answers, others may not.
  await json(await analyst.call('POST', `/api/v1/cases/${caseId}/mutual-aid`, { toJurisdictionId: ids['south'], message: 'Send observers' }), 422);
  // (The town's peers are the other children of North; South is North's peer, not the town's.)
  const aidCase = await json<{ id: string }>(
    await regional.call('POST', '/api/v1/cases', { title: 'Intimidation at polls', incidentType: 'voter-intimidation', impact: 'medium', urgency: 'medium', tlp: 'green', jurisdictionId: ids['north'], ownerOrganisationId: ids['org:regional'] }),
    201,
  );
  const aid = await json<{ id: string; status: string }>(await regional.call('POST', `/api/v1/cases/${aidCase.id}/mutual-aid`, { toJurisdictionId: ids['south'], message: 'Send two observers' }), 201);
  await json(await analyst.call('POST', `/api/v1/mutual-aid/${aid.id}/answer`, { accept: true }), 403);
  expect(await json<{ status: string }>(await peer.call('POST', `/api/v1/mutual-aid/${aid.id}/answer`, { accept: true, note: 'On our way' }), 200)).toMatchObject({ status: 'accepted' });

  // A platform request: the platform sees it in its inbox and answers; an outsider cannot.
  const request = await json<{ id: string; status: string }>(
    await analyst.call('POST', `/api/v1/cases/${caseId}/platform-requests`, { platformOrganisationId: ids['org:platform'], kind: 'label', targets: ['https://chirper.example/p/1'], justification: 'False information about polling places.' }),
    201,
  );
  expect(request.status).toBe('sent');
  await json(await analyst.call('POST', `/api/v1/cases/${caseId}/platform-requests`, { platformOrganisationId: ids['org:peer'], kind: 'label', targets: ['x'], justification: 'Not a platform at all.' }), 422);
  const platformInbox = await json<{ items: { id: string }[] }>(await platform.call('GET', '/api/v1/platform-requests'), 200);
  expect(platformInbox.items.map((r) => r.id)).toEqual([request.id]);
  await json(await outsider.call('POST', `/api/v1/platform-requests/${request.id}/answer`, { status: 'actioned' }), 404);
  await json(await analyst.call('POST', `/api/v1/platform-requests/${request.id}/answer`, { status: 'actioned' }), 403);
  const answered = await json<{ status: string; outcome: string; answers: unknown[] }>(await platform.call('POST', `/api/v1/platform-requests/${request.id}/answer`, { status: 'actioned', note: 'Labelled as false' }), 200);
  expect(answered).toMatchObject({ status: 'actioned', outcome: 'Labelled as false' });
  expect(answered.answers).toHaveLength(1);

  // Shared as STIX at TLP:GREEN: incident, DISARM attack-pattern with `uses`, URL observable.
  const shared = await json<{ incidentId: string; objectIds: string[]; successCount: number }>(await analyst.call('POST', `/api/v1/cases/${caseId}/share`, { collectionId: ids['collection'], tlp: 'green' }), 201);
  expect(shared.objectIds.map((id) => id.split('--')[0]).sort()).toEqual(['attack-pattern', 'incident', 'relationship', 'relationship', 'url']);
  expect(shared.successCount).toBe(5);
  // Read as text: the CamelCasePlugin would rename the STIX properties of a jsonb value.
  const stored = (
    await app.database.db
      .selectFrom('stixObjects')
      .select(['type', 'tlp', sql<string>`object::text`.as('json')])
      .where('collectionId', '=', ids['collection'] ?? '')
      .execute()
  ).map((row) => ({ ...row, object: JSON.parse(row.json) as Record<string, unknown> }));
  const uses = stored.find((o) => o.type === 'relationship' && o.object['relationship_type'] === 'uses');
  expect(uses?.object['source_ref']).toBe(shared.incidentId);
  expect(stored.every((o) => o.tlp === 'green')).toBe(true);
  const pattern = stored.find((o) => o.type === 'attack-pattern');
  expect(pattern?.object['external_references']).toEqual([expect.objectContaining({ source_name: 'DISARM', external_id: 'T0086' })]);

  // A notice: drafted by the analyst, approved and published only by the decision owner.
  const notice = await json<{ id: string; status: string; canDecide: boolean }>(
    await analyst.call('POST', `/api/v1/cases/${caseId}/notices`, { title: 'Polling stations have not moved', body: 'Posts claiming polling stations moved are false. Vote at your usual station.', publicOutcome: 'Confirmed false; the platform labelled the posts and a public notice was issued.' }),
    201,
  );
  expect(notice).toMatchObject({ status: 'draft', canDecide: false });
  await json(await analyst.call('POST', `/api/v1/notices/${notice.id}/status`, { status: 'approved' }), 403);
  const approved = await json<{ status: string; canDecide: boolean }>(await coordinator.call('POST', `/api/v1/notices/${notice.id}/status`, { status: 'approved' }), 200);
  expect(approved).toMatchObject({ status: 'approved', canDecide: true });
  await json(await coordinator.call('POST', `/api/v1/notices/${notice.id}/status`, { status: 'withdrawn' }), 422);
  expect((await json<{ items: unknown[] }>(await app.request('/api/v1/public/notices'), 200)).items).toEqual([]);
  await json(await coordinator.call('POST', `/api/v1/notices/${notice.id}/status`, { status: 'published' }), 200);

  // The public portal lists it, with nothing of the case; the citizen's tracking page shows the outcome.
  const published = await json<{ items: Record<string, unknown>[] }>(await app.request('/api/v1/public/notices'), 200);
  expect(published.items).toEqual([{ id: notice.id, title: 'Polling stations have not moved', body: 'Posts claiming polling stations moved are false. Vote at your usual station.', jurisdictionName: 'Town', publishedAt: app.clock.now().toISOString() }]);
  const tracking = await json<{ publicOutcome: string }>(await app.request(`/api/v1/public/reports/${filed.trackingCode}`), 200);
  expect(tracking.publicOutcome).toBe('Confirmed false; the platform labelled the posts and a public notice was issued.');

  // Every step is on the case's timeline and in the audit log.
  const detail = await json<{ timeline: { kind: string }[] }>(await analyst.call('GET', `/api/v1/cases/${caseId}`), 200);
  const kinds = detail.timeline.map((entry) => entry.kind);
  for (const kind of ['escalated', 'acknowledged', 'platform-request-sent', 'platform-request-answered', 'shared', 'notice-drafted', 'notice-approved', 'notice-published']) expect(kinds).toContain(kind);
  const actions = (await app.database.db.selectFrom('auditEvents').select('action').execute()).map((e) => e.action);
  for (const action of ['case.escalate', 'case.acknowledge', 'mutual-aid.request', 'mutual-aid.accept', 'platform-request.create', 'platform-request.answer', 'stix-object.add', 'notice.approve', 'notice.publish']) {
    expect(actions.some((a) => a === action || a.startsWith(action)), action).toBe(true);
  }
}, 120_000);

test('webhooks: only an organisation administrator registers one; the secret is shown once', async () => {
  const admin = await seedUser(app, { email: 'admin@town.example', role: 'admin', organisationName: 'Town clerk' });
  const client = await login(app, 'admin@town.example', TEST_PASSWORD);
  const created = await json<{ webhook: { id: string; url: string }; secret: string }>(
    await client.call('POST', '/api/v1/webhooks', { organisationId: admin.organisationId, url: 'https://hooks.town.example/vigil', events: ['case.escalated'] }),
    201,
  );
  expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  const listed = await json<{ items: Record<string, unknown>[] }>(await client.call('GET', '/api/v1/webhooks'), 200);
  expect(listed.items.map((w) => w['id'])).toEqual([created.webhook.id]);
  expect(JSON.stringify(listed)).not.toContain(created.secret);
  await json(await client.call('POST', '/api/v1/webhooks', { organisationId: ids['org:platform'], url: 'https://x.example', events: [] }), 403);
  await json(await client.call('POST', '/api/v1/webhooks', { organisationId: admin.organisationId, url: 'ftp://x.example', events: [] }), 422);
  await json(await analyst.call('GET', '/api/v1/webhooks'), 403);
  await json(await client.call('DELETE', `/api/v1/webhooks/${created.webhook.id}`), 204);
});
