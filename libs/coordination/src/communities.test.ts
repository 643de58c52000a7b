import { expect, test } from 'vitest';
import { findCommunities } from './communities';

function cliques(): { a: number; b: number; weight: number }[] {
  const edges: { a: number; b: number; weight: number }[] = [];
  for (const base of [0, 10, 20]) {
    for (let i = 0; i < 6; i += 1) for (let j = i + 1; j < 6; j += 1) edges.push({ a: base + i, b: base + j, weight: 1 });
  }
  // Weak bridges between the cliques.
  edges.push({ a: 0, b: 10, weight: 0.1 }, { a: 10, b: 20, weight: 0.1 });
  return edges;
}

test('Louvain separates three cliques joined by weak bridges', () => {
  const communities = findCommunities({ edges: cliques(), seed: 1 });
  expect(communities.size).toBe(18);
  expect(new Set(communities.values()).size).toBe(3);
  for (const base of [0, 10, 20]) {
    for (let i = 1; i < 6; i += 1) expect(communities.get(base + i)).toBe(communities.get(base));
  }
});

test('the same seed gives the same communities, whatever the edge order', () => {
  const edges = cliques();
  const first = findCommunities({ edges, seed: 42 });
  const second = findCommunities({ edges: [...edges].reverse(), seed: 42 });
  expect([...second.entries()].sort()).toEqual([...first.entries()].sort());
  expect(findCommunities({ edges: [], seed: 1 }).size).toBe(0);
});
