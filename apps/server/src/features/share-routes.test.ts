/**
 * The sharing hub's web API in-process, on every test engine: collections, objects, graph,
 * forms, import, export, validation, DISARM and management — and TLP: a RED object never
 * reaches a member of the community who is not its recipient, through any route.
 */
import { createSharingCollection, createSharingCommunity } from '@vigil/db';
import { TLP_MARKING_IDS, buildCampaign, buildIndicator, buildRelationship, buildThreatActor } from '@vigil/stix';
import type { TestApp, TestClient } from '@vigil/test-utils';
import { TEST_PASSWORD, createTestApp, login, seedUser, testEngines } from '@vigil/test-utils';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { publishStixObjects } from '../sharing/publish-stix-objects';

const created = new Date('2027-02-20T10:00:00.000Z');

interface ObjectSummary {
  id: string;
  type: string;
  name: string | null;
  tlp: string;
}

describe.each(testEngines())('%s', (engine) => {
  let app: TestApp;
  let producer: TestClient;
  let partner: TestClient;
  let member: TestClient;
  let outsider: TestClient;
  let manager: TestClient;
  let collectionId = '';
  let hiddenCollectionId = '';
  let ids: { producer: string; partner: string; member: string; outsider: string };
  const actor = buildThreatActor({ uuid: randomUUID(), created, name: 'Red operator zeta', threatActorTypes: ['nation-state'] });
  const campaign = buildCampaign({ uuid: randomUUID(), created, name: 'Polling station rumours', description: 'Claims that polling stations moved.' });
  const attribution = buildRelationship({ uuid: randomUUID(), created, relationshipType: 'attributed-to', sourceRef: campaign.id, targetRef: actor.id });
  const indicator = buildIndicator({ uuid: randomUUID(), created, name: 'Amber phishing domain', pattern: "[domain-name:value = 'x.example']", validFrom: created });

  beforeAll(async () => {
    app = await createTestApp(engine);
    const seeded = {
      producer: await seedUser(app, { email: 'producer@test.example', role: 'analyst', organisationName: 'Producer agency', organisationType: 'government-agency' }),
      partner: await seedUser(app, { email: 'partner@test.example', role: 'analyst', organisationName: 'Partner authority' }),
      member: await seedUser(app, { email: 'member@test.example', role: 'analyst', organisationName: 'Member NGO', organisationType: 'civil-society' }),
      outsider: await seedUser(app, { email: 'outsider@test.example', role: 'analyst', organisationName: 'Outsider media', organisationType: 'media' }),
      manager: await seedUser(app, { email: 'manager@test.example', role: 'coordinator', organisationName: 'Electoral commission' }),
    };
    ids = { producer: seeded.producer.organisationId, partner: seeded.partner.organisationId, member: seeded.member.organisationId, outsider: seeded.outsider.organisationId };
    producer = await login(app, 'producer@test.example', TEST_PASSWORD);
    partner = await login(app, 'partner@test.example', TEST_PASSWORD);
    member = await login(app, 'member@test.example', TEST_PASSWORD);
    outsider = await login(app, 'outsider@test.example', TEST_PASSWORD);
    manager = await login(app, 'manager@test.example', TEST_PASSWORD);
    const context = { actor: { kind: 'system' as const, id: 'test', label: 'test' }, now: app.clock.now() };
    const community = await createSharingCommunity(app.database.db, context, { name: 'Election security', description: '', organisationIds: [ids.producer, ids.partner, ids.member] });
    const collection = await createSharingCollection(app.database.db, context, {
      communityId: community.id,
      title: 'Threats',
      description: 'Test collection',
      alias: 'threats',
      publicRead: false,
      defaultTlp: 'green',
      rights: [
        { organisationId: ids.producer, canRead: true, canWrite: true },
        { organisationId: ids.partner, canRead: true, canWrite: false },
        { organisationId: ids.member, canRead: true, canWrite: false },
      ],
    });
    collectionId = collection.id;
    const hidden = await createSharingCollection(app.database.db, context, { communityId: community.id, title: 'Hidden', description: '', publicRead: false, defaultTlp: 'green', rights: [{ organisationId: ids.producer, canRead: true, canWrite: true }] });
    hiddenCollectionId = hidden.id;
    const publish = async (tlp: 'green' | 'amber' | 'red', objects: unknown[]) => {
      const result = await publishStixObjects({ db: app.database.db, context, collectionId, organisationId: ids.producer, tlp, recipientOrganisationIds: [ids.partner], objects });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
    };
    await publish('green', [campaign]);
    await publish('red', [actor, attribution]);
    await publish('amber', [indicator]);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  const objectsPath = () => `/api/v1/share/collections/${collectionId}/objects`;

  async function json<T>(response: Response, status = 200): Promise<T> {
    const body = await response.text();
    expect(response.status, body).toBe(status);
    return JSON.parse(body) as T;
  }

  async function allObjects(client: TestClient, query = ''): Promise<ObjectSummary[]> {
    const items: ObjectSummary[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ObjectSummary[]; nextCursor: string | null } = await json(
        await client.call('GET', `${objectsPath()}?limit=1${query}${cursor ? `&cursor=${cursor}` : ''}`),
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  test('collections list what the caller may read, with only the objects they may see counted', async () => {
    const count = async (client: TestClient) => {
      const { items } = await json<{ items: { id: string; objectCount: number | null; canWrite: boolean; writingOrganisations: unknown[] }[] }>(await client.call('GET', '/api/v1/share/collections'));
      return items;
    };
    const forPartner = await count(partner);
    expect(forPartner.find((item) => item.id === collectionId)).toMatchObject({ objectCount: 4, canWrite: false });
    expect(forPartner.some((item) => item.id === hiddenCollectionId)).toBe(false);
    // The member sees the GREEN campaign only: no RED actor or relationship, no AMBER indicator.
    expect((await count(member)).find((item) => item.id === collectionId)).toMatchObject({ objectCount: 1 });
    expect((await count(producer)).find((item) => item.id === collectionId)).toMatchObject({ objectCount: 4, canWrite: true, writingOrganisations: [{ id: ids.producer, name: 'Producer agency' }] });
    expect((await count(partner)).find((item) => item.id === collectionId)).toMatchObject({ writingOrganisations: [] });
    expect(await count(outsider)).toEqual([]);
    expect((await outsider.call('GET', `/api/v1/share/collections/${collectionId}`)).status).toBe(404);
    expect((await partner.call('GET', `/api/v1/share/collections/${hiddenCollectionId}/objects`)).status).toBe(404);
    // Anonymous readers use the public TAXII feed; the web API needs a login.
    expect((await app.request('/api/v1/share/collections')).status).toBe(401);
  });

  test('objects: each once across pages, newest first, filtered by type, text and TLP; hidden objects never show', async () => {
    const forPartner = await allObjects(partner);
    expect(forPartner.map((item) => item.id).sort()).toEqual([campaign.id, actor.id, attribution.id, indicator.id].sort());
    expect(forPartner[0]?.id).toBe(indicator.id);
    expect((await allObjects(partner, '&type=threat-actor')).map((item) => item.id)).toEqual([actor.id]);
    expect((await allObjects(partner, '&q=ZETA%20red')).map((item) => item.id)).toEqual([actor.id]);
    expect((await allObjects(partner, '&q=moved')).map((item) => item.id)).toEqual([campaign.id]);
    expect((await allObjects(partner, '&tlp=amber')).map((item) => item.id)).toEqual([indicator.id]);
    expect((await allObjects(partner, '&q=100%25')).length).toBe(0);
    expect((await allObjects(member)).map((item) => item.id)).toEqual([campaign.id]);
    expect(await allObjects(member, '&q=zeta')).toEqual([]);
    expect(await allObjects(member, '&tlp=red')).toEqual([]);
    expect((await member.call('GET', `${objectsPath()}?cursor=bm9wZQ`)).status).toBe(400);
    expect((await member.call('GET', `${objectsPath()}?tlp=purple`)).status).toBe(400);
  });

  test('one object: versions and a graph of only what the caller may see', async () => {
    interface Detail {
      summary: { id: string; producerName: string | null };
      object: Record<string, unknown>;
      versions: { version: string; tlp: string }[];
      graph: { nodes: { id: string }[]; edges: { source: string; target: string; label: string; kind: string }[] };
    }
    const forPartner = await json<Detail>(await partner.call('GET', `${objectsPath()}/${campaign.id}`));
    expect(forPartner.summary).toMatchObject({ id: campaign.id, producerName: 'Producer agency' });
    expect(forPartner.object['name']).toBe('Polling station rumours');
    expect(forPartner.versions).toHaveLength(1);
    expect(forPartner.graph.nodes.map((node) => node.id).sort()).toEqual([campaign.id, actor.id].sort());
    expect(forPartner.graph.edges).toEqual([expect.objectContaining({ source: campaign.id, target: actor.id, label: 'attributed-to', kind: 'relationship' })]);
    const forMember = await json<Detail>(await member.call('GET', `${objectsPath()}/${campaign.id}`));
    expect(forMember.graph.nodes.map((node) => node.id)).toEqual([campaign.id]);
    expect(forMember.graph.edges).toEqual([]);
    expect(JSON.stringify(forMember)).not.toContain(actor.id);
    for (const hidden of [actor.id, attribution.id, indicator.id]) {
      expect((await member.call('GET', `${objectsPath()}/${hidden}`)).status).toBe(404);
    }
    expect((await partner.call('GET', `${objectsPath()}/not-an-id`)).status).toBe(400);
  });

  test('export: a bundle of the latest version of what the caller may see', async () => {
    const response = await member.call('GET', `/api/v1/share/collections/${collectionId}/export`);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="threats.stix.json"');
    const bundle = await json<{ type: string; id: string; objects: { id: string }[] }>(response);
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.map((object) => object.id)).toEqual([campaign.id]);
    const full = await json<{ objects: { id: string }[] }>(await partner.call('GET', `/api/v1/share/collections/${collectionId}/export`));
    expect(full.objects).toHaveLength(4);
    expect((await outsider.call('GET', `/api/v1/share/collections/${collectionId}/export`)).status).toBe(404);
  });

  test('forms: an AMBER incident with a DISARM technique becomes valid STIX with a uses relationship, the technique reused the second time', async () => {
    const body = { type: 'incident', name: 'Defaced results page', description: 'A municipal page showed false results.', tlp: 'amber', recipientOrganisationIds: [ids.partner], disarmTechniques: ['T0003'] };
    const first = await json<{ id: string; stored: string[] }>(await producer.call('POST', objectsPath(), body), 201);
    expect(first.id).toMatch(/^incident--/);
    expect(first.stored.map((id) => id.split('--')[0])).toEqual(['identity', 'attack-pattern', 'incident', 'relationship']);
    const detail = await json<{ object: Record<string, unknown>; summary: { tlp: string }; graph: { nodes: { id: string; tlp: string }[]; edges: { label: string }[] } }>(
      await partner.call('GET', `${objectsPath()}/${first.id}`),
    );
    expect(detail.summary.tlp).toBe('amber');
    expect(detail.object['created_by_ref']).toBe(`identity--${ids.producer}`);
    expect(detail.object['object_marking_refs']).toEqual([TLP_MARKING_IDS.amber]);
    expect(detail.graph.edges.map((edge) => edge.label).sort()).toEqual(['created_by_ref', 'uses']);
    const pattern = detail.graph.nodes.find((node) => node.id.startsWith('attack-pattern--'));
    expect(pattern?.tlp).toBe('clear');
    // The member is not a recipient of the AMBER incident: it does not exist for them.
    expect((await member.call('GET', `${objectsPath()}/${first.id}`)).status).toBe(404);
    const second = await json<{ stored: string[] }>(await producer.call('POST', objectsPath(), { ...body, name: 'Second defacement', tlp: 'green', recipientOrganisationIds: [] }), 201);
    expect(second.stored.map((id) => id.split('--')[0])).toEqual(['identity', 'incident', 'relationship']);
  });

  test('forms: every type builds, bad input is refused with field paths, writers only', async () => {
    const post = (body: unknown, client = producer) => client.call('POST', objectsPath(), body);
    await json(await post({ type: 'indicator', name: 'Bad domain', pattern: "[domain-name:value = 'bad.example']", tlp: 'green', disarmTechniques: ['T0015'] }), 201);
    await json(await post({ type: 'threat-actor', name: 'Troll farm', threatActorTypes: ['crime-syndicate'], tlp: 'red', recipientOrganisationIds: [ids.partner], disarmTechniques: ['T0003'] }), 201);
    await json(await post({ type: 'campaign', name: 'Fake polls', firstSeen: '2027-02-01T00:00:00Z', tlp: 'green' }), 201);
    await json(await post({ type: 'report', name: 'Weekly report', objectRefs: [campaign.id], tlp: 'green', disarmTechniques: ['T0003'] }), 201);
    await json(await post({ type: 'sighting', sightingOfRef: campaign.id, count: 3, tlp: 'green' }), 201);

    const refused = async (body: unknown, path: string) => {
      const problem = await json<{ errors: { path: string; message: string }[] }>(await post(body), 422);
      expect(problem.errors.map((error) => error.path)).toContain(path);
      return problem;
    };
    const pattern = await refused({ type: 'indicator', name: 'x', pattern: "[domain-name:value = 'x'", tlp: 'green' }, '/pattern');
    expect(pattern.errors[0]?.message).toMatch(/not a STIX pattern/);
    await refused({ type: 'incident', name: 'x', tlp: 'green', disarmTechniques: ['T9999'] }, '/disarmTechniques/0');
    await refused({ type: 'incident', name: 'x', tlp: 'green', disarmTechniques: ['X1'] }, '/disarmTechniques/0');
    await refused({ type: 'sighting', sightingOfRef: `campaign--${randomUUID()}`, tlp: 'green' }, '/sightingOfRef');
    await refused({ type: 'report', name: 'x', tlp: 'green' }, '/objectRefs');
    await refused({ type: 'incident', name: '', tlp: 'green' }, '/name');
    await refused({ type: 'incident', name: 'x', tlp: 'amber', recipientOrganisationIds: [ids.outsider] }, '/recipientOrganisationIds');
    await refused({ type: 'unknown', name: 'x', tlp: 'green' }, '/type');
    // A member may read but not write; someone else's organisation may not be named as producer.
    expect((await post({ type: 'incident', name: 'x', tlp: 'green' }, member)).status).toBe(403);
    await refused({ type: 'incident', name: 'x', tlp: 'green', organisationId: ids.partner }, '/organisationId');
  });

  test('import: nothing is stored unless every object is valid; every failure has its JSON path', async () => {
    const before = (await allObjects(producer)).length;
    const good = buildCampaign({ uuid: randomUUID(), created, name: 'Imported campaign' });
    const bad = { type: 'indicator', id: `indicator--${randomUUID()}`, spec_version: '2.1', created: '2027-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z' };
    const bundle = JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: [good, bad] });
    const path = `/api/v1/share/collections/${collectionId}/import`;
    const refused = await json<{ detail: string; errors: { path: string; message: string }[] }>(await producer.call('POST', path, { bundle }), 422);
    expect(refused.detail).toContain('nothing was imported');
    expect(refused.errors.every((error) => error.path.startsWith('/objects/1'))).toBe(true);
    expect(refused.errors.map((error) => error.path)).toEqual(expect.arrayContaining(['/objects/1/modified', '/objects/1/pattern']));
    expect((await allObjects(producer)).length).toBe(before);
    const syntax = await json<{ errors: { path: string }[] }>(await producer.call('POST', path, { bundle: '{"type": "bundle",\n "objects": [}' }), 422);
    expect(syntax.errors[0]?.path).toBe('line 2, column 14');
    const imported = await json<{ imported: number }>(
      await producer.call('POST', path, { bundle: JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: [good] }), tlp: 'green' }),
    );
    expect(imported.imported).toBe(1);
    expect((await allObjects(member, '&q=imported')).map((item) => item.id)).toEqual([good.id]);
    expect((await member.call('POST', path, { bundle })).status).toBe(403);
  });

  test('validate: failures with JSON paths, nothing stored; valid bundles pass', async () => {
    const bad = { type: 'indicator', id: `indicator--${randomUUID()}`, spec_version: '2.1', created: '2027-01-01T00:00:00.000Z', modified: '2027-01-01T00:00:00.000Z', pattern: '[x', pattern_type: 'stix', valid_from: '2027-01-01T00:00:00.000Z' };
    const bundle = JSON.stringify({ type: 'bundle', id: 'bundle--nope', objects: [campaign, bad] });
    const result = await json<{ valid: boolean; objectCount: number; invalidObjects: number; failures: { path: string; objectId: string | null }[] }>(
      await member.call('POST', '/api/v1/share/validate', { bundle }),
    );
    expect(result).toMatchObject({ valid: false, objectCount: 2, invalidObjects: 1 });
    expect(result.failures.map((failure) => failure.path)).toEqual(['/id', '/objects/1/pattern']);
    expect(result.failures[1]?.objectId).toBe(bad.id);
    const valid = await json<{ valid: boolean; failures: unknown[] }>(
      await member.call('POST', '/api/v1/share/validate', { bundle: JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: [campaign] }) }),
    );
    expect(valid).toEqual({ valid: true, objectCount: 1, invalidObjects: 0, failures: [] });
  });

  test('DISARM techniques for the picker, searchable by id, name or tactic', async () => {
    const all = await json<{ items: { id: string }[]; total: number }>(await member.call('GET', '/api/v1/share/disarm/techniques?limit=500'));
    expect(all.total).toBe(391);
    const byId = await json<{ items: { id: string; name: string; tacticId: string }[] }>(await member.call('GET', '/api/v1/share/disarm/techniques?q=t0003'));
    expect(byId.items[0]).toMatchObject({ id: 'T0003', name: 'Leverage Existing Narratives', tacticId: 'TA14' });
    const byName = await json<{ items: { id: string }[] }>(await member.call('GET', '/api/v1/share/disarm/techniques?q=hashtag'));
    expect(byName.items.map((item) => item.id)).toContain('T0015');
  });

  test('management: communities, collections and rights, audited; managers only', async () => {
    expect((await member.call('GET', '/api/v1/share/communities')).status).toBe(403);
    const community = await json<{ id: string; organisations: { id: string }[] }>(
      await manager.call('POST', '/api/v1/share/communities', { name: 'Platforms', description: 'Trust and safety', organisationIds: [ids.member] }),
      201,
    );
    expect(community.organisations.map((organisation) => organisation.id)).toEqual([ids.member]);
    expect((await manager.call('POST', '/api/v1/share/communities', { name: 'platforms' })).status).toBe(409);
    const updated = await json<{ organisations: { id: string }[]; name: string }>(
      await manager.call('PATCH', `/api/v1/share/communities/${community.id}`, { name: 'Platform partners', organisationIds: [ids.member, ids.outsider] }),
    );
    expect(updated.name).toBe('Platform partners');
    expect(updated.organisations.map((organisation) => organisation.id).sort()).toEqual([ids.member, ids.outsider].sort());
    const missing = await json<{ errors: { path: string }[] }>(await manager.call('PATCH', `/api/v1/share/communities/${community.id}`, { organisationIds: ['00000000-0000-4000-8000-000000000000'] }), 422);
    expect(missing.errors[0]?.path).toBe('/organisationIds/0');

    const collection = await json<{ id: string; rights: { organisationId: string; canRead: boolean; canWrite: boolean }[] }>(
      await manager.call('POST', `/api/v1/share/communities/${community.id}/collections`, {
        title: 'Takedowns',
        alias: 'takedowns',
        defaultTlp: 'green',
        rights: [{ organisationId: ids.member, canRead: true, canWrite: true }],
      }),
      201,
    );
    expect(collection.rights).toEqual([{ organisationId: ids.member, organisationName: 'Member NGO', canRead: true, canWrite: true }]);
    expect((await outsider.call('GET', `/api/v1/share/collections/${collection.id}`)).status).toBe(404);
    const rights = await json<{ rights: { organisationId: string; canRead: boolean; canWrite: boolean }[] }>(
      await manager.call('PUT', `/api/v1/share/collections/${collection.id}/rights`, { rights: [{ organisationId: ids.outsider, canRead: true, canWrite: false }] }),
    );
    expect(rights.rights).toEqual([{ organisationId: ids.outsider, organisationName: 'Outsider media', canRead: true, canWrite: false }]);
    expect((await outsider.call('GET', `/api/v1/share/collections/${collection.id}`)).status).toBe(200);
    expect((await member.call('GET', `/api/v1/share/collections/${collection.id}`)).status).toBe(404);
    const duplicate = await json<{ errors: { path: string }[] }>(
      await manager.call('PUT', `/api/v1/share/collections/${collection.id}/rights`, { rights: [{ organisationId: ids.outsider, canRead: true, canWrite: false }, { organisationId: ids.outsider, canRead: false, canWrite: true }] }),
      422,
    );
    expect(duplicate.errors[0]?.path).toBe('/rights/1/organisationId');
    const changed = await json<{ publicRead: boolean; defaultTlp: string; title: string }>(await manager.call('PATCH', `/api/v1/share/collections/${collection.id}`, { publicRead: true, defaultTlp: 'clear' }));
    expect(changed).toMatchObject({ publicRead: true, defaultTlp: 'clear', title: 'Takedowns' });
    expect((await manager.call('GET', `/api/v1/share/collections/${collection.id}/rights`)).status).toBe(200);
    expect((await member.call('PUT', `/api/v1/share/collections/${collection.id}/rights`, { rights: [] })).status).toBe(403);

    const actions = (await app.database.db.selectFrom('auditEvents').select('action').execute()).map((event) => event.action);
    for (const action of ['sharing-community.create', 'sharing-community.update', 'sharing-collection.create', 'sharing-collection.replace-rights', 'sharing-collection.update']) {
      expect(actions).toContain(action);
    }
  });

  test('OpenAPI describes the share routes and the TAXII server', async () => {
    const document = await json<{ paths: Record<string, Record<string, { 'x-vigil-permission': string; tags: string[] }>> }>(await app.request('/api/openapi.json'));
    expect(document.paths['/api/v1/share/collections/{id}/objects']?.['post']?.['x-vigil-permission']).toBe('share.write');
    expect(document.paths['/api/v1/share/collections/{id}/rights']?.['put']?.['x-vigil-permission']).toBe('share.manage');
    expect(document.paths['/taxii2/api/collections/{collectionId}/objects/']?.['post']?.['x-vigil-permission']).toBe('share.write');
    const taxii = Object.values(document.paths).flatMap((methods) => Object.values(methods)).filter((operation) => operation.tags.includes('taxii'));
    expect(taxii).toHaveLength(11);
  });
});
