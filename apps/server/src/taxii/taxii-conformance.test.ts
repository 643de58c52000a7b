/**
 * Our TAXII 2.1 conformance suite (OASIS Standard, 10 June 2021): every endpoint, filter,
 * header and error of sections 3-5, in-process on every test engine.
 */
import type { TaxiiFixture } from '@vigil/test-utils';
import { indicator, taxiiFixture, testEngines } from '@vigil/test-utils';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TAXII_MEDIA_TYPE } from './taxii-media';

const engines = testEngines();
const fixtures = new Map<string, TaxiiFixture>();

beforeAll(async () => {
  for (const engine of engines) fixtures.set(engine, await taxiiFixture(engine));
}, 300_000);

afterAll(async () => {
  for (const fixture of fixtures.values()) await fixture.app.close();
});

function fixtureOf(engine: string): TaxiiFixture {
  const fixture = fixtures.get(engine);
  if (!fixture) throw new Error(`no fixture for ${engine}`);
  return fixture;
}

const ROOT = '/taxii2/api';
const objectsOf = (collection: { id: string }) => `${ROOT}/collections/${collection.id}/objects/`;

interface Envelope {
  more?: boolean;
  next?: string;
  objects?: { id: string; modified?: string; name?: string }[];
}

async function json<T>(response: Response): Promise<T> {
  expect(response.headers.get('content-type')).toBe(TAXII_MEDIA_TYPE);
  return (await response.json()) as T;
}

async function add(fixture: TaxiiFixture, collection: { id: string }, objects: unknown[]) {
  const response = await fixture.alice.post(objectsOf(collection), { objects });
  expect(response.status).toBe(202);
  return json<{ id: string; status: string; success_count: number; failure_count: number; failures: { id: string; version: string; message: string }[] }>(response);
}

test.each(engines)('%s: discovery and API root, for anonymous callers too', async (engine) => {
  const { anonymous, alice } = fixtureOf(engine);
  const discovery = await json<{ title: string; default: string; api_roots: string[] }>(await anonymous.get('/taxii2/'));
  expect(discovery.api_roots).toEqual(['http://localhost/taxii2/api/']);
  expect(discovery.default).toBe('http://localhost/taxii2/api/');
  const root = await json<{ versions: string[]; max_content_length: number }>(await alice.get(`${ROOT}/`));
  expect(root.versions).toEqual([TAXII_MEDIA_TYPE]);
  expect(root.max_content_length).toBeGreaterThan(1_000_000);
});

test.each(engines)('%s: media types — 406 for an Accept the server cannot answer, wildcards accepted', async (engine) => {
  const { alice } = fixtureOf(engine);
  const refused = await alice.get('/taxii2/', { accept: 'application/xml' });
  expect(refused.status).toBe(406);
  expect(await json<{ http_status: string; title: string }>(refused)).toMatchObject({ http_status: '406' });
  expect((await alice.get('/taxii2/', { accept: 'application/taxii+json;version=2.0' })).status).toBe(406);
  expect((await alice.get('/taxii2/', { accept: '*/*' })).status).toBe(200);
  expect((await alice.get('/taxii2/', { accept: 'application/taxii+json' })).status).toBe(200);
});

test.each(engines)('%s: authentication — 401 with an error resource for bad credentials; Basic with password or token, and Bearer', async (engine) => {
  const fixture = fixtureOf(engine);
  const bad = await fixture.app.request(`${ROOT}/collections/`, { headers: { accept: TAXII_MEDIA_TYPE, authorization: 'Basic ' + Buffer.from('alice@a.example:wrong').toString('base64') } });
  expect(bad.status).toBe(401);
  expect(bad.headers.get('www-authenticate')).toContain('Basic');
  expect(await json<{ http_status: string }>(bad)).toMatchObject({ http_status: '401' });
  const badToken = await fixture.app.request(`${ROOT}/collections/`, { headers: { accept: TAXII_MEDIA_TYPE, authorization: 'Bearer vgl_nope' } });
  expect(badToken.status).toBe(401);
  for (const caller of [fixture.alice, fixture.aliceToken, fixture.aliceReadToken]) {
    const body = await json<{ collections: { id: string }[] }>(await caller.get(`${ROOT}/collections/`));
    expect(body.collections.map((collection) => collection.id)).toContain(fixture.main.id);
  }
});

