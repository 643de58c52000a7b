/**
 * Respond intake and triage through the real app, on every test engine: the public form
 * (JSON and multipart), its limits, the tracking page, the monitor API and bulk import, and
 * the triage queue's decisions with their audit events.
 */
import { verifyAuditChain } from '@vigil/db';
import { TRACKING_CODE_PATTERN } from '@vigil/domain';
import type { TestApp, TestClient } from '@vigil/test-utils';
import { TEST_PASSWORD, createTestApp, login, seedUser, testEngines } from '@vigil/test-utils';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PUBLIC_REPORTS_PER_HOUR } from '../features/respond-report-routes';

interface Fixture {
  app: TestApp;
  analyst: TestClient;
  viewer: TestClient;
  monitorToken: string;
  mediaToken: string;
  civicOrganisationId: string;
  regionId: string;
}

const fixtures = new Map<string, Fixture>();
const engines = testEngines();

// A 1×1 PNG and the head of a PDF: real magic bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function tokenOf(app: TestApp, client: TestClient): Promise<string> {
  const response = await client.call('POST', '/api/v1/tokens', { name: 'monitor feed', scopes: ['read', 'write'] });
  return ((await response.json()) as { secret: string }).secret;
}

beforeAll(async () => {
  for (const engine of engines) {
    const app = await createTestApp(engine);
    await seedUser(app, { email: 'admin@test.example', isAdmin: true, role: 'admin', organisationName: 'Operators' });
    const admin = await login(app, 'admin@test.example', TEST_PASSWORD);
    await seedUser(app, { email: 'analyst@commission.example', role: 'analyst', organisationName: 'Electoral Commission', organisationType: 'election-authority' });
    await seedUser(app, { email: 'viewer@commission.example', role: 'viewer', organisationName: 'Electoral Commission', organisationType: 'election-authority' });
    const civic = await seedUser(app, { email: 'monitor@civic.example', role: 'monitor', organisationName: 'Civic Watch', organisationType: 'civil-society' });
    await seedUser(app, { email: 'monitor@media.example', role: 'monitor', organisationName: 'Daily News', organisationType: 'media' });
    const country = (await (await admin.call('POST', '/api/v1/jurisdictions', { level: 'national', name: 'Valdoria', code: 'XV' })).json()) as { id: string };
    const region = (await (await admin.call('POST', '/api/v1/jurisdictions', { level: 'regional', name: 'North', code: 'XV-NO', parentId: country.id })).json()) as { id: string };
    fixtures.set(engine, {
      app,
      analyst: await login(app, 'analyst@commission.example', TEST_PASSWORD),
      viewer: await login(app, 'viewer@commission.example', TEST_PASSWORD),
      monitorToken: await tokenOf(app, await login(app, 'monitor@civic.example', TEST_PASSWORD)),
      mediaToken: await tokenOf(app, await login(app, 'monitor@media.example', TEST_PASSWORD)),
      civicOrganisationId: civic.organisationId,
      regionId: region.id,
    });
  }
}, 300_000);

afterAll(async () => {
  for (const { app } of fixtures.values()) await app.close();
});

function get(engine: string): Fixture {
  const fixture = fixtures.get(engine);
  if (!fixture) throw new Error(`no fixture for ${engine}`);
  return fixture;
}

const report = (overrides: Record<string, unknown> = {}) => ({
  category: 'disinformation',
  title: 'Fake polling hours',
  description: 'A message on messaging apps says polling stations in the North close at noon on election day.',
  links: ['https://social.example/post/1?utm_source=share'],
  contact: { name: 'Mira', email: 'mira@example.org', phone: '' },
  language: 'en',
  ...overrides,
});

function postJson(app: TestApp, path: string, body: unknown, init: { address?: string; token?: string } = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: JSON.stringify(body),
    ...(init.address ? { address: init.address } : {}),
  });
}

