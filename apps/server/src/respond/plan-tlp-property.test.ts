/**
 * TLP 2.0 (FIRST) on contingency plans, as a property: for random decision owners, markings
 * and organisations a plan is shared with, no caller ever sees a plan above their clearance —
 * in the list of plans, on the plan's page, or through its activation (sign-off) routes — and
 * each caller sees every plan the rules allow. The expectation comes from the independent TLP
 * oracle of libs/test-utils (producer: the decision owner; community and recipients: the
 * decision owner and the organisations the plan is shared with), never from the policy module.
 */
import { addMembership, createElection, createJurisdiction, createPlan } from '@vigil/db';
import type { JurisdictionId, Tlp } from '@vigil/domain';
import { TLP_LEVELS } from '@vigil/domain';
import type { TestApp, TestClient } from '@vigil/test-utils';
import { createTestApp, login, seedUser, TEST_PASSWORD, testEngines, tlpOracle } from '@vigil/test-utils';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';

const ORGANISATIONS = 4;

interface World {
  readonly app: TestApp;
  readonly organisations: readonly string[];
  readonly jurisdictionId: string;
  readonly callers: readonly { readonly name: string; readonly client: TestClient; readonly organisations: readonly number[] }[];
}

const worlds = new Map<string, World>();

beforeAll(async () => {
  for (const engine of testEngines()) {
    const app = await createTestApp(engine);
    const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: app.clock.now() };
    const organisations: string[] = [];
    const callers: World['callers'][number][] = [];
    for (let index = 0; index < ORGANISATIONS; index += 1) {
      const email = `analyst${index}@org${index}.example`;
      const seeded = await seedUser(app, { email, role: 'analyst', organisationName: `Org ${index}`, organisationType: index % 2 === 0 ? 'election-authority' : 'government-agency' });
      organisations.push(seeded.organisationId);
      callers.push({ name: email, client: await login(app, email, TEST_PASSWORD), organisations: [index] });
    }
    // A viewer of two organisations, and a platform administrator with no membership (no bypass).
    const multi = await seedUser(app, { email: 'multi@org1.example', role: 'viewer', organisationName: 'Org 1' });
    await addMembership(app.database.db, context, { userId: multi.userId, organisationId: organisations[3] ?? '', role: 'viewer' });
    callers.push({ name: 'multi', client: await login(app, 'multi@org1.example', TEST_PASSWORD), organisations: [1, 3] });
    await seedUser(app, { email: 'root@operator.example', isAdmin: true });
    callers.push({ name: 'admin', client: await login(app, 'root@operator.example', TEST_PASSWORD), organisations: [] });
    const nation = await createJurisdiction(app.database.db, context, { name: 'Republic', level: 'national', parentId: null, responsibleOrganisationId: null });
    worlds.set(engine, { app, organisations, jurisdictionId: nation.id, callers });
  }
}, 300_000);

afterAll(async () => {
  for (const world of worlds.values()) await world.app.close();
});

interface PlanSpec {
  readonly tlp: Tlp;
  readonly owner: number;
  readonly sharedWith: readonly number[];
}

const organisation = fc.integer({ min: 0, max: ORGANISATIONS - 1 });
const planSpec: fc.Arbitrary<PlanSpec> = fc.record({ tlp: fc.constantFrom(...TLP_LEVELS), owner: organisation, sharedWith: fc.uniqueArray(organisation, { maxLength: ORGANISATIONS }) });
const scenario = fc.array(planSpec, { minLength: 1, maxLength: 4 });

let runs = 0;

async function check(world: World, specs: readonly PlanSpec[]): Promise<void> {
  const { app, organisations } = world;
  runs += 1;
  const context = { actor: { kind: 'system' as const, id: 'test', label: 'property' }, now: app.clock.now() };
  const election = await createElection(app.database.db, context, { name: `Election ${runs}`, jurisdictionId: world.jurisdictionId as JurisdictionId, milestones: [{ kind: 'election-day', date: '2027-05-09' }] });
  const plans: { id: string; spec: PlanSpec }[] = [];
  for (const [index, spec] of specs.entries()) {
    const plan = await createPlan(app.database.db, context, {
      electionId: election.id,
      title: `Plan ${runs}.${index}`,
      scenario: 'Results website defaced on election night.',
      incidentType: 'cyber-attack',
      impact: 'high',
      urgency: 'high',
      decisionOwnerOrganisationId: organisations[spec.owner] ?? '',
      triggers: ['Defacement confirmed'],
      tasks: [{ key: 'confirm', title: 'Confirm', description: '', due: '+15m' }],
      tlp: spec.tlp,
      sharedWithOrganisationIds: spec.sharedWith.map((i) => organisations[i] ?? ''),
    });
    plans.push({ id: plan.id, spec });
  }
  for (const { name, client, organisations: mine } of world.callers) {
    const allowed = plans.filter(({ spec }) => tlpOracle(mine, { tlp: spec.tlp, producer: spec.owner, recipients: spec.sharedWith }, [spec.owner, ...spec.sharedWith]));
    const listed = (await (await client.call('GET', `/api/v1/contingency-plans?electionId=${election.id}`)).json()) as { items: { id: string; tlp: string }[] };
    expect(listed.items.map((item) => item.id).sort(), name).toEqual(allowed.map((plan) => plan.id).sort());
    for (const { id, spec } of plans) {
      const sees = allowed.some((plan) => plan.id === id);
      const page = await client.call('GET', `/api/v1/contingency-plans/${id}`);
      expect(page.status, `${name} GET ${spec.tlp}`).toBe(sees ? 200 : 404);
      if (sees) expect(((await page.json()) as { tlp: string }).tlp).toBe(spec.tlp);
      // Nobody here may sign off: a plan an analyst sees answers 403, one they may not see 404
      // (its existence is not revealed); viewers are stopped at the door (case.write) alike for all.
      for (const step of ['activation', 'deactivation']) {
        const response = await client.call('POST', `/api/v1/contingency-plans/${id}/${step}`, { statement: 'Signing off on purpose.' });
        expect(response.status, `${name} ${step} ${spec.tlp}`).toBe(name === 'multi' || sees ? 403 : 404);
      }
    }
  }
}

test.each(testEngines())('%s: nobody sees a contingency plan above their clearance, and everyone sees what TLP allows', async (engine) => {
  const world = worlds.get(engine);
  if (!world) throw new Error(`no world for ${engine}`);
  await fc.assert(
    fc.asyncProperty(scenario, (specs) => check(world, specs)),
    { numRuns: engine === 'pglite' ? 8 : 6 },
  );
  expect(runs).toBeGreaterThan(0);
}, 600_000);
