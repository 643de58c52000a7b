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
