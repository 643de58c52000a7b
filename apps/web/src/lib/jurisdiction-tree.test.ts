import type { Jurisdiction, JurisdictionId, JurisdictionLevel } from '@vigil/domain';
import { expect, test } from 'vitest';
import { branchIds, jurisdictionPath, jurisdictionTree } from './jurisdiction-tree';

function j(
  id: string,
  level: JurisdictionLevel,
  name: string,
  parentId: string | null,
): Jurisdiction {
  return {
    id: id as JurisdictionId,
    parentId: parentId as JurisdictionId | null,
    level,
    name,
    code: null,
    responsibleOrganisationId: null,
    contacts: [],
    createdAt: '2026-01-01T00:00:00Z',
  };
}

const list = [
  j('l1', 'local', 'Paris', 'r1'),
  j('r1', 'regional', 'Île-de-France', 'n1'),
  j('n1', 'national', 'France', 'i1'),
  j('i1', 'international', 'Europe', null),
  j('r0', 'regional', 'Bretagne', 'n1'),
  j('x', 'local', 'Orphan', 'missing'),
];

test('builds the tree top down, siblings by name, orphans as roots', () => {
  const tree = jurisdictionTree(list);
  expect(tree.map((node) => node.jurisdiction.name)).toEqual(['Europe', 'Orphan']);
  const france = tree[0]?.children[0];
  expect(france?.jurisdiction.name).toBe('France');
  expect(france?.children.map((node) => node.jurisdiction.name)).toEqual([
    'Bretagne',
    'Île-de-France',
  ]);
  expect(france?.children[1]?.children.map((node) => node.jurisdiction.name)).toEqual(['Paris']);
});

test('branches and paths', () => {
  const tree = jurisdictionTree(list);
  expect(branchIds(tree).sort()).toEqual(['i1', 'n1', 'r1']);
  const byId = new Map(list.map((item) => [item.id, item]));
  expect(jurisdictionPath(list[0] as Jurisdiction, byId)).toBe(
    'Europe › France › Île-de-France › Paris',
  );
});

test('a cycle in bad data does not loop', () => {
  const cyclic = [j('a', 'national', 'A', 'b'), j('b', 'regional', 'B', 'a')];
  expect(jurisdictionTree(cyclic)).toEqual([]);
  const byId = new Map(cyclic.map((item) => [item.id, item]));
  expect(jurisdictionPath(cyclic[0] as Jurisdiction, byId)).toBe('B › A');
});
