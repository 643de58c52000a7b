/**
 * TLP 2.0 (FIRST) through every read of the sharing hub's web API, as a property: for random
 * communities, collection rights, producers, markings, named recipients, object versions and
 * relationships, no caller ever sees — in the collection list, its object count, pages of
 * objects, pages of a text search (ranked, at each object's latest visible version), one
 * object with its versions and graph, or an export — anything the TLP rules
 * withhold from them, and sees everything they allow. The oracle is written here from the TLP
 * definitions, independently of the policy module and the SQL.
 */
import type { NewStixObject } from '@vigil/db';
import { addMembership, addStixObjects, createSharingCollection, createSharingCommunity } from '@vigil/db';
import type { Tlp } from '@vigil/domain';
import { TLP_LEVELS } from '@vigil/domain';
import { buildRelationship, type StixId } from '@vigil/stix';
import type { TestApp, TestClient } from '@vigil/test-utils';
import { createTestApp, indicator, login, seedUser, TEST_PASSWORD, testEngines, tlpOracle } from '@vigil/test-utils';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';

const ORGANISATIONS = 4;

interface World {
  readonly app: TestApp;
  readonly organisations: readonly string[];
  readonly callers: readonly { readonly name: string; readonly client: TestClient; readonly organisations: readonly number[] }[];
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
      callers.push({ name: email, client: await login(app, email, TEST_PASSWORD), organisations: [index] });
    }
    const multi = await seedUser(app, { email: 'multi@org0.example', role: 'viewer', organisationName: 'Org 0' });
    await addMembership(app.database.db, { actor: { kind: 'system', id: 'test', label: 'test' }, now: app.clock.now() }, { userId: multi.userId, organisationId: organisations[2] ?? '', role: 'viewer' });
    callers.push({ name: 'multi', client: await login(app, 'multi@org0.example', TEST_PASSWORD), organisations: [0, 2] });
    worlds.set(engine, { app, organisations, callers });
  }
}, 300_000);

afterAll(async () => {
  for (const world of worlds.values()) await world.app.close();
});

interface Marking {
  readonly tlp: Tlp;
  readonly producer: number;
  readonly recipients: readonly number[];
  /** The version's words (TEXTS), searched for `election`. */
  readonly text: number;
}

/**
 * Names and descriptions of object versions, with their score for the search `election`
 * (docs/share.md: 2 in the name, 1 in the description, without accents; `électoral` is
 * another word): undefined where it does not match.
 */
const TEXTS: readonly { readonly name: string; readonly description?: string; readonly score: number | undefined }[] = [
  { name: 'Élection locale', score: 2 },
  { name: 'test indicator', description: 'Rumeurs sur les elections', score: 1 },
  { name: 'Registre électoral', score: undefined },
  { name: 'ÉLECTIONS', description: 'élection', score: 3 },
];

interface Scenario {
  readonly community: readonly number[];
  readonly readers: readonly number[];
  readonly objects: readonly (readonly Marking[])[];
  /** Relationships between objects (by index), each with its own marking. */
  readonly links: readonly { readonly from: number; readonly to: number; readonly marking: Marking }[];
}

