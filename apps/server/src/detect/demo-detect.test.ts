import { listDetectCommunities, listDetectRuns, verifyAuditChain } from '@vigil/db';
import { createTestDatabase } from '@vigil/test-utils';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadDemoData } from '../demo';

test('the demo country comes with a finished detection run: seven planted communities of six accounts', async () => {
  const database = await createTestDatabase('pglite');
  const filesDir = mkdtempSync(join(tmpdir(), 'vigil-demo-files-'));
  try {
    // No timing here: speed targets belong in bench/ (this machine is shared and its load varies).
    expect((await loadDemoData(database.db, new Date('2027-03-01T09:00:00Z'), { filesDir })).loaded).toBe(true);
    const runs = await listDetectRuns(database.db, { scope: 'all', limit: 10 });
    expect(runs.items).toHaveLength(1);
    const run = runs.items[0];
    expect(run).toMatchObject({ status: 'succeeded', progress: 1, datasetName: 'valdoria-campaign-posts.csv' });
    const communities = await listDetectCommunities(database.db, { runId: run?.id ?? '', limit: 50 });
    // One planted group of six per pairwise behaviour (the creation burst joins no edge).
    expect(communities.items.map((community) => community.size)).toEqual([6, 6, 6, 6, 6, 6, 6]);
    expect(new Set(communities.items.flatMap((community) => community.behaviours)).size).toBeGreaterThanOrEqual(6);
    expect(existsSync(join(filesDir, 'detect', 'runs', run?.id ?? '', 'network.gexf'))).toBe(true);
    // The run was carried out in a child process that also wrote the sorted Parquet copies for browsing.
    expect(existsSync(join(filesDir, 'detect', 'runs', run?.id ?? '', 'browse', 'community-edges.parquet'))).toBe(true);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  } finally {
    await database.close();
    rmSync(filesDir, { recursive: true, force: true });
  }
}, 120_000);
