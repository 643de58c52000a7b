/**
 * publishStixObjects: what other capabilities call to share their objects — marked at the
 * chosen TLP, with producer and recipients, audited, all or nothing; and the whole DISARM
 * framework bundle imports.
 */
import type { VigilDatabase } from '@vigil/db';
import { createOrganisation, createSharingCollection, createSharingCommunity, queryStixObjects } from '@vigil/db';
import type { OrganisationId } from '@vigil/domain';
import { TLP_MARKING_IDS, buildIncident, buildIndicator, parseBundle } from '@vigil/stix';
import { createTestDatabase, testEngines } from '@vigil/test-utils';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { publishStixObjects } from './publish-stix-objects';

const DISARM_FILE = new URL('../../../../../shared/data/disarm/DISARM.json', import.meta.url);

interface Setup {
  readonly database: VigilDatabase;
  readonly collectionId: string;
  readonly producer: string;
  readonly partner: string;
  readonly outsider: string;
}

const setups = new Map<string, Setup>();
const context = { actor: { kind: 'system' as const, id: 'respond', label: 'case publication' }, now: new Date('2027-04-01T10:00:00.000Z') };

beforeAll(async () => {
  for (const engine of testEngines()) {
    const database = await createTestDatabase(engine);
    const producer = (await createOrganisation(database.db, context, { name: 'Producer', type: 'government-agency' })).id;
    const partner = (await createOrganisation(database.db, context, { name: 'Partner', type: 'election-authority' })).id;
    const outsider = (await createOrganisation(database.db, context, { name: 'Outsider', type: 'media' })).id;
    const community = await createSharingCommunity(database.db, context, { name: 'Community', description: '', organisationIds: [producer, partner] });
    const collection = await createSharingCollection(database.db, context, {
      communityId: community.id,
      title: 'Cases',
      description: '',
      publicRead: false,
      defaultTlp: 'green',
      rights: [{ organisationId: producer, canRead: true, canWrite: true }],
    });
    setups.set(engine, { database, collectionId: collection.id, producer, partner, outsider });
  }
}, 300_000);

afterAll(async () => {
  for (const setup of setups.values()) await setup.database.close();
});

function setupOf(engine: string): Setup {
  const setup = setups.get(engine);
  if (!setup) throw new Error(`no setup for ${engine}`);
  return setup;
}

const created = new Date('2027-03-30T08:00:00.000Z');

test.each(testEngines())('%s: publishes at the chosen TLP with producer and recipients, audited', async (engine) => {
  const { database, collectionId, producer, partner } = setupOf(engine);
  const incident = buildIncident({ uuid: randomUUID(), created, name: 'Defacement of a municipal results page', tlp: 'green' });
  const result = await publishStixObjects({ db: database.db, context, collectionId, organisationId: producer, tlp: 'amber', recipientOrganisationIds: [partner], objects: [incident] });
  expect(result.ok).toBe(true);
  const page = await queryStixObjects(database.db, { collectionId, scope: { kind: 'everything' }, ids: [incident.id], versions: { kind: 'all' }, limit: 10 });
  expect(page.objects).toHaveLength(1);
  const [stored] = page.objects;
  expect(stored).toMatchObject({ tlp: 'amber', producerOrganisationId: producer, recipientOrganisationIds: [partner as OrganisationId] });
  // The chosen level replaces the object's own TLP marking.
  expect((JSON.parse(stored?.objectJson ?? '{}') as { object_marking_refs?: string[] }).object_marking_refs).toEqual([TLP_MARKING_IDS.amber]);
  const audit = await database.db.selectFrom('auditEvents').select(['action', 'targetId']).where('action', '=', 'stix-object.add').execute();
  expect(audit.some((event) => event.targetId === collectionId)).toBe(true);
});

test.each(testEngines())('%s: nothing is published when anything is wrong', async (engine) => {
  const { database, collectionId, producer, partner, outsider } = setupOf(engine);
  const good = buildIndicator({ uuid: randomUUID(), created, pattern: "[ipv4-addr:value = '198.51.100.7']", validFrom: created });
  const bad = { ...buildIndicator({ uuid: randomUUID(), created, pattern: "[ipv4-addr:value = '198.51.100.8']", validFrom: created }), modified: '2020-01-01T00:00:00.000Z' };
  const invalid = await publishStixObjects({ db: database.db, context, collectionId, organisationId: producer, tlp: 'green', objects: [good, bad] });
  expect(invalid).toMatchObject({ ok: false, error: { type: 'invalid-objects', failures: [{ index: 1, id: bad.id }] } });
  expect(await publishStixObjects({ db: database.db, context, collectionId: randomUUID(), organisationId: producer, objects: [good] })).toMatchObject({ ok: false, error: { type: 'collection-not-found' } });
  expect(await publishStixObjects({ db: database.db, context, collectionId, organisationId: outsider, objects: [good] })).toMatchObject({ ok: false, error: { type: 'producer-not-in-community' } });
  expect(await publishStixObjects({ db: database.db, context, collectionId, organisationId: producer, tlp: 'amber', recipientOrganisationIds: [partner, outsider], objects: [good] })).toMatchObject({
    ok: false,
    error: { type: 'recipient-not-in-community', organisationIds: [outsider] },
  });
  const page = await queryStixObjects(database.db, { collectionId, scope: { kind: 'everything' }, ids: [good.id, bad.id], versions: { kind: 'all' }, limit: 10 });
  expect(page.objects).toEqual([]);
});

test.each(testEngines())('%s: the whole DISARM framework bundle validates and imports', async (engine) => {
  const { database, collectionId } = setupOf(engine);
  const parsed = parseBundle(await readFile(DISARM_FILE, 'utf8'));
  if (!parsed.ok) throw new Error(`DISARM.json does not parse: ${JSON.stringify(parsed.error)}`);
  const objects = parsed.value.objects ?? [];
  expect(objects.length).toBeGreaterThan(600);
  const result = await publishStixObjects({ db: database.db, context, collectionId, organisationId: null, objects });
  if (!result.ok) throw new Error(JSON.stringify(result.error).slice(0, 2000));
  expect(result.value.successCount).toBe(objects.length);
  const techniques = await queryStixObjects(database.db, { collectionId, scope: { kind: 'everything' }, types: ['attack-pattern'], versions: { kind: 'all' }, limit: 1000, withObjects: false });
  expect(techniques.objects.length).toBe(objects.filter((object) => object.type === 'attack-pattern').length);
}, 120_000);