test.each(engines)('%s: a citizen files a report as JSON and tracks it; the tracking page reveals nothing internal', async (engine) => {
  const { app, analyst, regionId } = get(engine);
  const response = await postJson(app, '/api/v1/public/reports', report({ jurisdictionId: regionId, latitude: 48.1, longitude: 11.5, occurredAt: '2027-02-28T10:00:00Z' }), { address: '198.51.100.1' });
  expect(response.status).toBe(201);
  const { trackingCode } = (await response.json()) as { trackingCode: string };
  expect(trackingCode).toMatch(TRACKING_CODE_PATTERN);

  // Typed by hand: lower case, no dashes.
  const tracked = await app.request(`/api/v1/public/reports/${trackingCode.replaceAll('-', '').toLowerCase()}`);
  expect(tracked.status).toBe(200);
  const body = (await tracked.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['publicOutcome', 'receivedAt', 'status', 'trackingCode', 'updatedAt']);
  expect(body).toMatchObject({ trackingCode, status: 'new', publicOutcome: null });
  expect(JSON.stringify(body)).not.toContain('mira');

  // The analyst classifies it; the public still sees only status and outcome.
  const queue = (await (await analyst.call('GET', `/api/v1/reports?q=${encodeURIComponent('polling noon')}`)).json()) as { items: { id: string; trackingCode: string }[] };
  const id = queue.items.find((item) => item.trackingCode === trackingCode)?.id ?? '';
  expect((await analyst.call('PATCH', `/api/v1/reports/${id}`, { status: 'in-review', incidentType: 'disinformation', verificationNote: 'internal note', impact: 'high', urgency: 'medium' })).status).toBe(200);
  const after = JSON.stringify(await (await app.request(`/api/v1/public/reports/${trackingCode}`)).json());
  expect(after).toContain('in-review');
  expect(after).not.toMatch(/internal note|disinformation|high|mira/);

  expect((await app.request('/api/v1/public/reports/AAAA-BBBB-CCCC')).status).toBe(404);
  expect((await app.request('/api/v1/public/reports/not-a-code')).status).toBe(400);
});

