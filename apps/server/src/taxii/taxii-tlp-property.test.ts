/**
 * TLP 2.0 (FIRST) through every TAXII read endpoint, as a property: for random communities,
 * collection rights, producers, markings, named recipients and object versions, no caller
 * ever sees — in objects, manifests, single objects, versions, collection lists or the
 * date-added headers — anything the TLP rules below withhold from them. The oracle is
 * written here from the TLP definitions, independently of the policy module and the SQL.
 */
import type { NewStixObject } from '@vigil/db';
import { addMembership, addStixObjects, createSharingCollection, createSharingCommunity } from '@vigil/db';
import type { Tlp } from '@vigil/domain';
import { TLP_LEVELS, canSeeMarked, isInMarkedScope, markedReadScope } from '@vigil/domain';
import type { TaxiiCaller, TestApp } from '@vigil/test-utils';
import { createTestApp, indicator, seedUser, taxiiCaller, testEngines, tlpOracle, tokenFor } from '@vigil/test-utils';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';

const ORGANISATIONS = 5;

interface World {
  readonly app: TestApp;
  readonly organisations: readonly string[];
  /** Callers with the organisations they belong to. */
  readonly callers: readonly { readonly caller: TaxiiCaller; readonly organisations: readonly number[] }[];
}

const worlds = new Map<string, World>();

beforeAll(async () => {
  for (const engine of testEngines()) {
    const app = await createTestApp(engine);
    const organisations: string[] = [];
    const callers: World['callers'][number][] = [];
    for (let index = 0; index < ORGANISATIONS; index += 1) {
      const email = `user${index}@org${index}.example`;
      const seeded = await seedUser(app, { email, role: 'analyst', organisationName: `Org ${index}` });
      organisations.push(seeded.organisationId);
      callers.push({ caller: taxiiCaller(app, email, `Bearer ${await tokenFor(app, email, ['read'])}`), organisations: [index] });
    }
    // One user in two organisations sees the union of what each may see.
    const multi = await seedUser(app, { email: 'multi@org0.example', role: 'viewer', organisationName: 'Org 0' });
    await addMembership(app.database.db, { actor: { kind: 'system', id: 'test', label: 'test' }, now: app.clock.now() }, { userId: multi.userId, organisationId: organisations[3] ?? '', role: 'viewer' });
    callers.push({ caller: taxiiCaller(app, 'multi', `Bearer ${await tokenFor(app, 'multi@org0.example', ['read'])}`), organisations: [0, 3] });
    callers.push({ caller: taxiiCaller(app, 'anonymous', null), organisations: [] });
    worlds.set(engine, { app, organisations, callers });
  }
}, 300_000);

afterAll(async () => {
  for (const world of worlds.values()) await world.app.close();
});

interface Version {
  readonly tlp: Tlp;
  readonly producer: number;
  readonly recipients: readonly number[];
}

interface Scenario {
  readonly community: readonly number[];
  readonly readers: readonly number[];
  readonly publicRead: boolean;
  readonly objects: readonly (readonly Version[])[];
}

const organisation = fc.integer({ min: 0, max: ORGANISATIONS - 1 });
const organisationSet = fc.uniqueArray(organisation, { maxLength: ORGANISATIONS });
const scenario: fc.Arbitrary<Scenario> = fc.record({
  community: fc.uniqueArray(organisation, { minLength: 1, maxLength: ORGANISATIONS }),
  readers: organisationSet,
  publicRead: fc.boolean(),
  objects: fc.array(
    fc.array(fc.record({ tlp: fc.constantFrom(...TLP_LEVELS), producer: organisation, recipients: organisationSet }), { minLength: 1, maxLength: 3 }),
    { minLength: 1, maxLength: 6 },
  ),
});

let runs = 0;

