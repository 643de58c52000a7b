/**
 * `vigil share collections | import | export` on an embedded database in a temporary
 * directory, run in this process as a user runs them.
 */
import { migrateToLatest, openDatabase } from '@vigil/db';
import { ensureFirstAdmin } from '@vigil/server';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runVigilInProcess } from '../run-vigil-in-process';

const DISARM_FILE = new URL('../../../../../shared/data/disarm/DISARM.json', import.meta.url).pathname;
let dataDir: string;

async function vigil(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runVigilInProcess(args, { env: { VIGIL_DATA_DIR: dataDir, DATABASE_URL: undefined } });
  return { status: code, stdout, stderr };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-share-'));
  const database = await openDatabase({ kind: 'pglite', dataDir });
  await migrateToLatest(database.db);
  await ensureFirstAdmin(database.db, new Date());
  await database.close();
}, 120_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const disarmObjects = (JSON.parse(readFileSync(DISARM_FILE, 'utf8')) as { objects: unknown[] }).objects.length;

test('share collections lists the default collections', async () => {
  const listed = await vigil(['share', 'collections', '--json']);
  expect(listed.status).toBe(0);
  const collections = JSON.parse(listed.stdout) as { alias: string; defaultTlp: string; publicRead: boolean }[];
  expect(collections.map((collection) => collection.alias).sort()).toEqual(['civil-society', 'election-infrastructure', 'fimi', 'international-partners', 'platforms', 'public']);
  expect(collections.find((collection) => collection.alias === 'public')).toMatchObject({ defaultTlp: 'clear', publicRead: true });
}, 60_000);

test('share import stores a whole bundle, export writes it back, and the export imports again', async () => {
  const imported = await vigil(['share', 'import', DISARM_FILE, '--collection', 'fimi', '--tlp', 'green', '--json']);
  expect(imported.stderr).toBe('');
  expect(imported.status).toBe(0);
  expect(JSON.parse(imported.stdout)).toMatchObject({ imported: disarmObjects });
  const exported = await vigil(['share', 'export', '--collection', 'fimi']);
  expect(exported.status).toBe(0);
  expect(exported.stderr).toContain(`exported ${disarmObjects} objects`);
  expect(exported.stderr).toContain('TLP:GREEN');
  const bundle = JSON.parse(exported.stdout) as { type: string; objects: { object_marking_refs?: string[] }[] };
  expect(bundle.type).toBe('bundle');
  expect(bundle.objects).toHaveLength(disarmObjects);
  expect(bundle.objects.every((object) => object.object_marking_refs?.includes('marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'))).toBe(true);
  const file = join(dataDir, 'fimi.json');
  expect((await vigil(['share', 'export', '--collection', 'fimi', '--latest', '--output', file])).status).toBe(0);
  const again = await vigil(['share', 'import', file, '--collection', 'civil-society', '--organisation', 'Vigil operators']);
  expect(again.status).toBe(0);
  expect(again.stdout).toContain(`imported ${disarmObjects} objects into "Civil society observations"`);
}, 120_000);

test('share import refuses bad input and stores nothing (exit 2)', async () => {
  const broken = join(dataDir, 'broken.json');
  writeFileSync(broken, '{"type": "bundle",\n  "objects": [}');
  const notJson = await vigil(['share', 'import', broken, '--collection', 'platforms']);
  expect(notJson.status).toBe(2);
  expect(notJson.stderr).toMatch(/broken\.json:2:\d+: not JSON/);
  const invalid = join(dataDir, 'invalid.json');
  writeFileSync(invalid, JSON.stringify({ type: 'bundle', id: 'bundle--6b0f3f2e-63b2-4b5a-9b0e-8a4f1c2d3e4f', objects: [{ type: 'indicator', id: 'indicator--6b0f3f2e-63b2-4b5a-9b0e-8a4f1c2d3e40', spec_version: '2.1' }] }));
  const refused = await vigil(['share', 'import', invalid, '--collection', 'platforms']);
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain('nothing was imported');
  expect(refused.stderr).toContain('/objects/0');
  expect((await vigil(['share', 'import', invalid, '--collection', 'nowhere'])).status).toBe(2);
  expect((await vigil(['share', 'import', DISARM_FILE, '--collection', 'platforms', '--tlp', 'purple'])).status).toBe(2);
  const empty = await vigil(['share', 'export', '--collection', 'platforms']);
  expect(JSON.parse(empty.stdout)).toMatchObject({ type: 'bundle', objects: [] });
}, 60_000);