test.each(engines)('%s: bad input is answered with field paths and nothing is written', async (engine) => {
  const { app, analyst } = get(engine);
  const before = ((await (await analyst.call('GET', '/api/v1/reports?limit=200')).json()) as { items: unknown[] }).items.length;
  const response = await postJson(app, '/api/v1/public/reports', report({ category: 'aliens', title: '', links: ['javascript:alert(1)'], latitude: 95, contact: { email: 'not-mail' } }), { address: '198.51.100.2' });
  expect(response.status).toBe(422);
  const problem = (await response.json()) as { errors: { path: string }[] };
  expect(problem.errors.map((e) => e.path).sort()).toEqual(['/category', '/contact/email', '/latitude', '/links/0', '/title']);
  const unknownPlace = await postJson(app, '/api/v1/public/reports', report({ jurisdictionId: '00000000-0000-4000-8000-000000000000' }), { address: '198.51.100.2' });
  expect(unknownPlace.status).toBe(422);
  expect(((await unknownPlace.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('/jurisdictionId');
  const text = await app.request('/api/v1/public/reports', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello', address: '198.51.100.2' });
  expect(text.status).toBe(415);
  const after = ((await (await analyst.call('GET', '/api/v1/reports?limit=200')).json()) as { items: unknown[] }).items.length;
  expect(after).toBe(before);
});

test.each(engines)('%s: multipart with attachments: checked by magic bytes, stored with SHA-256, downloaded only by triage users as attachments', async (engine) => {
  const { app, analyst, viewer } = get(engine);
  const form = new FormData();
  form.set('report', JSON.stringify(report({ title: 'Photo of a leaflet', description: 'Leaflets telling voters of the North they can vote by text message were handed out at the station.' })));
  form.append('attachments', new Blob([PNG], { type: 'image/png' }), 'leaflet.png');
  // A PDF declared as an image, with a hostile name: the bytes decide, the name is cleaned.
  form.append('attachments', new Blob([PDF], { type: 'image/jpeg' }), '../../etc/"evil".pdf');
  const response = await app.request('/api/v1/public/reports', { method: 'POST', body: form, address: '198.51.100.3' });
  expect(response.status).toBe(201);
  const { trackingCode } = (await response.json()) as { trackingCode: string };
  const queue = (await (await analyst.call('GET', '/api/v1/reports?q=leaflets')).json()) as { items: { id: string; trackingCode: string; attachmentCount: number }[] };
  const item = queue.items.find((i) => i.trackingCode === trackingCode);
  expect(item?.attachmentCount).toBe(2);
  const detail = (await (await analyst.call('GET', `/api/v1/reports/${item?.id}`)).json()) as { attachments: { id: string; fileName: string; mediaType: string; sha256: string; sizeBytes: number }[] };
  const png = detail.attachments.find((a) => a.fileName === 'leaflet.png');
  const pdf = detail.attachments.find((a) => a.mediaType === 'application/pdf');
  expect(png).toMatchObject({ mediaType: 'image/png', sizeBytes: PNG.byteLength });
  // SHA-256 of the 1×1 PNG above (`base64 -d | sha256sum`).
  expect(png?.sha256).toBe('497790947d4666760ce38f3c00e852c71fdb66cae849bae8e9ede352719e1581');
  expect(pdf?.fileName).toBe('evil.pdf');

  const download = await analyst.call('GET', `/api/v1/reports/${item?.id}/attachments/${pdf?.id}`);
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('application/octet-stream');
  expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="evil.pdf"/);
  expect(download.headers.get('x-content-type-options')).toBe('nosniff');
  expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
  const image = await analyst.call('GET', `/api/v1/reports/${item?.id}/attachments/${png?.id}`);
  expect(image.headers.get('content-type')).toBe('image/png');
  expect(image.headers.get('content-disposition')).toMatch(/^attachment;/);
  expect((await viewer.call('GET', `/api/v1/reports/${item?.id}/attachments/${png?.id}`)).status).toBe(403);
  expect((await app.request(`/api/v1/reports/${item?.id}/attachments/${png?.id}`)).status).toBe(401);
});

test.each(engines)('%s: attachments that are not images or PDF are refused, and nothing is stored', async (engine) => {
  const { app } = get(engine);
  for (const [bytes, name] of [
    [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image.svg'],
    [Buffer.from('<html><script>alert(1)</script></html>'), 'photo.png'],
    [Buffer.from('MZ\x90\x00'), 'doc.pdf'],
  ] as const) {
    const form = new FormData();
    form.set('report', JSON.stringify(report()));
    form.append('attachments', new Blob([bytes], { type: 'image/png' }), name);
    const response = await app.request('/api/v1/public/reports', { method: 'POST', body: form, address: '198.51.100.4' });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('/attachments/0');
  }
});

test.each(engines)('%s: bodies beyond the limits are refused with 413', async (engine) => {
  const { app } = get(engine);
  const big = new Uint8Array(10 * 1024 * 1024 + 1);
  big.set(PNG);
  const form = new FormData();
  form.set('report', JSON.stringify(report()));
  form.append('attachments', new Blob([big], { type: 'image/png' }), 'huge.png');
  expect((await app.request('/api/v1/public/reports', { method: 'POST', body: form, address: '198.51.100.5' })).status).toBe(413);
  const hugeJson = JSON.stringify(report({ description: 'x'.repeat(300 * 1024) }));
  expect((await app.request('/api/v1/public/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: hugeJson, address: '198.51.100.5' })).status).toBe(413);
  // A body without a declared length is cut off as it streams.
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < 60; i += 1) controller.enqueue(new Uint8Array(1024 * 1024));
      controller.close();
    },
  });
  const streamed = await app.request('/api/v1/public/reports', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: stream, duplex: 'half', address: '198.51.100.5' } as RequestInit & { duplex: string; address: string });
  expect(streamed.status).toBe(413);
});

test.each(engines)('%s: one address may file only so many public reports an hour (429 with Retry-After)', async (engine) => {
  const { app } = get(engine);
  for (let i = 0; i < PUBLIC_REPORTS_PER_HOUR; i += 1) {
    expect((await postJson(app, '/api/v1/public/reports', report({ title: `Report number ${i}` }), { address: '203.0.113.77' })).status).toBe(201);
  }
  const refused = await postJson(app, '/api/v1/public/reports', report(), { address: '203.0.113.77' });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  // Another address is not affected.
  expect((await postJson(app, '/api/v1/public/reports', report(), { address: '203.0.113.78' })).status).toBe(201);
});

test.each(engines)('%s: monitors file with their organisation’s trust level; triage sees it; the public form cannot claim it', async (engine) => {
  const { app, analyst, monitorToken, mediaToken } = get(engine);
  const civic = await postJson(app, '/api/v1/reports', { ...report({ title: 'Observer: intimidation at station 12' }), category: 'voter-intimidation', externalRef: 'CW-1' }, { token: monitorToken });
  expect(civic.status).toBe(201);
  expect(await civic.json()).toMatchObject({ trustLevel: 3 });
  const media = await postJson(app, '/api/v1/reports', report({ title: 'Newsroom tip about fake hours' }), { token: mediaToken });
  expect(await media.json()).toMatchObject({ trustLevel: 1 });
  const again = await postJson(app, '/api/v1/reports', { ...report(), externalRef: 'CW-1' }, { token: monitorToken });
  expect(again.status).toBe(422);
  expect(((await again.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('/externalRef');
  const accredited = (await (await analyst.call('GET', '/api/v1/reports?minTrust=3&source=monitor')).json()) as { items: { title: string; trustLevel: number }[] };
  expect(accredited.items.map((i) => i.title)).toEqual(['Observer: intimidation at station 12']);
  // Anonymous callers cannot use the monitor API; a viewer cannot triage.
  expect((await postJson(app, '/api/v1/reports', report())).status).toBe(401);
});

test.each(engines)('%s: bulk import is all or nothing, with line and column or JSON path', async (engine) => {
  const { app, analyst, monitorToken } = get(engine);
  const importCsv = (csv: string) => app.request('/api/v1/reports/import', { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${monitorToken}` }, body: csv });
  const bad = [
    'external_ref,category,title,description,jurisdiction,links',
    'CW-100,disinformation,Fake results site,A copy of the results website shows invented figures for the North.,XV-NO,https://results-valdoria.example',
    'CW-101,alien-invasion,Bad category,This row has a category that does not exist at all.,XV-NO,',
    'CW-102,physical-incident,No place,A ballot box was damaged at the school in a town we cannot name.,XV-ZZ,',
    'CW-100,cyber-attack,Repeated reference,The same external reference as line two appears again here.,,',
  ].join('\n');
  const refused = await importCsv(bad);
  expect(refused.status).toBe(422);
  const problems = ((await refused.json()) as { errors: { path: string; message: string }[] }).errors.map((e) => e.path);
  expect(problems).toEqual(['line 3, column 2 (category)', 'line 4, column 5 (jurisdiction)', 'line 5, column 1 (external_ref)']);
  const count = async () => ((await (await analyst.call('GET', '/api/v1/reports?source=import')).json()) as { items: unknown[] }).items.length;
  expect(await count()).toBe(0);

  const good = `${bad.split('\n').slice(0, 2).join('\n')}\nCW-103,physical-incident,Damaged box,A ballot box was damaged at the school in Highmoor during the night.,XV-NO,\n`;
  const accepted = await importCsv(good);
  expect(accepted.status).toBe(201);
  expect(await accepted.json()).toMatchObject({ created: 2, reports: [{ externalRef: 'CW-100' }, { externalRef: 'CW-103' }] });
  expect(await count()).toBe(2);

  const json = await app.request('/api/v1/reports/import', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${monitorToken}` },
    body: JSON.stringify({ reports: [{ ...report(), externalRef: 'CW-200' }, { ...report(), description: 'short' }] }),
  });
  expect(json.status).toBe(422);
  expect(((await json.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['/reports/1/description']);
  expect(await count()).toBe(2);
});

test.each(engines)('%s: triage groups near-duplicates and shared links, classifies with severity, marks duplicates, archives in bulk — all audited', async (engine) => {
  const { app, analyst, viewer } = get(engine);
  const file = async (body: Record<string, unknown>, address: string) => {
    const response = await postJson(app, '/api/v1/public/reports', report(body), { address });
    return ((await response.json()) as { trackingCode: string }).trackingCode;
  };
  const text = 'Robocalls in Highmoor tell voters that the election has been postponed by one week because of flooding in the district.';
  const a = await file({ title: 'Robocall postponement', description: text, links: [] }, '192.0.2.10');
  const b = await file({ title: 'robocall: postponement!', description: text.replace('one week', 'a week').toUpperCase(), links: [] }, '192.0.2.11');
  const c = await file({ title: 'Strange video', description: 'A video claims ballots were burned; it is shared widely in groups.', links: ['https://www.video.example/watch/9?fbclid=1'] }, '192.0.2.12');
  const d = await file({ title: 'Burned ballots clip', description: 'Another person sends the clip about burned ballots with a different text entirely.', links: ['http://video.example/watch/9/'] }, '192.0.2.13');
  const e = await file({ title: 'Unrelated', description: 'Posters of a candidate were torn down in front of the town hall of Lakeview last night.', links: [] }, '192.0.2.14');

  const list = (await (await analyst.call('GET', '/api/v1/reports?limit=200')).json()) as { items: { id: string; trackingCode: string; groupKey: string; groupSize: number }[] };
  const byCode = new Map(list.items.map((i) => [i.trackingCode, i]));
  const [ra, rb, rc, rd, re] = [a, b, c, d, e].map((code) => byCode.get(code));
  expect(rb?.groupKey).toBe(ra?.groupKey);
  expect(rd?.groupKey).toBe(rc?.groupKey);
  expect(rc?.groupKey).not.toBe(ra?.groupKey);
  expect(re?.groupSize).toBe(1);
  expect(ra?.groupSize).toBe(2);
  const group = (await (await analyst.call('GET', `/api/v1/reports?groupKey=${ra?.groupKey}`)).json()) as { items: { trackingCode: string }[] };
  expect(group.items.map((i) => i.trackingCode).sort()).toEqual([a, b].sort());

  // Classification: DISARM techniques are checked against the catalogue; severity = impact × urgency.
  const wrongTechnique = await analyst.call('PATCH', `/api/v1/reports/${ra?.id}`, { disarmTechniqueIds: ['T0049', 'T9999'] });
  expect(wrongTechnique.status).toBe(422);
  expect(((await wrongTechnique.json()) as { errors: { path: string }[] }).errors.map((x) => x.path)).toEqual(['/disarmTechniqueIds/1']);
  const classified = await analyst.call('PATCH', `/api/v1/reports/${ra?.id}`, {
    status: 'in-review',
    incidentType: 'disinformation',
    disarmTechniqueIds: ['T0049'],
    impact: 'high',
    urgency: 'high',
    verificationStatus: 'confirmed',
    confidence: 80,
    verificationNote: 'Recording of the call obtained from two voters.',
  });
  expect(classified.status).toBe(200);
  expect(await classified.json()).toMatchObject({ severity: 'critical', verificationStatus: 'confirmed', confidence: 80, disarmTechniqueIds: ['T0049'] });
  const lowered = (await (await analyst.call('PATCH', `/api/v1/reports/${ra?.id}`, { urgency: 'low' })).json()) as { severity: string };
  expect(lowered.severity).toBe('moderate');
  const cleared = (await (await analyst.call('PATCH', `/api/v1/reports/${ra?.id}`, { impact: null })).json()) as { severity: string | null };
  expect(cleared.severity).toBeNull();
  expect((await analyst.call('PATCH', `/api/v1/reports/${ra?.id}`, { confidence: 101 })).status).toBe(422);
  expect((await viewer.call('PATCH', `/api/v1/reports/${ra?.id}`, { status: 'closed' })).status).toBe(403);

  // Duplicates: marking b a duplicate of a; then a duplicate of b's original is refused (self).
  const dup = await analyst.call('POST', `/api/v1/reports/${rb?.id}/duplicate`, { duplicateOf: ra?.id });
  expect(await dup.json()).toMatchObject({ status: 'duplicate', duplicateOf: ra?.id });
  expect((await analyst.call('POST', `/api/v1/reports/${ra?.id}/duplicate`, { duplicateOf: rb?.id })).status).toBe(422);
  const detail = (await (await analyst.call('GET', `/api/v1/reports/${ra?.id}`)).json()) as { group: { id: string }[]; contact: unknown };
  expect(detail.group.map((g) => g.id)).toEqual([rb?.id]);
  expect(detail.contact).toMatchObject({ name: 'Mira', email: 'mira@example.org', phone: null });

  // Bulk archive: all or nothing.
  const missing = await analyst.call('POST', '/api/v1/reports/archive', { ids: [rc?.id, '00000000-0000-4000-8000-000000000000'] });
  expect(missing.status).toBe(422);
  expect(((await missing.json()) as { errors: { path: string }[] }).errors.map((x) => x.path)).toEqual(['/ids/1']);
  expect(await (await analyst.call('POST', '/api/v1/reports/archive', { ids: [rc?.id, rd?.id] })).json()).toEqual({ archived: 2 });
  const archived = (await (await analyst.call('GET', '/api/v1/reports?status=archived')).json()) as { items: { id: string }[] };
  expect(archived.items.map((i) => i.id).sort()).toEqual([rc?.id, rd?.id].sort());

  const events = await app.database.db.selectFrom('auditEvents').select(['action', 'targetId']).where('targetType', '=', 'report').execute();
  const actions = (id: string | undefined) => events.filter((x) => x.targetId === id).map((x) => x.action);
  expect(actions(ra?.id)).toEqual(['report.create', 'report.triage', 'report.triage', 'report.triage']);
  expect(actions(rb?.id)).toEqual(['report.create', 'report.mark-duplicate']);
  expect(actions(rc?.id)).toEqual(['report.create', 'report.archive']);
  expect((await verifyAuditChain(app.database.db)).ok).toBe(true);
});

test.each(engines)('%s: the queue pages with a cursor, newest first, each report exactly once', async (engine) => {
  const { app, analyst } = get(engine);
  for (let i = 0; i < 7; i += 1) {
    app.clock.advance(1000);
    await postJson(app, '/api/v1/public/reports', report({ category: 'covert-funding', title: `Funding report ${i}`, description: `Payments number ${i} from abroad to a local association, with receipts ${i * 17} and ${i * 31}.` }), { address: `192.0.2.${100 + i}` });
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = (await (await analyst.call('GET', `/api/v1/reports?category=covert-funding&limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { items: { title: string }[]; nextCursor: string | null };
    seen.push(...page.items.map((i) => i.title));
    cursor = page.nextCursor;
  } while (cursor);
  expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `Funding report ${i}`));
  expect((await analyst.call('GET', '/api/v1/reports?cursor=garbage')).status).toBe(422);
});
