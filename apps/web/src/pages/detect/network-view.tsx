import type { detectRoutes } from '@vigil/api';
import { UndirectedGraph } from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import Sigma from 'sigma';

type Edge = detectRoutes.DetectEdge;

/**
 * Builds the community's graph and lays it out with ForceAtlas2 from a circle (deterministic:
 * the same community always looks the same). Node size grows with degree, edge size with weight.
 */
export function buildNetwork(edges: readonly Edge[]): UndirectedGraph {
  const graph = new UndirectedGraph();
  const accounts = [...new Set(edges.flatMap((edge) => [edge.accountA, edge.accountB]))].sort();
  accounts.forEach((account, index) => {
    const angle = (2 * Math.PI * index) / Math.max(1, accounts.length);
    graph.addNode(account, { label: account, x: Math.cos(angle), y: Math.sin(angle), size: 4, color: '#1d4e89' });
  });
  const maxWeight = Math.max(...edges.map((edge) => edge.weight), 1e-9);
  for (const edge of edges) {
    if (graph.hasEdge(edge.accountA, edge.accountB)) continue;
    graph.addEdge(edge.accountA, edge.accountB, { weight: edge.weight, size: 1 + (3 * edge.weight) / maxWeight, color: '#8a8a8a' });
  }
  graph.forEachNode((node) => graph.setNodeAttribute(node, 'size', 4 + 2 * Math.sqrt(graph.degree(node))));
  if (graph.order > 1) forceAtlas2.assign(graph, { iterations: 150, settings: { ...forceAtlas2.inferSettings(graph), gravity: 1 }, getEdgeWeight: 'weight' });
  return graph;
}

/**
 * The community's network drawn with sigma.js (WebGL) in a canvas. The drawing is for sighted
 * mouse users; the edges table beside it carries the same information for keyboard and
 * screen-reader users (the canvas says so). Clicking an edge opens its evidence.
 */
export function NetworkView({ edges, onEdge }: { readonly edges: readonly Edge[]; readonly onEdge: (a: string, b: string) => void }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const element = container.current;
    if (!element || edges.length === 0) return undefined;
    let renderer: Sigma | null = null;
    try {
      const graph = buildNetwork(edges);
      renderer = new Sigma(graph, element, { enableEdgeEvents: true, labelRenderedSizeThreshold: 0, defaultEdgeColor: '#8a8a8a' });
      renderer.on('clickEdge', ({ edge }) => onEdge(graph.source(edge), graph.target(edge)));
      setFailed(false);
    } catch {
      // No WebGL (some locked-down browsers): the table below still shows every edge.
      setFailed(true);
    }
    return () => renderer?.kill();
  }, [edges, onEdge]);
  if (edges.length === 0) return <p>{t('detect.community.noEdges')}</p>;
  return (
    <figure className="detect-network">
      <div ref={container} className="detect-network-canvas" role="img" aria-label={t('detect.community.networkLabel', { accounts: new Set(edges.flatMap((e) => [e.accountA, e.accountB])).size, edges: edges.length })} style={{ height: '420px', width: '100%', border: '1px solid #c8c8c8' }} />
      <figcaption>{failed ? t('detect.community.noWebgl') : t('detect.community.networkCaption')}</figcaption>
    </figure>
  );
}