async function check(world: World, input: Scenario): Promise<void> {
  const { app, organisations } = world;
  runs += 1;
  const context = { actor: { kind: 'system' as const, id: 'test', label: 'property' }, now: app.clock.now() };
  const community = await createSharingCommunity(app.database.db, context, { name: `Community ${runs}`, description: '', organisationIds: input.community.map((i) => organisations[i] ?? '') });
  const collection = await createSharingCollection(app.database.db, context, {
    communityId: community.id,
    title: `Collection ${runs}`,
    description: '',
    publicRead: input.publicRead,
    defaultTlp: 'green',
    rights: input.readers.map((i) => ({ organisationId: organisations[i] ?? '', canRead: true, canWrite: false })),
  });
  // Each version is added at its own time, so the date-added headers tell versions apart.
  const stored: { id: string; version: string; dateAdded: string; spec: Version }[] = [];
  for (const versions of input.objects) {
    const id = indicator().id;
    for (const [index, spec] of versions.entries()) {
      app.clock.advance(1000);
      const object = indicator({ id, tlp: spec.tlp, modified: new Date(Date.UTC(2027, 0, 1 + index)) });
      const row: NewStixObject = {
        object,
        specVersion: '2.1',
        version: object.modified,
        tlp: spec.tlp,
        producerOrganisationId: organisations[spec.producer] ?? null,
        recipientOrganisationIds: spec.recipients.map((i) => organisations[i] ?? ''),
      };
      await addStixObjects(app.database.db, { ...context, now: app.clock.now() }, { collectionId: collection.id, objects: [row], failures: [], requestedBy: null });
      stored.push({ id, version: object.modified, dateAdded: app.clock.now().toISOString(), spec });
    }
  }
  const base = `/taxii2/api/collections/${collection.id}`;
  for (const { caller, organisations: mine } of world.callers) {
    const reads = input.publicRead || mine.some((org) => input.readers.includes(org));
    const listed = (await (await caller.get('/taxii2/api/collections/')).json()) as { collections?: { id: string }[] };
    expect(listed.collections?.some((c) => c.id === collection.id) ?? false, caller.name).toBe(reads);
    const visible = reads ? stored.filter((entry) => tlpOracle(mine, entry.spec, input.community)) : [];
    const expectedVersions = visible.map((entry) => `${entry.id} ${entry.version}`).sort();

    if (!reads) {
      for (const path of ['/objects/', '/manifest/', `/objects/${stored[0]?.id ?? ''}/`]) expect((await caller.get(`${base}${path}`)).status).toBe(404);
      continue;
    }
    // Objects, every version, in pages of 2.
    const seen: string[] = [];
    let next: string | undefined;
    let lastHeader: string | null = null;
    do {
      const response = await caller.get(`${base}/objects/?match[version]=all&limit=2${next ? `&next=${next}` : ''}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { more: boolean; next?: string; objects?: { id: string; modified: string }[] };
      seen.push(...(body.objects ?? []).map((o) => `${o.id} ${o.modified}`));
      lastHeader = response.headers.get('x-taxii-date-added-last') ?? lastHeader;
      next = body.more ? body.next : undefined;
    } while (next);
    expect(seen.sort(), caller.name).toEqual(expectedVersions);
    expect(lastHeader).toBe(visible.at(-1)?.dateAdded ?? null);

    const manifest = (await (await caller.get(`${base}/manifest/?match[version]=all`)).json()) as { objects?: { id: string; version: string }[] };
    expect((manifest.objects ?? []).map((o) => `${o.id} ${o.version}`).sort()).toEqual(expectedVersions);

    // The default (last) version is the last version the caller may see.
    const latest = (await (await caller.get(`${base}/objects/`)).json()) as { objects?: { id: string; modified: string }[] };
    const lastVisible = new Map<string, string>();
    for (const entry of visible) if ((lastVisible.get(entry.id) ?? '') < entry.version) lastVisible.set(entry.id, entry.version);
    expect((latest.objects ?? []).map((o) => `${o.id} ${o.modified}`).sort()).toEqual([...lastVisible].map(([id, version]) => `${id} ${version}`).sort());

    for (const id of new Set(stored.map((entry) => entry.id))) {
      const mineVersions = visible.filter((entry) => entry.id === id).map((entry) => entry.version);
      const one = await caller.get(`${base}/objects/${id}/?match[version]=all`);
      const versions = await caller.get(`${base}/objects/${id}/versions/`);
      if (mineVersions.length === 0) {
        expect(one.status).toBe(404);
        expect(versions.status).toBe(404);
        expect(one.headers.get('x-taxii-date-added-first')).toBeNull();
      } else {
        expect(((await one.json()) as { objects: { modified: string }[] }).objects.map((o) => o.modified)).toEqual(mineVersions);
        expect(((await versions.json()) as { versions: string[] }).versions).toEqual(mineVersions);
      }
    }
  }
}

test.each(testEngines())('%s: nobody ever sees what TLP withholds from them, through any endpoint', async (engine) => {
  const world = worlds.get(engine);
  if (!world) throw new Error(`no world for ${engine}`);
  await fc.assert(
    fc.asyncProperty(scenario, (input) => check(world, input)),
    { numRuns: engine === 'pglite' ? 12 : 8 },
  );
}, 600_000);

test('the SQL read scope agrees with canSeeMarked for every actor and record', () => {
  const ids = ['o0', 'o1', 'o2', 'o3'] as never[];
  const ids4 = fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 4 });
  fc.assert(
    fc.property(
      fc.oneof(
        fc.constant({ kind: 'anonymous' as const }),
        fc.constant({ kind: 'system' as const, name: 'test' }),
        ids4.map((orgs) => ({ kind: 'user' as const, userId: 'u' as never, isAdmin: false, memberships: orgs.map((organisationId) => ({ organisationId, organisationType: 'civil-society' as const, role: 'analyst' as const })) })),
      ),
      fc.record({ tlp: fc.constantFrom(...TLP_LEVELS), ownerOrganisationId: fc.option(fc.constantFrom(...ids), { nil: null }), communityOrganisationIds: ids4, recipientOrganisationIds: ids4 }),
      (actor, record) => {
        expect(isInMarkedScope(markedReadScope(actor, record.communityOrganisationIds), record)).toBe(canSeeMarked(actor, record));
      },
    ),
    { numRuns: 2000 },
  );
});
