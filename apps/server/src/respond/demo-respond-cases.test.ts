import { exportCases, listLeadAgencies, listPlans, listPlaybooks, verifyAuditChain } from '@vigil/db';
import { STARTER_PLAYBOOKS } from '@vigil/domain';
import { createTestDatabase } from '@vigil/test-utils';
import { expect, test } from 'vitest';
import { ensureFirstAdmin } from '../bootstrap';
import { loadDemoData } from '../demo';

test('the demo country gets the starter playbooks, lead agencies, two cases with tasks and notes, and contingency plans', async () => {
  const database = await createTestDatabase('pglite');
  try {
    const now = new Date('2027-03-01T09:00:00Z');
    await ensureFirstAdmin(database.db, now);
    expect((await loadDemoData(database.db, now)).loaded).toBe(true);
    expect((await listPlaybooks(database.db)).map((p) => p.key).sort()).toEqual(STARTER_PLAYBOOKS.map((p) => p.key).sort());
    const leads = await listLeadAgencies(database.db);
    expect(leads.find((rule) => rule.incidentType === 'cyber-attack')?.organisationName).toBe('Valdoria National Cyber Security Centre');
    expect(leads.find((rule) => rule.incidentType === 'disinformation')?.organisationName).toBe('Valdoria Electoral Commission');
    expect(leads.find((rule) => rule.incidentType === 'physical-incident')?.organisationName).toBe('Valdoria National Police');
    const cases = await exportCases(database.db);
    // Two cases and the drill's case of the stood-down plan.
    expect(cases).toHaveLength(3);
    const defaced = cases.find((c) => c.title.startsWith('Riverside results'));
    expect(defaced).toMatchObject({ ownerOrganisationName: 'Valdoria National Cyber Security Centre', status: 'investigating', reference: 'CASE-2027-0001' });
    expect(defaced?.tasks.filter((t) => t.status === 'done')).toHaveLength(2);
    expect(defaced?.observables).toHaveLength(3);
    const plans = await listPlans(database.db);
    expect(plans.map((p) => [p.title, p.active, p.activations.length, p.tlp])).toEqual([
      ['DDoS on results publication', false, 1, 'green'],
      ['Results website defaced on election night', false, 0, 'amber'],
    ]);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  } finally {
    await database.close();
  }
}, 120_000);