test('share export --tlp clear: the CLEAR objects, minus those that refer (directly or through others) to one left out; the count on standard error', async () => {
  const stix = (type: string, uuid: string, extra: Record<string, unknown>) => ({
    type,
    spec_version: '2.1',
    id: `${type}--${uuid}`,
    created: '2027-01-10T09:00:00.000Z',
    modified: '2027-01-10T09:00:00.000Z',
    ...extra,
  });
  const actor = stix('threat-actor', '0b8a1d0e-5f1c-4a51-9d7e-2a6f3c1b9e01', { name: 'Hidden operator' });
  const campaign = stix('campaign', '0b8a1d0e-5f1c-4a51-9d7e-2a6f3c1b9e02', { name: 'Fake polling-station closures' });
  const attribution = stix('relationship', '0b8a1d0e-5f1c-4a51-9d7e-2a6f3c1b9e03', { relationship_type: 'attributed-to', source_ref: campaign.id, target_ref: actor.id });
  const report = stix('report', '0b8a1d0e-5f1c-4a51-9d7e-2a6f3c1b9e04', { name: 'Who is behind the closures', published: '2027-01-10T09:00:00.000Z', object_refs: [attribution.id, campaign.id] });
  const redFile = join(dataDir, 'red.json');
  const clearFile = join(dataDir, 'clear.json');
  writeFileSync(redFile, JSON.stringify({ type: 'bundle', id: 'bundle--0b8a1d0e-5f1c-4a51-9d7e-2a6f3c1b9e10', objects: [actor] }));
  writeFileSync(clearFile, JSON.stringify({ type: 'bundle', id: 'bundle--0b8a1d0e-5f1c-4a51-9d7e-2a6f3c1b9e11', objects: [campaign, attribution, report] }));
  expect((await vigil(['share', 'import', redFile, '--collection', 'international-partners', '--tlp', 'red'])).status).toBe(0);
  expect((await vigil(['share', 'import', clearFile, '--collection', 'international-partners', '--tlp', 'clear'])).status).toBe(0);

  const clear = await vigil(['share', 'export', '--collection', 'international-partners', '--tlp', 'CLEAR']);
  expect(clear.status).toBe(0);
  const bundle = JSON.parse(clear.stdout) as { type: string; objects: { id: string }[] };
  expect(bundle.type).toBe('bundle');
  // The relationship names the RED actor; the report names the relationship: both stay out.
  expect(bundle.objects.map((object) => object.id)).toEqual([campaign.id]);
  expect(clear.stdout).not.toContain(actor.id);
  expect(clear.stdout).not.toContain(attribution.id);
  expect(clear.stderr).toContain('exported 1 object of "');
  expect(clear.stderr).toContain('at TLP:CLEAR or below; left out 2 that refer, directly or through others, to an object above TLP:CLEAR');

  const file = join(dataDir, 'partners-clear.json');
  const written = await vigil(['share', 'export', '--collection', 'international-partners', '--tlp', 'clear', '--output', file]);
  expect(written.status).toBe(0);
  expect(written.stdout).toBe('');
  expect((JSON.parse(readFileSync(file, 'utf8')) as { objects: { id: string }[] }).objects.map((object) => object.id)).toEqual([campaign.id]);

  // At RED everything the operator sees is included and nothing is left out.
  const red = await vigil(['share', 'export', '--collection', 'international-partners', '--tlp', 'red']);
  expect((JSON.parse(red.stdout) as { objects: { id: string }[] }).objects.map((object) => object.id).sort()).toEqual([actor.id, campaign.id, attribution.id, report.id].sort());
  expect(red.stderr).toContain('left out 0 that refer');

  const bad = await vigil(['share', 'export', '--collection', 'international-partners', '--tlp', 'purple']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('--tlp takes clear, green, amber, amber+strict or red, not "purple"');
}, 60_000);