test.each(engines)('%s: collections — rights per organisation, public feeds, 404 for collections a caller may not use', async (engine) => {
  const { alice, bob, carol, anonymous, main, writeOnly, publicFeed } = fixtureOf(engine);
  type Collections = { collections?: { id: string; can_read: boolean; can_write: boolean; media_types: string[]; alias?: string }[] };
  const ofAlice = await json<Collections>(await alice.get(`${ROOT}/collections/`));
  expect(ofAlice.collections?.map((c) => [c.id, c.can_read, c.can_write]).sort()).toEqual(
    [
      [main.id, true, true],
      [writeOnly.id, false, true],
      [publicFeed.id, true, true],
    ].sort(),
  );
  expect(ofAlice.collections?.find((c) => c.id === main.id)).toMatchObject({ alias: 'main', media_types: ['application/stix+json;version=2.1'] });
  const ofBob = await json<Collections>(await bob.get(`${ROOT}/collections/`));
  expect(ofBob.collections?.map((c) => [c.id, c.can_read, c.can_write]).sort()).toEqual([[main.id, true, false], [publicFeed.id, true, false]].sort());
  for (const caller of [carol, anonymous]) {
    const body = await json<Collections>(await caller.get(`${ROOT}/collections/`));
    expect(body.collections?.map((c) => c.id)).toEqual([publicFeed.id]);
    expect((await caller.get(`${ROOT}/collections/${main.id}/`)).status).toBe(404);
    expect((await caller.get(objectsOf(main))).status).toBe(404);
  }
  expect(await json<{ id: string; can_read: boolean }>(await bob.get(`${ROOT}/collections/${main.id}/`))).toMatchObject({ id: main.id, can_read: true });
  expect((await alice.get(`${ROOT}/collections/not-a-uuid/`)).status).toBe(404);
  expect((await alice.get(`${ROOT}/collections/00000000-0000-4000-8000-000000000000/`)).status).toBe(404);
  const missing = await alice.get(`${ROOT}/collections/00000000-0000-4000-8000-000000000000/objects/`);
  expect(await json<{ http_status: string }>(missing)).toMatchObject({ http_status: '404' });
  expect((await alice.get('/taxii2/nowhere/')).status).toBe(404);
  // Write-only: listed, but objects cannot be read.
  expect((await alice.get(objectsOf(writeOnly))).status).toBe(403);
});

test.each(engines)('%s: add objects — 415, 413, 400, 403 and a status resource listing invalid objects while valid ones are stored', async (engine) => {
  const fixture = fixtureOf(engine);
  const { alice, bob, aliceReadToken, main } = fixture;
  expect((await alice.post(objectsOf(main), { objects: [] }, { 'content-type': 'application/json' })).status).toBe(415);
  expect((await alice.post(objectsOf(main), '{"objects": [', {})).status).toBe(400);
  expect((await alice.post(objectsOf(main), { more: false }, {})).status).toBe(400);
  const tooLarge = await alice.post(objectsOf(main), `{"objects": [], "padding": "${'x'.repeat(21 * 1024 * 1024)}"}`);
  expect(tooLarge.status).toBe(413);
  expect(await json<{ http_status: string }>(tooLarge)).toMatchObject({ http_status: '413' });
  expect((await bob.post(objectsOf(main), { objects: [indicator()] })).status).toBe(403);
  expect((await aliceReadToken.post(objectsOf(main), { objects: [indicator()] })).status).toBe(403);

  const valid = indicator({ name: 'stored' });
  const invalid = { ...indicator(), created: 'yesterday' };
  const status = await add(fixture, main, [valid, invalid, { type: 'indicator' }]);
  expect(status).toMatchObject({ status: 'complete', total_count: 3, success_count: 1, failure_count: 2, pending_count: 0 });
  expect(status.failures[0]).toMatchObject({ id: invalid['id'] });
  expect(status.failures[0]?.message).toContain('/created');
  expect(status.failures[1]?.id).toBe('objects[2]');
  const stored = await json<Envelope>(await alice.get(`${objectsOf(main)}${valid.id}/`));
  // Served exactly as posted, property names included.
  expect(stored.objects).toEqual([valid]);
  expect((await alice.get(`${objectsOf(main)}${invalid.id}/`)).status).toBe(404);

  // The status belongs to its requester, whichever way they authenticate; to others it does not exist.
  expect(await json<{ id: string }>(await alice.get(`${ROOT}/status/${status.id}/`))).toMatchObject({ id: status.id, success_count: 1 });
  expect((await fixture.aliceToken.get(`${ROOT}/status/${status.id}/`)).status).toBe(200);
  expect((await bob.get(`${ROOT}/status/${status.id}/`)).status).toBe(404);
  expect((await alice.get(`${ROOT}/status/00000000-0000-4000-8000-000000000000/`)).status).toBe(404);

  // Posting the same version again is a success and stores nothing twice.
  await add(fixture, main, [valid]);
  const versions = await json<{ versions: string[] }>(await alice.get(`${objectsOf(main)}${valid.id}/versions/`));
  expect(versions.versions).toEqual([valid.modified]);
});

