import { UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';
import { createPrng } from './prng';

/**
 * Communities of the combined multi-behaviour graph by Louvain modularity optimisation
 * (Blondel, Guillaume, Lambiotte & Lefebvre 2008), via graphology-communities-louvain.
 * Deterministic: nodes and edges are inserted in sorted order and the algorithm's random
 * choices draw from a generator seeded with `seed`. Communities are numbered from 1 by
 * decreasing size, ties broken by their smallest account.
 */
export function findCommunities(input: {
  readonly edges: readonly { readonly a: number; readonly b: number; readonly weight: number }[];
  readonly seed: number;
  readonly resolution?: number;
}): Map<number, number> {
  const graph = new UndirectedGraph();
  const sorted = [...input.edges].sort((x, y) => x.a - y.a || x.b - y.b);
  const nodes = [...new Set(sorted.flatMap((edge) => [edge.a, edge.b]))].sort((x, y) => x - y);
  for (const node of nodes) graph.addNode(String(node));
  for (const edge of sorted) {
    const key = `${edge.a}-${edge.b}`;
    if (!graph.hasEdge(key)) graph.addEdgeWithKey(key, String(edge.a), String(edge.b), { weight: edge.weight });
  }
  if (graph.order === 0) return new Map();
  const random = createPrng(input.seed);
  const mapping = louvain(graph, { getEdgeWeight: 'weight', rng: () => random.next(), resolution: input.resolution ?? 1 });
  const members = new Map<number, number[]>();
  for (const node of nodes) {
    const community = mapping[String(node)] ?? -1;
    const list = members.get(community);
    if (list === undefined) members.set(community, [node]);
    else list.push(node);
  }
  const ordered = [...members.values()].sort((x, y) => y.length - x.length || (x[0] ?? 0) - (y[0] ?? 0));
  const result = new Map<number, number>();
  ordered.forEach((list, index) => {
    for (const node of list) result.set(node, index + 1);
  });
  return result;
}
