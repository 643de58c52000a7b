/**
 * API tests of respond's polish: the installation's SLA policy (who may set it, validation
 * with field paths, audit, and that the sweep and the boards use it), and platform requests
 * that the escalation sweep marks as unanswered once their deadline passes (injected clock,
 * idempotent, audited, the requester notified). On PGlite and, when configured, PostgreSQL.
 */
import { createJurisdiction } from '@vigil/db';
import type { OrganisationId, SlaPolicy } from '@vigil/domain';
import { DEFAULT_SLA_POLICY } from '@vigil/domain';
import type { TestApp, TestClient } from '@vigil/test-utils';
import { TEST_PASSWORD, createTestApp, login, seedUser, testEngines } from '@vigil/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runEscalationSweep } from '../respond/escalation-sweep';

const json = async <T>(response: Response, status: number): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
};

/** A copy of the default policy with some times changed. */
function policyWith(change: (times: Record<string, Record<string, { acknowledgeMinutes: number; updateMinutes: number }>>) => void): SlaPolicy {
  const copy = structuredClone(DEFAULT_SLA_POLICY) as SlaPolicy & { times: Record<string, Record<string, { acknowledgeMinutes: number; updateMinutes: number }>> };
  change(copy.times);
  return copy;
}

describe.each(testEngines())('%s', (engine) => {
  let app: TestApp;
  let coordinator: TestClient; // Electoral Commission coordinator: may set the policy
  let analyst: TestClient; // North office analyst: owns the cases
  let platform: TestClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await createTestApp(engine);
    const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: app.clock.now() };
    const commission = await seedUser(app, { email: 'coordinator@commission.example', role: 'coordinator', organisationName: 'Electoral Commission' });
    const north = await seedUser(app, { email: 'analyst@north.example', role: 'analyst', organisationName: 'North office' });
    const chirper = await seedUser(app, { email: 'trust@chirper.example', role: 'analyst', organisationName: 'Chirper', organisationType: 'platform' });
    const nation = await createJurisdiction(app.database.db, context, { name: 'Republic', level: 'national', parentId: null, responsibleOrganisationId: commission.organisationId as OrganisationId });
    const region = await createJurisdiction(app.database.db, context, { name: 'North', level: 'regional', parentId: nation.id, responsibleOrganisationId: north.organisationId as OrganisationId });
    Object.assign(ids, { nation: nation.id, north: region.id, commission: commission.organisationId, northOrg: north.organisationId, platform: chirper.organisationId });
    coordinator = await login(app, 'coordinator@commission.example', TEST_PASSWORD);
    analyst = await login(app, 'analyst@north.example', TEST_PASSWORD);
    platform = await login(app, 'trust@chirper.example', TEST_PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  const auditCount = async (action: string) => (await app.database.db.selectFrom('auditEvents').select('seq').where('action', '=', action).execute()).length;
  const sweep = () => runEscalationSweep({ db: app.database.db, clock: app.clock, email: false });

  test('the SLA policy: default until set; set by election bodies’ coordinators, validated with paths, audited, used by the board and the sweep', async () => {
    const initial = await json<{ policy: SlaPolicy; custom: boolean; canEdit: boolean }>(await analyst.call('GET', '/api/v1/respond/sla-policy'), 200);
    expect(initial).toMatchObject({ policy: DEFAULT_SLA_POLICY, custom: false, canEdit: false });
    expect((await json<{ canEdit: boolean }>(await coordinator.call('GET', '/api/v1/respond/sla-policy'), 200)).canEdit).toBe(true);
    // The public sees nothing of it.
    expect((await app.request('/api/v1/respond/sla-policy')).status).toBe(401);

    // A high case (medium impact, high urgency) in the normal phase: 4 h to acknowledge by default.
    const opened = await json<{ id: string; severity: string }>(
      await analyst.call('POST', '/api/v1/cases', { title: 'Leaked voter roll', incidentType: 'hack-and-leak', impact: 'high', urgency: 'medium', tlp: 'amber', jurisdictionId: ids['north'], ownerOrganisationId: ids['northOrg'] }),
      201,
    );
    expect(opened.severity).toBe('high');
    const openedAt = app.clock.now().getTime();
    app.clock.advance(61 * 60_000);
    expect(await sweep()).toMatchObject({ breached: 0, escalated: 0 });
    type Board = { cases: { id: string; sla: { dueAt: string; breached: boolean } }[] };
    const before = await json<Board>(await analyst.call('GET', `/api/v1/escalation-board?jurisdictionId=${ids['north']}`), 200);
    expect(before.cases.find((c) => c.id === opened.id)?.sla).toMatchObject({ dueAt: new Date(openedAt + 4 * 3_600_000).toISOString(), breached: false });

    // Only coordinators and administrators of election bodies may set it.
    const tighter = policyWith((times) => {
      (times['normal'] ?? {})['high'] = { acknowledgeMinutes: 60, updateMinutes: 24 * 60 };
      (times['campaign'] ?? {})['high'] = { acknowledgeMinutes: 60, updateMinutes: 12 * 60 };
    });
    await json(await analyst.call('PUT', '/api/v1/respond/sla-policy', tighter), 403);

    // Refused with the path of each problem, and nothing written.
    const slower = policyWith((times) => {
      (times['election'] ?? {})['critical'] = { acknowledgeMinutes: 20, updateMinutes: 60 };
    });
    const monotone = await json<{ errors: { path: string; message: string }[] }>(await coordinator.call('PUT', '/api/v1/respond/sla-policy', slower), 422);
    expect(monotone.errors).toEqual([{ path: '/times/election/critical/acknowledgeMinutes', message: 'the election phase may not allow longer than the final-week phase' }]);
    const zero = policyWith((times) => {
      (times['normal'] ?? {})['low'] = { acknowledgeMinutes: 72 * 60, updateMinutes: 0 };
    });
    const range = await json<{ errors: { path: string }[] }>(await coordinator.call('PUT', '/api/v1/respond/sla-policy', zero), 422);
    // Out of range, and so also shorter than the more severe and the busier cells next to it: every problem at once.
    expect(range.errors.map((e) => e.path)).toEqual(['/times/normal/low/updateMinutes', '/times/normal/moderate/updateMinutes', '/times/campaign/low/updateMinutes']);
    const { campaignDays: _dropped, ...missing } = DEFAULT_SLA_POLICY;
    const incomplete = await json<{ errors: { path: string }[] }>(await coordinator.call('PUT', '/api/v1/respond/sla-policy', missing), 422);
    expect(incomplete.errors.map((e) => e.path)).toEqual(['/campaignDays']);
    expect(await auditCount('respond.sla-policy.set')).toBe(0);

    const saved = await json<{ policy: SlaPolicy; custom: boolean; updatedByLabel: string }>(await coordinator.call('PUT', '/api/v1/respond/sla-policy', tighter), 200);
    expect(saved).toMatchObject({ policy: tighter, custom: true });
    expect(saved.updatedByLabel).toContain('coordinator');
    expect(await json<{ policy: SlaPolicy }>(await analyst.call('GET', '/api/v1/respond/sla-policy'), 200)).toMatchObject({ policy: tighter, custom: true });
    const events = await app.database.db.selectFrom('auditEvents').select(['actor', 'targetType']).where('action', '=', 'respond.sla-policy.set').execute();
    expect(events).toEqual([{ actor: expect.objectContaining({ kind: 'user', id: coordinator.userId }), targetType: 'setting' }]);

    // The board's clock follows at once; the next sweep breaches and escalates the case.
    const after = await json<Board>(await analyst.call('GET', `/api/v1/escalation-board?jurisdictionId=${ids['north']}`), 200);
    expect(after.cases.find((c) => c.id === opened.id)?.sla).toMatchObject({ dueAt: new Date(openedAt + 60 * 60_000).toISOString(), breached: true });
    expect(await sweep()).toMatchObject({ breached: 1, escalated: 1 });
    const escalations = await json<{ escalations: { toJurisdictionId: string; reason: string }[] }>(await analyst.call('GET', `/api/v1/cases/${opened.id}/escalations`), 200);
    expect(escalations.escalations).toEqual([expect.objectContaining({ toJurisdictionId: ids['nation'], reason: 'sla-acknowledge' })]);

    // Back to the default (the page's reset is a PUT of the default).
    await json(await coordinator.call('PUT', '/api/v1/respond/sla-policy', DEFAULT_SLA_POLICY), 200);
    expect(await auditCount('respond.sla-policy.set')).toBe(2);
  });

  test('a platform request past its deadline with no answer becomes no-answer once: audited, on the timeline, the requester notified', async () => {
    const opened = await json<{ id: string; reference: string }>(
      await analyst.call('POST', '/api/v1/cases', { title: 'Fake polling hours', incidentType: 'disinformation', impact: 'medium', urgency: 'medium', tlp: 'green', jurisdictionId: ids['north'], ownerOrganisationId: ids['northOrg'] }),
      201,
    );
    const ask = async (hours: number | null) =>
      json<{ id: string; status: string }>(
        await analyst.call('POST', `/api/v1/cases/${opened.id}/platform-requests`, {
          platformOrganisationId: ids['platform'],
          kind: 'label',
          targets: ['https://chirper.example/p/9'],
          justification: 'False polling hours, please label.',
          dueAt: hours === null ? null : new Date(app.clock.now().getTime() + hours * 3_600_000).toISOString(),
        }),
        201,
      );
    const silent = await ask(2);
    const acknowledged = await ask(2);
    const open = await ask(null);
    const later = await ask(24);
    await json(await platform.call('POST', `/api/v1/platform-requests/${acknowledged.id}/answer`, { status: 'acknowledged', note: 'Looking into it' }), 200);
    await json(await analyst.call('POST', '/api/v1/notifications/read', { all: true }), 200);

    // Before the deadline nothing happens; at the deadline the silent one is marked.
    app.clock.advance(2 * 3_600_000 - 1000);
    expect((await sweep()).platformRequestsUnanswered).toBe(0);
    app.clock.advance(1000);
    expect((await sweep()).platformRequestsUnanswered).toBe(1);
    // Idempotent: a second sweep (or another server's) marks nothing more.
    expect((await sweep()).platformRequestsUnanswered).toBe(0);

    type Request = { id: string; status: string; answers: { status: string; by: string; note: string }[] };
    const requests = await json<{ items: Request[] }>(await analyst.call('GET', `/api/v1/cases/${opened.id}/platform-requests`), 200);
    const byId = new Map(requests.items.map((r) => [r.id, r]));
    expect(byId.get(silent.id)?.status).toBe('no-answer');
    expect(byId.get(silent.id)?.answers).toEqual([expect.objectContaining({ status: 'no-answer', by: 'escalation sweep' })]);
    expect(byId.get(acknowledged.id)?.status).toBe('acknowledged');
    expect(byId.get(open.id)?.status).toBe('sent');
    expect(byId.get(later.id)?.status).toBe('sent');
    expect(await auditCount('platform-request.no-answer')).toBe(1);

    const inbox = await json<{ items: { kind: string; title: string; link: string }[]; unread: number }>(await analyst.call('GET', '/api/v1/notifications?unread=true'), 200);
    // (The first test's case keeps escalating meanwhile: only the request's notification counts here.)
    expect(inbox.items.filter((n) => n.kind === 'platform-request.answered')).toEqual([expect.objectContaining({ kind: 'platform-request.answered', title: `${opened.reference}: no answer from Chirper`, link: `/respond/cases/${opened.id}/escalation` })]);
    const detail = await json<{ timeline: { kind: string; body: string }[] }>(await analyst.call('GET', `/api/v1/cases/${opened.id}`), 200);
    expect(detail.timeline.filter((entry) => entry.body.startsWith('Platform request no-answer'))).toHaveLength(1);

    // A late answer is still recorded.
    expect((await json<Request>(await platform.call('POST', `/api/v1/platform-requests/${silent.id}/answer`, { status: 'actioned', note: 'Labelled late' }), 200)).status).toBe('actioned');
    app.clock.advance(24 * 3_600_000);
    expect((await sweep()).platformRequestsUnanswered).toBe(1);
  });
});