test.each(engines)('%s: objects — filters match[id|type|version|spec_version], added_after, and the date-added headers', async (engine) => {
  const fixture = fixtureOf(engine);
  const { alice, app, main } = fixture;
  app.clock.advance(60_000);
  const first = indicator({ name: 'v1', modified: new Date('2027-01-02T00:00:00.000Z') });
  const addedFirst = app.clock.now().toISOString();
  await add(fixture, main, [first]);
  app.clock.advance(60_000);
  const second = indicator({ id: first.id, name: 'v2', modified: new Date('2027-01-03T00:00:00.000Z') });
  const third = indicator({ id: first.id, name: 'v3', modified: new Date('2027-01-04T00:00:00.000Z') });
  const addedSecond = app.clock.now().toISOString();
  await add(fixture, main, [second, third]);
  const byId = (query: string) => alice.get(`${objectsOf(main)}?match[id]=${first.id}${query}`);

  const last = await byId('');
  expect((await json<Envelope>(last)).objects?.map((o) => o.name)).toEqual(['v3']);
  expect(last.headers.get('x-taxii-date-added-first')).toBe(addedSecond);
  expect(last.headers.get('x-taxii-date-added-last')).toBe(addedSecond);
  expect((await json<Envelope>(await byId('&match[version]=first'))).objects?.map((o) => o.name)).toEqual(['v1']);
  expect((await json<Envelope>(await byId('&match[version]=all'))).objects?.map((o) => o.name)).toEqual(['v1', 'v2', 'v3']);
  expect((await json<Envelope>(await byId('&match[version]=first,last'))).objects?.map((o) => o.name)).toEqual(['v1', 'v3']);
  expect((await json<Envelope>(await byId('&match[version]=2027-01-03T00:00:00.000Z'))).objects?.map((o) => o.name)).toEqual(['v2']);
  expect((await json<Envelope>(await byId('&match[spec_version]=2.1&match[version]=all'))).objects).toHaveLength(3);
  expect(await json<Envelope>(await byId('&match[spec_version]=2.0'))).toEqual({ more: false });
  const all = await byId('&match[version]=all');
  expect(all.headers.get('x-taxii-date-added-first')).toBe(addedFirst);
  expect(all.headers.get('x-taxii-date-added-last')).toBe(addedSecond);
  expect((await json<Envelope>(await byId(`&match[version]=all&added_after=${addedFirst}`))).objects?.map((o) => o.name)).toEqual(['v2', 'v3']);
  expect((await json<Envelope>(await alice.get(`${objectsOf(main)}?match[type]=indicator,report&match[id]=${first.id},${third.id}`))).objects).toHaveLength(1);
  expect(await json<Envelope>(await alice.get(`${objectsOf(main)}?match[type]=campaign`))).toEqual({ more: false });
  const none = await alice.get(`${objectsOf(main)}?match[type]=campaign`);
  expect(none.headers.get('x-taxii-date-added-first')).toBeNull();

  for (const bad of ['limit=0', 'limit=ten', 'added_after=yesterday', 'next=bm9wZQ', 'match[version]=soon', 'match[spec_version]=3.0', 'match[id]=']) {
    const response = await alice.get(`${objectsOf(main)}?${bad}`);
    expect(response.status, bad).toBe(400);
    expect(await json<{ http_status: string }>(response)).toMatchObject({ http_status: '400' });
  }
});

