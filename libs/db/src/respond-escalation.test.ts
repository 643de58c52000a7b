import type { VigilDatabase } from '@vigil/db';
import { createTestDatabase, testEngines } from '@vigil/test-utils';
import { afterEach, expect, test } from 'vitest';
import { createElection } from './elections';
import { createJurisdiction } from './jurisdictions';
import { createOrganisation } from './organisations';
import { createCase, findCaseDetail } from './respond-cases';
import { acknowledgeCase, answerMutualAid, escalateCase, escalationBoard, listCaseEscalations, requestMutualAid, sweepEscalations } from './respond-escalation';
import { listNotifications, markNotificationsRead, unreadNotificationCount } from './respond-notifications';
import { addMembership, createUser } from './users';

const system = { kind: 'system', id: 'test', label: 'test' } as const;
const open: VigilDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((database) => database.close()));
});

const START = new Date('2027-03-01T09:00:00Z');
const minutes = (n: number) => n * 60_000;

/** A country with two regions under it and a town under the north; each level names its responsible organisation. */
async function country(engine: 'pglite' | 'postgres') {
  const database = await createTestDatabase(engine);
  open.push(database);
  const { db } = database;
  const context = { actor: system, now: START };
  const national = await createOrganisation(db, context, { name: 'National CERT', type: 'government-agency' });
  const regionalOrg = await createOrganisation(db, context, { name: 'North election office', type: 'election-authority' });
  const southOrg = await createOrganisation(db, context, { name: 'South election office', type: 'election-authority' });
  const townOrg = await createOrganisation(db, context, { name: 'Town clerk', type: 'election-authority' });
  const nation = await createJurisdiction(db, context, { name: 'Republic', level: 'national', parentId: null, responsibleOrganisationId: national.id });
  const north = await createJurisdiction(db, context, { name: 'North', level: 'regional', parentId: nation.id, responsibleOrganisationId: regionalOrg.id });
  const south = await createJurisdiction(db, context, { name: 'South', level: 'regional', parentId: nation.id, responsibleOrganisationId: southOrg.id });
  const town = await createJurisdiction(db, context, { name: 'Town', level: 'local', parentId: north.id, responsibleOrganisationId: townOrg.id });
  const users: Record<string, string> = {};
  for (const [key, organisationId] of [
    ['national', national.id],
    ['north', regionalOrg.id],
    ['south', southOrg.id],
    ['town', townOrg.id],
  ] as const) {
    const user = await createUser(db, context, { email: `${key}@test.example`, name: key, passwordHash: 'x', isAdmin: false });
    await addMembership(db, context, { userId: user.id, organisationId, role: 'analyst' });
    users[key] = user.id;
  }
  return { database, db, orgs: { national, north: regionalOrg, south: southOrg, town: townOrg }, places: { nation, north, south, town }, users };
}

test.each(testEngines())('%s: an unacknowledged case climbs the tree one level per breach, notifying each level, and stops at the top', async (engine) => {
  const { db, orgs, places, users } = await country(engine);
  const opened = await createCase(db, { actor: system, now: START }, { title: 'Polling-station map defaced', incidentType: 'cyber-attack', impact: 'medium', urgency: 'high', tlp: 'amber', jurisdictionId: places.town.id, ownerOrganisationId: orgs.town.id });
  expect(opened.severity).toBe('high');
  // No election near: normal phase, high severity: 4 h to acknowledge.
  const at = (ms: number) => ({ actor: system, now: new Date(START.getTime() + ms) });
  expect(await sweepEscalations(db, at(minutes(239)))).toMatchObject({ examined: 1, breached: 0, escalated: 0 });
  expect(await sweepEscalations(db, at(minutes(241)))).toMatchObject({ examined: 1, breached: 1, escalated: 1 });
  // The same sweep again (another server, same minute): nothing more.
  expect(await sweepEscalations(db, at(minutes(241)))).toMatchObject({ escalated: 0 });
  // The clock restarts at the escalation: 4 h more before the nation gets it.
  expect(await sweepEscalations(db, at(minutes(241 + 239)))).toMatchObject({ escalated: 0 });
  expect(await sweepEscalations(db, at(minutes(241 + 241)))).toMatchObject({ escalated: 1 });
  expect(await sweepEscalations(db, at(minutes(241 + 241 + 300)))).toMatchObject({ escalated: 0, atTop: 1 });
  const escalations = await listCaseEscalations(db, opened.id);
  expect(escalations.map((e) => [e.level, e.fromJurisdictionId, e.toJurisdictionId, e.toOrganisationId, e.reason])).toEqual([
    [1, places.town.id, places.north.id, orgs.north.id, 'sla-acknowledge'],
    [2, places.north.id, places.nation.id, orgs.national.id, 'sla-acknowledge'],
  ]);
  const detail = await findCaseDetail(db, opened.id);
  expect(detail?.case.collaboratorOrganisationIds).toEqual([orgs.north.id, orgs.national.id]);
  expect(detail?.timeline.filter((entry) => entry.kind === 'escalated')).toHaveLength(2);
  // Each level's analysts were told; the level holding the case hears of its breach; the town
  // (owner) heard of both breaches and both escalations.
  const northInbox = await listNotifications(db, users['north'] ?? '', { limit: 10 });
  expect(northInbox.items.map((n) => n.kind).sort()).toEqual(['case.escalated', 'case.sla-breached']);
  expect(await unreadNotificationCount(db, users['national'] ?? '')).toBe(1);
  const townInbox = await listNotifications(db, users['town'] ?? '', { limit: 10 });
  expect(townInbox.items.map((n) => n.kind).sort()).toEqual(['case.escalated', 'case.escalated', 'case.sla-breached', 'case.sla-breached']);
  expect(await markNotificationsRead(db, { userId: users['town'] ?? '', ids: 'all', now: START })).toBe(4);
  expect(await unreadNotificationCount(db, users['town'] ?? '')).toBe(0);
  // Audited.
  const audit = await db.selectFrom('auditEvents').select('action').where('targetId', '=', opened.id).execute();
  expect(audit.filter((a) => a.action === 'case.escalate')).toHaveLength(2);
  expect(audit.filter((a) => a.action === 'case.sla-breach')).toHaveLength(2);
});

