/**
 * Revoking and deleting a shared object through the web API, and exporting a bundle limited to
 * a TLP level (to publish it), on every test engine. Revoke and delete: only a
 * writer from the producing organisation may (policy `canDeleteShared`, enforced by the API
 * whatever the page shows); a revoked version keeps the TLP and recipients and reaches TAXII
 * consumers; a delete removes every version; both are audited; what a caller may not see
 * stays absent (404), never forbidden. A TLP-limited export carries nothing above its level,
 * not even the id of an object left out.
 */
import { createSharingCollection, createSharingCommunity } from '@vigil/db';
import { TLP_MARKING_IDS, buildCampaign, buildRelationship, buildReport, buildThreatActor } from '@vigil/stix';
import type { TestApp, TestClient } from '@vigil/test-utils';
import { TEST_PASSWORD, basic, createTestApp, login, seedUser, taxiiCaller, testEngines } from '@vigil/test-utils';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { publishStixObjects } from '../sharing/publish-stix-objects';

const created = new Date('2027-02-20T10:00:00.000Z');

interface Detail {
  summary: { tlp: string; revoked: boolean };
  object: Record<string, unknown>;
  versions: { version: string; tlp: string }[];
  permissions: { revoke: boolean; delete: boolean };
}

describe.each(testEngines())('%s', (engine) => {
  let app: TestApp;
  let producer: TestClient;
  let colleague: TestClient;
  let writer: TestClient;
  let partner: TestClient;
  let member: TestClient;
  let collectionId = '';
  let ids: { producer: string; writer: string; partner: string; member: string };
  let publish: (tlp: 'clear' | 'green' | 'amber' | 'red', objects: unknown[], organisationId?: string) => Promise<void>;

  beforeAll(async () => {
    app = await createTestApp(engine);
    const seeded = {
      producer: await seedUser(app, { email: 'producer@test.example', role: 'analyst', organisationName: 'Producer agency', organisationType: 'government-agency' }),
      writer: await seedUser(app, { email: 'writer@test.example', role: 'analyst', organisationName: 'Other writer', organisationType: 'election-authority' }),
      partner: await seedUser(app, { email: 'partner@test.example', role: 'analyst', organisationName: 'Partner authority' }),
      member: await seedUser(app, { email: 'member@test.example', role: 'analyst', organisationName: 'Member NGO', organisationType: 'civil-society' }),
    };
    await seedUser(app, { email: 'colleague@test.example', role: 'viewer', organisationName: 'Producer agency' });
    ids = { producer: seeded.producer.organisationId, writer: seeded.writer.organisationId, partner: seeded.partner.organisationId, member: seeded.member.organisationId };
    producer = await login(app, 'producer@test.example', TEST_PASSWORD);
    colleague = await login(app, 'colleague@test.example', TEST_PASSWORD);
    writer = await login(app, 'writer@test.example', TEST_PASSWORD);
    partner = await login(app, 'partner@test.example', TEST_PASSWORD);
    member = await login(app, 'member@test.example', TEST_PASSWORD);
    const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: app.clock.now() };
    const community = await createSharingCommunity(app.database.db, context, { name: 'Election security', description: '', organisationIds: Object.values(ids) });
    const collection = await createSharingCollection(app.database.db, context, {
      communityId: community.id,
      title: 'Threats',
      description: '',
      alias: 'threats',
      publicRead: false,
      defaultTlp: 'green',
      rights: [
        { organisationId: ids.producer, canRead: true, canWrite: true },
        { organisationId: ids.writer, canRead: true, canWrite: true },
        { organisationId: ids.partner, canRead: true, canWrite: false },
        { organisationId: ids.member, canRead: true, canWrite: false },
      ],
    });
    collectionId = collection.id;
    publish = async (tlp, objects, organisationId = ids.producer) => {
      const result = await publishStixObjects({ db: app.database.db, context: { ...context, now: app.clock.now() }, collectionId, organisationId, tlp, recipientOrganisationIds: [ids.partner], objects });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
    };
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  const objectPath = (id: string) => `/api/v1/share/collections/${collectionId}/objects/${id}`;

  async function json<T>(response: Response, status = 200): Promise<T> {
    const body = await response.text();
    expect(response.status, body).toBe(status);
    return JSON.parse(body) as T;
  }

  const actions = async (targetId: string) =>
    (await app.database.db.selectFrom('auditEvents').select('action').where('targetId', '=', targetId).orderBy('seq').execute()).map((event) => event.action);

  test('revoke: only a writer of the producing organisation; a new RED version for the same recipients, which TAXII consumers receive', async () => {
    const actor = buildThreatActor({ uuid: randomUUID(), created, name: 'Red operator to revoke', threatActorTypes: ['nation-state'] });
    await publish('red', [actor]);
    app.clock.advance(60_000);

    // What each caller may do, as the object page shows it.
    expect((await json<Detail>(await producer.call('GET', objectPath(actor.id)))).permissions).toEqual({ revoke: true, delete: true });
    expect((await json<Detail>(await partner.call('GET', objectPath(actor.id)))).permissions).toEqual({ revoke: false, delete: false });
    // A viewer of the producing organisation reads its objects but may not withdraw them.
    expect((await json<Detail>(await colleague.call('GET', objectPath(actor.id)))).permissions).toEqual({ revoke: false, delete: false });
    expect((await colleague.call('POST', `${objectPath(actor.id)}/revoke`)).status).toBe(403);

    // The API enforces it whatever a page shows; a caller who may not see the object gets 404.
    expect((await writer.call('POST', `${objectPath(actor.id)}/revoke`)).status).toBe(404);
    expect((await partner.call('POST', `${objectPath(actor.id)}/revoke`)).status).toBe(403);
    expect((await member.call('POST', `${objectPath(actor.id)}/revoke`)).status).toBe(404);

    const revoked = await json<{ id: string; version: string }>(await producer.call('POST', `${objectPath(actor.id)}/revoke`));
    expect(revoked).toEqual({ id: actor.id, version: app.clock.now().toISOString() });
    const detail = await json<Detail>(await partner.call('GET', objectPath(actor.id)));
    expect(detail.summary).toMatchObject({ tlp: 'red', revoked: true });
    expect(detail.object).toMatchObject({ revoked: true, modified: revoked.version, name: actor.name, created: actor.created });
    expect(detail.versions.map((version) => [version.version, version.tlp])).toEqual([
      [actor.modified, 'red'],
      [revoked.version, 'red'],
    ]);
    expect((await json<Detail>(await producer.call('GET', objectPath(actor.id)))).permissions).toEqual({ revoke: false, delete: true });
    // Still invisible to a member who is not a recipient.
    expect((await member.call('GET', objectPath(actor.id))).status).toBe(404);

    // A TAXII consumer polling for what was added since the first version gets the revoked one.
    const consumer = taxiiCaller(app, 'partner', basic('partner@test.example', TEST_PASSWORD));
    const since = new Date(created.getTime()).toISOString();
    const envelope = (await (await consumer.get(`/taxii2/api/collections/${collectionId}/objects/?match[id]=${actor.id}&added_after=${since}&match[version]=last`)).json()) as { objects: { revoked?: boolean; modified: string }[] };
    expect(envelope.objects).toEqual([expect.objectContaining({ revoked: true, modified: revoked.version })]);

    expect((await producer.call('POST', `${objectPath(actor.id)}/revoke`)).status).toBe(409);
    expect(await actions(collectionId)).toContain('stix-object.revoke');
  });

  test("revoke: the new version's modified follows the last one even when the server's clock is behind it", async () => {
    const future = new Date(app.clock.now().getTime() + 3_600_000);
    const campaign = buildCampaign({ uuid: randomUUID(), created: future, name: 'Campaign from a fast clock' });
    await publish('green', [campaign]);
    const revoked = await json<{ version: string }>(await producer.call('POST', `${objectPath(campaign.id)}/revoke`));
    expect(revoked.version).toBe(new Date(future.getTime() + 1).toISOString());
  });

  test('export at TLP:CLEAR: only CLEAR latest versions, and nothing that refers to an object left out', async () => {
    const campaign = buildCampaign({ uuid: randomUUID(), created, name: 'Public campaign' });
    const report = buildReport({ uuid: randomUUID(), created, name: 'Public report', published: created, objectRefs: [campaign.id] });
    const secret = buildThreatActor({ uuid: randomUUID(), created, name: 'Secret operator', threatActorTypes: ['nation-state'] });
    const attribution = buildRelationship({ uuid: randomUUID(), created, relationshipType: 'attributed-to', sourceRef: campaign.id, targetRef: secret.id });
    const aboutAttribution = buildReport({ uuid: randomUUID(), created, name: 'Report on the attribution', published: created, objectRefs: [attribution.id] });
    const green = buildCampaign({ uuid: randomUUID(), created, name: 'Community campaign' });
    const upgraded = buildCampaign({ uuid: randomUUID(), created, name: 'Was public' });
    await publish('clear', [campaign, report, attribution, aboutAttribution, upgraded]);
    await publish('red', [secret]);
    await publish('green', [green]);
    // A later version of `upgraded` is AMBER: its earlier CLEAR version must not be exported.
    await publish('amber', [{ ...upgraded, modified: new Date(created.getTime() + 1000).toISOString(), description: 'now restricted' }]);

    const names = async (client: TestClient, tlp: string | null) => {
      const response = await client.call('GET', `/api/v1/share/collections/${collectionId}/export${tlp ? `?tlp=${tlp}` : ''}`);
      const bundle = await json<{ objects: { id: string; name?: string; object_marking_refs?: string[] }[] }>(response);
      return { bundle, leftOut: response.headers.get('x-vigil-left-out'), disposition: response.headers.get('content-disposition'), text: JSON.stringify(bundle) };
    };
    const clear = await names(producer, 'clear');
    const clearNames = clear.bundle.objects.map((object) => object.name);
    expect(clearNames).toEqual(expect.arrayContaining(['Public campaign', 'Public report']));
    for (const absent of ['Secret operator', 'Report on the attribution', 'Community campaign', 'Was public']) expect(clearNames).not.toContain(absent);
    // Not even by id: the RED actor and the relationship that names it are nowhere in the text.
    expect(clear.text).not.toContain(secret.id);
    expect(clear.text).not.toContain(attribution.id);
    expect(clear.bundle.objects.every((object) => object.object_marking_refs?.includes(TLP_MARKING_IDS.clear))).toBe(true);
    expect(clear.leftOut).toBe('2');
    expect(clear.disposition).toContain('threats-tlp-clear.stix.json');

    const upToGreen = (await names(producer, 'green')).bundle.objects.map((object) => object.name);
    expect(upToGreen).toContain('Community campaign');
    expect(upToGreen).not.toContain('Was public');
    // Without a level: everything the caller may see, as before.
    const all = (await names(producer, null)).bundle.objects.map((object) => object.name);
    expect(all).toEqual(expect.arrayContaining(['Secret operator', 'Report on the attribution', 'Community campaign', 'Was public']));
    expect((await producer.call('GET', `/api/v1/share/collections/${collectionId}/export?tlp=white`)).status).toBe(400);
  });

  test('delete: every version, only by a writer of the producing organisation, audited; then absent everywhere', async () => {
    const mine = buildCampaign({ uuid: randomUUID(), created, name: 'Posted to the wrong collection' });
    await publish('green', [mine]);
    app.clock.advance(60_000);
    await json(await producer.call('POST', `${objectPath(mine.id)}/revoke`));
    const theirs = buildCampaign({ uuid: randomUUID(), created, name: "Another writer's campaign" });
    await publish('green', [theirs], ids.writer);

    expect((await partner.call('DELETE', objectPath(mine.id))).status).toBe(403);
    expect((await writer.call('DELETE', objectPath(mine.id))).status).toBe(403);
    expect((await producer.call('DELETE', objectPath(theirs.id))).status).toBe(403);
    expect((await producer.call('DELETE', objectPath(`campaign--${randomUUID()}`))).status).toBe(404);

    expect(await json(await producer.call('DELETE', objectPath(mine.id)))).toEqual({ id: mine.id, deletedVersions: 2 });
    expect((await producer.call('GET', objectPath(mine.id))).status).toBe(404);
    expect((await partner.call('GET', objectPath(mine.id))).status).toBe(404);
    const consumer = taxiiCaller(app, 'partner', basic('partner@test.example', TEST_PASSWORD));
    expect((await consumer.get(`/taxii2/api/collections/${collectionId}/objects/${mine.id}/`)).status).toBe(404);
    expect((await producer.call('DELETE', objectPath(mine.id))).status).toBe(404);
    // The other writer's campaign is untouched and theirs to delete.
    expect((await json<Detail>(await writer.call('GET', objectPath(theirs.id)))).permissions).toEqual({ revoke: true, delete: true });
    expect(await actions(collectionId)).toContain('stix-object.delete');
  });
});
