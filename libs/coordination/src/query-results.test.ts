import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BROWSE_DIRECTORY, hasBrowseFiles, readCommunityAccounts, readCommunityEdges, writeBrowseFiles } from './query-results';

/**
 * Browsing a run's outputs by community: the same pages, in the same order and with the same
 * cursors, from the CSV outputs (runs made before the browse files) and from the sorted Parquet
 * copies; keyset pages put end to end give the whole list. The run is written by hand so the
 * answer is known: community 1 has four accounts and five coordinated inner edges (two tied on
 * significance and weight, ordered by account ids), one non-coordinated inner edge and one edge
 * to community 2, which are not shown.
 */

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-query-results-'));
  writeFileSync(join(dir, 'communities.csv'), 'community,account_id\n1,a\n1,b\n1,c\n1,d\n2,x\n2,y\n');
  writeFileSync(
    join(dir, 'edges.csv'),
    [
      'account_a,account_b,behaviours,weight,significance,p_value,q_value,coordinated,shared_by_method',
      'a,b,co-repost,1.0,5.0,1e-6,1e-5,true,co-repost:4',
      'a,c,co-repost;co-link,0.5,9.0,1e-10,1e-9,true,co-repost:2;co-link:3',
      'b,c,co-link,0.7,5.0,1e-6,1e-5,true,co-link:3',
      'c,d,co-link,0.7,5.0,1e-6,1e-5,true,co-link:3',
      'b,d,co-link,0.2,2.5,1e-3,3e-3,true,co-link:1',
      'a,d,co-link,0.9,0.1,0.5,0.8,false,co-link:1',
      'd,x,co-repost,1.0,7.0,1e-8,1e-7,true,co-repost:5',
      'x,y,co-repost,1.0,6.0,1e-7,1e-6,true,co-repost:5',
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'accounts.csv'),
    [
      'account_id,posts,community,coordinated,score,degree,strength,behaviours,creation_burst,created',
      'a,10,1,true,0.8,2,1.5,co-repost;co-link,,',
      'b,12,1,true,0.8,3,1.9,co-repost;co-link,2024-05-01,',
      'c,7,1,true,0.9,3,1.9,co-repost;co-link,,',
      'd,3,1,true,0.5,2,0.9,co-link,,',
      'x,5,2,true,1.0,2,2.0,co-repost,,',
      'y,5,2,true,1.0,1,1.0,co-repost,,',
      'z,50,,false,0.0,0,0.0,,,',
    ].join('\n') + '\n',
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const pairs = (items: readonly { accountA: string; accountB: string }[]) => items.map((edge) => `${edge.accountA}-${edge.accountB}`);

async function allPages<T>(read: (cursor: string | undefined) => Promise<{ items: readonly T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard += 1) {
    const page = await read(cursor);
    items.push(...page.items);
    if (page.nextCursor === null) return items;
    cursor = page.nextCursor;
  }
  throw new Error('pages never ended');
}

async function expectKnownPages(): Promise<void> {
  // Significance first, then weight, then the pair's ids.
  const expectedEdges = ['a-c', 'a-b', 'b-c', 'c-d', 'b-d'];
  const edges = await readCommunityEdges({ outDir: dir, community: 1, limit: 100 });
  expect(pairs(edges.items)).toEqual(expectedEdges);
  expect(edges.nextCursor).toBeNull();
  expect(edges.items[0]).toEqual({ accountA: 'a', accountB: 'c', behaviours: ['co-repost', 'co-link'], weight: 0.5, significance: 9, pValue: 1e-10, qValue: 1e-9, sharedByMethod: 'co-repost:2;co-link:3' });
  const first = await readCommunityEdges({ outDir: dir, community: 1, limit: 2 });
  expect(pairs(first.items)).toEqual(['a-c', 'a-b']);
  expect(first.nextCursor).toBe('2');
  expect(pairs(await allPages((cursor) => readCommunityEdges({ outDir: dir, community: 1, limit: 2, cursor })))).toEqual(expectedEdges);
  expect(pairs((await readCommunityEdges({ outDir: dir, community: 2, limit: 10 })).items)).toEqual(['x-y']);
  expect((await readCommunityEdges({ outDir: dir, community: 9, limit: 10 })).items).toEqual([]);

  // Score first, then degree, then the id.
  const accounts = await allPages((cursor) => readCommunityAccounts({ outDir: dir, community: 1, limit: 3, cursor }));
  expect(accounts.map((account) => account.accountId)).toEqual(['c', 'b', 'a', 'd']);
  expect(accounts[1]).toEqual({ accountId: 'b', posts: 12, score: 0.8, degree: 3, strength: 1.9, behaviours: ['co-repost', 'co-link'], creationBurst: '2024-05-01' });
  expect(accounts[0]?.creationBurst).toBeNull();
  // A cursor that is not a rank starts from the beginning rather than failing.
  expect((await readCommunityAccounts({ outDir: dir, community: 1, limit: 1, cursor: 'nonsense' })).items[0]?.accountId).toBe('c');
}

test('pages of a community from the CSV outputs, then the same from the sorted Parquet copies', async () => {
  expect(hasBrowseFiles(dir)).toBe(false);
  await expectKnownPages();
  await writeBrowseFiles({ outDir: dir });
  expect(hasBrowseFiles(dir)).toBe(true);
  expect(existsSync(join(dir, `${BROWSE_DIRECTORY}.partial`))).toBe(false);
  // The CSV outputs are no longer read: pages come from the Parquet copies, identical.
  rmSync(join(dir, 'edges.csv'));
  rmSync(join(dir, 'accounts.csv'));
  await expectKnownPages();
}, 60_000);