test.each(testEngines())('%s: acknowledging in time stops the escalation; the SLA tightens as election day nears', async (engine) => {
  const { db, orgs, places } = await country(engine);
  await createElection(db, { actor: system, now: START }, { name: 'General election', jurisdictionId: places.nation.id, milestones: [{ kind: 'election-day', date: '2027-03-05' }] });
  // Four days before election day: final week, high severity: 60 minutes to acknowledge.
  const opened = await createCase(db, { actor: system, now: START }, { title: 'Fake polling-place change', incidentType: 'disinformation', impact: 'medium', urgency: 'high', tlp: 'green', jurisdictionId: places.town.id, ownerOrganisationId: orgs.town.id });
  const at = (ms: number) => ({ actor: system, now: new Date(START.getTime() + ms) });
  expect(await sweepEscalations(db, at(minutes(61)))).toMatchObject({ breached: 1, escalated: 1 });
  const other = await createCase(db, at(minutes(61)), { title: 'Another', incidentType: 'disinformation', impact: 'medium', urgency: 'high', tlp: 'green', jurisdictionId: places.town.id, ownerOrganisationId: orgs.town.id });
  await acknowledgeCase(db, at(minutes(90)), other.id);
  // Acknowledged: now the update clock runs (6 h in the final week) from the acknowledgement.
  // (The escalated case restarted its clock at minute 61: it is due again at minute 121.)
  expect(await sweepEscalations(db, at(minutes(116)))).toMatchObject({ escalated: 0 });
  expect(await sweepEscalations(db, at(minutes(122)))).toMatchObject({ escalated: 1 });
  expect((await listCaseEscalations(db, other.id)).length).toBe(0);
  expect((await listCaseEscalations(db, opened.id)).length).toBe(2);
});

test.each(testEngines())('%s: a critical case escalates at once; manual escalation; the board shows both jurisdictions’ views', async (engine) => {
  const { db, orgs, places } = await country(engine);
  const critical = await createCase(db, { actor: system, now: START }, { title: 'Results site down', incidentType: 'cyber-attack', impact: 'high', urgency: 'high', tlp: 'amber', jurisdictionId: places.north.id, ownerOrganisationId: orgs.north.id });
  const minor = await createCase(db, { actor: system, now: START }, { title: 'Leaflet', incidentType: 'disinformation', impact: 'low', urgency: 'low', tlp: 'green', jurisdictionId: places.town.id, ownerOrganisationId: orgs.town.id });
  expect(await sweepEscalations(db, { actor: system, now: START })).toMatchObject({ escalated: 1 });
  expect((await listCaseEscalations(db, critical.id)).map((e) => e.reason)).toEqual(['severity']);
  const manual = await escalateCase(db, { actor: system, now: START }, { caseId: minor.id, reason: 'manual', note: 'needs the region' });
  expect(manual.type).toBe('escalated');
  const north = await escalationBoard(db, { jurisdictionId: places.north.id, now: new Date(START.getTime() + minutes(5)) });
  const positions = Object.fromEntries((north?.cases ?? []).map((c) => [c.reference, c.position]));
  expect(positions).toEqual({ [critical.reference]: 'out', [minor.reference]: 'in' });
  const nation = await escalationBoard(db, { jurisdictionId: places.nation.id, now: START });
  expect(nation?.cases.find((c) => c.id === critical.id)?.position).toBe('in');
  expect(await escalationBoard(db, { jurisdictionId: '00000000-0000-4000-8000-000000000000', now: START })).toBeUndefined();
});

test.each(testEngines())('%s: mutual aid goes to a peer only; accepting adds the peer to the case', async (engine) => {
  const { db, orgs, places, users } = await country(engine);
  const opened = await createCase(db, { actor: system, now: START }, { title: 'Intimidation at polls', incidentType: 'voter-intimidation', impact: 'medium', urgency: 'medium', tlp: 'green', jurisdictionId: places.north.id, ownerOrganisationId: orgs.north.id });
  await expect(requestMutualAid(db, { actor: system, now: START }, { caseId: opened.id, toJurisdictionId: places.town.id, message: 'help' })).rejects.toThrow('not a peer');
  const request = await requestMutualAid(db, { actor: system, now: START }, { caseId: opened.id, toJurisdictionId: places.south.id, message: 'Send two observers' });
  expect(request).toMatchObject({ status: 'requested', toOrganisationId: orgs.south.id, fromJurisdictionId: places.north.id });
  expect(await unreadNotificationCount(db, users['south'] ?? '')).toBe(1);
  const answered = await answerMutualAid(db, { actor: system, now: START }, { id: request.id, accept: true, note: 'Two on their way' });
  expect(answered.status).toBe('accepted');
  await expect(answerMutualAid(db, { actor: system, now: START }, { id: request.id, accept: false, note: '' })).rejects.toThrow('already accepted');
  expect((await findCaseDetail(db, opened.id))?.case.collaboratorOrganisationIds).toContain(orgs.south.id);
  const board = await escalationBoard(db, { jurisdictionId: places.south.id, now: START });
  expect(board?.mutualAid.map((m) => m.status)).toEqual(['accepted']);
});