test.each(engines)('%s: object, versions and manifest endpoints', async (engine) => {
  const fixture = fixtureOf(engine);
  const { alice, app, main } = fixture;
  app.clock.advance(60_000);
  const v1 = indicator({ name: 'o1', modified: new Date('2027-02-01T00:00:00.000Z') });
  const v2 = indicator({ id: v1.id, name: 'o2', modified: new Date('2027-02-02T00:00:00.000Z') });
  await add(fixture, main, [v1, v2]);
  const one = (query = '') => alice.get(`${objectsOf(main)}${v1.id}/${query}`);
  expect((await json<Envelope>(await one())).objects?.map((o) => o.name)).toEqual(['o2']);
  expect((await json<Envelope>(await one('?match[version]=all'))).objects?.map((o) => o.name)).toEqual(['o1', 'o2']);
  const paged = await json<Envelope>(await one('?match[version]=all&limit=1'));
  expect(paged).toMatchObject({ more: true, objects: [{ name: 'o1' }] });
  expect((await json<Envelope>(await one(`?match[version]=all&limit=1&next=${paged.next ?? ''}`))).objects?.map((o) => o.name)).toEqual(['o2']);
  expect((await alice.get(`${objectsOf(main)}indicator--00000000-0000-4000-8000-000000000000/`)).status).toBe(404);

  const versions = await alice.get(`${objectsOf(main)}${v1.id}/versions/`);
  expect(await json<{ more: boolean; versions: string[] }>(versions)).toEqual({ more: false, versions: [v1.modified, v2.modified] });
  expect(versions.headers.get('x-taxii-date-added-first')).toBe(app.clock.now().toISOString());
  expect((await alice.get(`${objectsOf(main)}indicator--00000000-0000-4000-8000-000000000000/versions/`)).status).toBe(404);

  const manifest = await json<{ objects: { id: string; version: string; date_added: string; media_type: string }[] }>(
    await alice.get(`${ROOT}/collections/${main.id}/manifest/?match[id]=${v1.id}&match[version]=all`),
  );
  expect(manifest.objects).toEqual([
    { id: v1.id, version: v1.modified, date_added: app.clock.now().toISOString(), media_type: 'application/stix+json;version=2.1' },
    { id: v1.id, version: v2.modified, date_added: app.clock.now().toISOString(), media_type: 'application/stix+json;version=2.1' },
  ]);
});

test.each(engines)('%s: delete — only writers of the producing organisation; filters by version; then 404', async (engine) => {
  const fixture = fixtureOf(engine);
  const { alice, bob, aliceReadToken, main } = fixture;
  const v1 = indicator({ modified: new Date('2027-03-01T00:00:00.000Z') });
  const v2 = indicator({ id: v1.id, modified: new Date('2027-03-02T00:00:00.000Z') });
  await add(fixture, main, [v1, v2]);
  expect((await bob.delete(`${objectsOf(main)}${v1.id}/`)).status).toBe(403);
  expect((await aliceReadToken.delete(`${objectsOf(main)}${v1.id}/`)).status).toBe(403);
  expect((await fixture.carol.delete(`${objectsOf(main)}${v1.id}/`)).status).toBe(404);
  expect((await alice.delete(`${objectsOf(main)}${v1.id}/?match[version]=${v1.modified}`)).status).toBe(200);
  expect((await json<{ versions: string[] }>(await alice.get(`${objectsOf(main)}${v1.id}/versions/`))).versions).toEqual([v2.modified]);
  expect((await alice.delete(`${objectsOf(main)}${v1.id}/`)).status).toBe(200);
  expect((await alice.get(`${objectsOf(main)}${v1.id}/`)).status).toBe(404);
  expect((await alice.delete(`${objectsOf(main)}${v1.id}/`)).status).toBe(404);
});