const organisation = fc.integer({ min: 0, max: ORGANISATIONS - 1 });
const organisationSet = fc.uniqueArray(organisation, { maxLength: ORGANISATIONS });
const marking = fc.record({ tlp: fc.constantFrom(...TLP_LEVELS), producer: organisation, recipients: organisationSet, text: fc.nat(TEXTS.length - 1) });
const scenario: fc.Arbitrary<Scenario> = fc.record({
  community: fc.uniqueArray(organisation, { minLength: 1, maxLength: ORGANISATIONS }),
  readers: organisationSet,
  objects: fc.array(fc.array(marking, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
  links: fc.array(fc.record({ from: fc.nat(4), to: fc.nat(4), marking }), { maxLength: 4 }),
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
    publicRead: false,
    defaultTlp: 'green',
    rights: input.readers.map((i) => ({ organisationId: organisations[i] ?? '', canRead: true, canWrite: false })),
  });
  const stored: { id: string; version: string; spec: Marking; score: number | undefined }[] = [];
  const store = async (object: Record<string, unknown> & { id: string; type: string; modified: string }, spec: Marking, score: number | undefined) => {
    app.clock.advance(1000);
    const row: NewStixObject = {
      object,
      specVersion: '2.1',
      version: object.modified,
      tlp: spec.tlp,
      producerOrganisationId: organisations[spec.producer] ?? null,
      recipientOrganisationIds: spec.recipients.map((i) => organisations[i] ?? ''),
    };
    await addStixObjects(app.database.db, { ...context, now: app.clock.now() }, { collectionId: collection.id, objects: [row], failures: [], requestedBy: null });
    stored.push({ id: object.id, version: object.modified, spec, score });
  };
  const objectIds: string[] = [];
  for (const versions of input.objects) {
    const id = indicator().id;
    objectIds.push(id);
    for (const [index, spec] of versions.entries()) {
      const text = TEXTS[spec.text] ?? { name: 'test indicator', score: undefined };
      const built = indicator({ id, tlp: spec.tlp, modified: new Date(Date.UTC(2027, 0, 1 + index)), name: text.name });
      await store(text.description === undefined ? built : { ...built, description: text.description }, spec, text.score);
    }
  }
  const links = input.links.map((link) => {
    const source = objectIds[link.from % objectIds.length] ?? '';
    const target = objectIds[link.to % objectIds.length] ?? '';
    const built = buildRelationship({ uuid: randomUUID(), created: new Date('2027-01-05T00:00:00.000Z'), relationshipType: 'related-to', sourceRef: source as StixId, targetRef: target as StixId, tlp: link.marking.tlp });
    return { id: built.id, source, target, built, marking: link.marking };
  });
  for (const link of links) await store(link.built, link.marking, undefined);

  const base = `/api/v1/share/collections/${collection.id}`;
  for (const { name, client, organisations: mine } of world.callers) {
    const reads = mine.some((org) => input.readers.includes(org));
    const visible = reads ? stored.filter((entry) => tlpOracle(mine, entry.spec, input.community)) : [];
    const lastVisible = new Map<string, string>();
    for (const entry of visible) if ((lastVisible.get(entry.id) ?? '') < entry.version) lastVisible.set(entry.id, entry.version);

    const listed = (await (await client.call('GET', '/api/v1/share/collections')).json()) as { items: { id: string; objectCount: number | null }[] };
    const mineListed = listed.items.find((item) => item.id === collection.id);
    expect(mineListed !== undefined, name).toBe(reads);
    if (!reads) {
      for (const path of ['/objects', '/export', `/objects/${objectIds[0] ?? ''}`]) expect((await client.call('GET', `${base}${path}`)).status, `${name} ${path}`).toBe(404);
      continue;
    }
    expect(mineListed?.objectCount, name).toBe(lastVisible.size);

    // Pages of 2: each visible object once, at its last visible version.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await client.call('GET', `${base}/objects?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { id: string; version: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((item) => `${item.id} ${item.version}`));
      cursor = page.nextCursor;
    } while (cursor);
    const expectedLatest = [...lastVisible].map(([id, version]) => `${id} ${version}`).sort();
    expect(seen.sort(), name).toEqual(expectedLatest);

    // A search, in pages of 2: the latest visible versions that match, best first, then newest
    // (stored one by one, so the later stored the newer), each once.
    const found: string[] = [];
    cursor = null;
    do {
      const response = await client.call('GET', `${base}/objects?q=election&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { id: string; version: string }[]; nextCursor: string | null };
      found.push(...page.items.map((item) => `${item.id} ${item.version}`));
      cursor = page.nextCursor;
    } while (cursor);
    const latestEntries = stored.map((entry, index) => ({ ...entry, index })).filter((entry) => lastVisible.get(entry.id) === entry.version && visible.includes(stored[entry.index] ?? entry));
    const expectedFound = latestEntries
      .flatMap((entry) => (entry.score === undefined ? [] : [{ key: `${entry.id} ${entry.version}`, score: entry.score, index: entry.index }]))
      .sort((a, b) => b.score - a.score || b.index - a.index)
      .map((entry) => entry.key);
    expect(found, `${name} search`).toEqual(expectedFound);

    const exported = (await (await client.call('GET', `${base}/export`)).json()) as { objects: { id: string; modified: string }[] };
    expect(exported.objects.map((object) => `${object.id} ${object.modified}`).sort(), name).toEqual(expectedLatest);

    for (const id of objectIds) {
      const response = await client.call('GET', `${base}/objects/${id}`);
      const versions = visible.filter((entry) => entry.id === id).map((entry) => entry.version);
      if (versions.length === 0) {
        expect(response.status, `${name} ${id}`).toBe(404);
        continue;
      }
      const detail = (await response.json()) as { versions: { version: string }[]; graph: { nodes: { id: string }[]; edges: { id: string; kind: string }[] } };
      expect(detail.versions.map((version) => version.version), name).toEqual(versions);
      expect(detail.graph.nodes.every((node) => lastVisible.has(node.id)), name).toBe(true);
      const expectedEdges = links
        .filter((link) => (link.source === id || link.target === id) && lastVisible.has(link.id) && lastVisible.has(link.source) && lastVisible.has(link.target))
        .map((link) => link.id)
        .sort();
      expect(detail.graph.edges.filter((edge) => edge.kind === 'relationship').map((edge) => edge.id).sort(), name).toEqual(expectedEdges);
    }
  }
}

test.each(testEngines())('%s: nobody ever sees through the web API what TLP withholds from them, and sees all it allows', async (engine) => {
  const world = worlds.get(engine);
  if (!world) throw new Error(`no world for ${engine}`);
  await fc.assert(
    fc.asyncProperty(scenario, (input) => check(world, input)),
    { numRuns: engine === 'pglite' ? 12 : 6 },
  );
}, 600_000);
