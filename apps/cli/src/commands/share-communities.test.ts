/**
 * `vigil share community …` and `vigil share collection …` on an embedded database in a
 * temporary directory, run in this process as an operator runs them.
 */
import { listSharingCollections, migrateToLatest, openDatabase } from '@vigil/db';
import { ensureFirstAdmin } from '@vigil/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runVigilInProcess } from '../run-vigil-in-process';

let dataDir: string;

async function vigil(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runVigilInProcess(args, { env: { VIGIL_DATA_DIR: dataDir, DATABASE_URL: undefined } });
  return { status: code, stdout, stderr };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-share-communities-'));
  const database = await openDatabase({ kind: 'pglite', dataDir });
  await migrateToLatest(database.db);
  await ensureFirstAdmin(database.db, new Date());
  await database.close();
}, 120_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

test('an operator scripts a community, its members, a collection and its rights', async () => {
  expect((await vigil(['org', 'create', '--name', 'Northern Platform', '--type', 'platform'])).status).toBe(0);
  expect((await vigil(['org', 'create', '--name', 'Civic Watch', '--type', 'civil-society'])).status).toBe(0);

  const created = await vigil(['share', 'community', 'create', '--name', 'Trust and safety', '--description', 'Platforms', '--member', 'Northern Platform', '--json']);
  expect(created.stderr).toBe('');
  expect(created.status).toBe(0);
  expect(JSON.parse(created.stdout)).toMatchObject({ name: 'Trust and safety', organisationIds: [expect.any(String)] });
  const duplicate = await vigil(['share', 'community', 'create', '--name', 'trust and safety']);
  expect(duplicate.status).toBe(2);
  expect(duplicate.stderr).toContain('exists already');

  expect((await vigil(['share', 'community', 'add-member', 'Trust and safety', 'Civic Watch', 'Vigil operators'])).status).toBe(0);
  expect((await vigil(['share', 'community', 'add-member', 'Nowhere', 'Civic Watch'])).status).toBe(2);
  expect((await vigil(['share', 'community', 'add-member', 'Trust and safety', 'Nobody'])).status).toBe(2);

  const collection = await vigil(['share', 'collection', 'create', '--community', 'Trust and safety', '--title', 'Takedowns', '--alias', 'takedowns', '--default-tlp', 'amber', '--grant', 'Northern Platform', '--grant', 'Civic Watch:r', '--json']);
  expect(collection.stderr).toBe('');
  expect(collection.status).toBe(0);
  expect(JSON.parse(collection.stdout)).toMatchObject({ alias: 'takedowns', defaultTlp: 'amber', publicRead: false, communityName: 'Trust and safety' });
  expect((await vigil(['share', 'collection', 'create', '--community', 'Trust and safety', '--title', 'Bad', '--default-tlp', 'purple'])).status).toBe(2);
  expect((await vigil(['share', 'collection', 'create', '--community', 'Trust and safety', '--title', 'Bad', '--alias', 'Not An Alias'])).status).toBe(2);
  expect((await vigil(['share', 'collection', 'create', '--community', 'Trust and safety', '--title', 'Again', '--alias', 'takedowns'])).status).toBe(2);

  const granted = await vigil(['share', 'collection', 'grant', 'takedowns', 'Civic Watch', '--read', '--write']);
  expect(granted.stdout).toContain('Civic Watch may now read and write "Takedowns"');
  const revoked = await vigil(['share', 'collection', 'grant', 'takedowns', 'Northern Platform']);
  expect(revoked.stdout).toContain('no rights');
  expect((await vigil(['share', 'collection', 'grant', 'nowhere', 'Civic Watch', '--read'])).status).toBe(2);

  const listed = await vigil(['share', 'community', 'list', '--json']);
  const communities = JSON.parse(listed.stdout) as { name: string; organisations: { name: string }[]; collections: { alias: string }[] }[];
  const community = communities.find((item) => item.name === 'Trust and safety');
  expect(community?.organisations.map((organisation) => organisation.name).sort()).toEqual(['Civic Watch', 'Northern Platform', 'Vigil operators']);
  expect(community?.collections.map((item) => item.alias)).toEqual(['takedowns']);
  expect((await vigil(['share', 'community', 'list'])).stdout).toContain('collection  takedowns  Takedowns');

  // What the commands stored, read back from the database.
  const database = await openDatabase({ kind: 'pglite', dataDir });
  try {
    const stored = (await listSharingCollections(database.db)).find((item) => item.alias === 'takedowns');
    expect(stored?.readerOrganisationIds).toHaveLength(1);
    expect(stored?.writerOrganisationIds).toHaveLength(1);
    expect(stored?.readerOrganisationIds).toEqual(stored?.writerOrganisationIds);
  } finally {
    await database.close();
  }
}, 120_000);