test.each(engines)('%s: pagination returns every object exactly once when thousands share one date_added', async (engine) => {
  const fixture = fixtureOf(engine);
  const { alice, app, publicFeed } = fixture;
  app.clock.advance(60_000);
  const posted = Array.from({ length: 2500 }, () => indicator({ tlp: 'clear' }));
  await add(fixture, publicFeed, posted.slice(0, 1250));
  await add(fixture, publicFeed, posted.slice(1250));
  const seen: string[] = [];
  let next: string | undefined;
  let pages = 0;
  do {
    const response = await alice.get(`${objectsOf(publicFeed)}?limit=333&added_after=${new Date(app.clock.now().getTime() - 1).toISOString()}${next ? `&next=${next}` : ''}`);
    const body = await json<Envelope>(response);
    seen.push(...(body.objects ?? []).map((object) => object.id));
    next = body.more ? body.next : undefined;
    pages += 1;
  } while (next);
  expect(pages).toBe(Math.ceil(2500 / 333));
  expect(new Set(seen).size).toBe(2500);
  expect(seen.sort()).toEqual(posted.map((object) => object.id).sort());
});

test.each(engines)('%s: TLP — hidden objects never show: 404, not in manifests, versions or headers; public feeds serve CLEAR to anyone', async (engine) => {
  const fixture = fixtureOf(engine);
  const { alice, bob, carol, anonymous, app, main, publicFeed } = fixture;
  app.clock.advance(60_000);
  const strict = indicator({ tlp: 'amber+strict' });
  const red = indicator({ tlp: 'red' });
  const amber = indicator({ tlp: 'amber' });
  const green = indicator({ tlp: 'green' });
  const unmarked = indicator();
  await add(fixture, main, [strict, red, amber, green, unmarked]);
  const latest = app.clock.now().toISOString();
  const idsSeenBy = async (caller: typeof alice) =>
    ((await json<Envelope>(await caller.get(`${objectsOf(main)}?added_after=${new Date(app.clock.now().getTime() - 1).toISOString()}`))).objects ?? []).map((o) => o.id);
  // The producer sees all of its own; the reader in the community sees GREEN and unmarked (collection default GREEN).
  expect((await idsSeenBy(alice)).sort()).toEqual([strict.id, red.id, amber.id, green.id, unmarked.id].sort());
  expect((await idsSeenBy(bob)).sort()).toEqual([green.id, unmarked.id].sort());
  for (const hidden of [strict, red, amber]) {
    for (const path of [`${hidden.id}/`, `${hidden.id}/versions/`]) {
      const response = await bob.get(`${objectsOf(main)}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('x-taxii-date-added-first')).toBeNull();
    }
    expect((await bob.delete(`${objectsOf(main)}${hidden.id}/`)).status).toBe(404);
  }
  const manifest = await json<{ objects?: { id: string }[] }>(await bob.get(`${ROOT}/collections/${main.id}/manifest/?match[id]=${strict.id},${red.id},${amber.id}`));
  expect(manifest.objects).toBeUndefined();
  // Bob's newest visible object is older than the hidden ones only if nothing else was added; the header shows only what he sees.
  const onlyHidden = await bob.get(`${objectsOf(main)}?match[id]=${strict.id},${red.id}`);
  expect(onlyHidden.headers.get('x-taxii-date-added-last')).toBeNull();
  expect(latest).toBeTruthy();

  // The public feed: CLEAR to anyone, GREEN only to the community.
  const clear = indicator({ tlp: 'clear' });
  const greenInPublic = indicator({ tlp: 'green' });
  await add(fixture, publicFeed, [clear, greenInPublic]);
  for (const caller of [anonymous, carol]) {
    expect((await caller.get(`${objectsOf(publicFeed)}${clear.id}/`)).status).toBe(200);
    expect((await caller.get(`${objectsOf(publicFeed)}${greenInPublic.id}/`)).status).toBe(404);
  }
  expect((await bob.get(`${objectsOf(publicFeed)}${greenInPublic.id}/`)).status).toBe(200);
  expect((await anonymous.post(objectsOf(publicFeed), { objects: [indicator()] })).status).toBe(401);
});
