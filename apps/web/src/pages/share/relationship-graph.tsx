import type { shareRoutes } from '@vigil/api';
import type { Tlp } from '@vigil/domain';
import { useTranslation } from 'react-i18next';
import { Link } from '../../router/router';
import { tlpLabel } from './tlp-picker';

type Graph = shareRoutes.ShareObjectDetail['graph'];

/** Fill of a node by TLP (FIRST's TLP 2.0 colours on white, with a dark outline). */
const TLP_FILL: Record<Tlp, string> = { clear: '#ffffff', green: '#33ff00', amber: '#ffc000', 'amber+strict': '#ffc000', red: '#ff2b2b' };

/** Where each node sits: the object in the middle, its neighbours on a circle around it. */
export function graphLayout(graph: Graph, centre: string, size: { readonly width: number; readonly height: number }): Map<string, { x: number; y: number }> {
  const positions = new Map<string, { x: number; y: number }>();
  const cx = size.width / 2;
  const cy = size.height / 2;
  positions.set(centre, { x: cx, y: cy });
  const others = graph.nodes.filter((node) => node.id !== centre);
  const radius = Math.min(cx, cy) - 60;
  others.forEach((node, index) => {
    const angle = (2 * Math.PI * index) / Math.max(others.length, 1) - Math.PI / 2;
    positions.set(node.id, { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) });
  });
  return positions;
}

function short(text: string, length = 28): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/**
 * The object's relationships as a drawing (an SVG image with a text summary) and, for
 * keyboard and screen-reader users, the same links as a table with a link to each object.
 */
export function RelationshipGraph({ graph, centre, collectionId }: { readonly graph: Graph; readonly centre: string; readonly collectionId: string }) {
  const { t } = useTranslation();
  const size = { width: 720, height: 420 };
  const positions = graphLayout(graph, centre, size);
  const nameOf = (id: string) => {
    const node = graph.nodes.find((candidate) => candidate.id === id);
    return node?.name ?? id;
  };
  if (graph.edges.length === 0) return <p>{t('share.graph.none')}</p>;
  return (
    <>
      <svg
        className="relationship-graph"
        viewBox={`0 0 ${size.width} ${size.height}`}
        width="100%"
        role="img"
        aria-labelledby="graph-title graph-desc"
      >
        <title id="graph-title">{t('share.graph.title')}</title>
        <desc id="graph-desc">{t('share.graph.desc', { nodes: graph.nodes.length, edges: graph.edges.length })}</desc>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="28" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#444444" />
          </marker>
        </defs>
        {graph.edges.map((edge) => {
          const from = positions.get(edge.source);
          const to = positions.get(edge.target);
          if (!from || !to) return null;
          return (
            <g key={edge.id}>
              <line x1={from.x} y1={from.y} x2={to.x} y2={to.y} stroke="#444444" strokeWidth={1.5} strokeDasharray={edge.kind === 'reference' ? '4 3' : undefined} markerEnd="url(#arrow)" />
              <text x={(from.x + to.x) / 2} y={(from.y + to.y) / 2 - 4} textAnchor="middle" fontSize="12" fill="#1a1a1a">
                {edge.label}
              </text>
            </g>
          );
        })}
        {graph.nodes.map((node) => {
          const at = positions.get(node.id);
          if (!at) return null;
          return (
            <g key={node.id}>
              <circle cx={at.x} cy={at.y} r={node.id === centre ? 22 : 16} fill={TLP_FILL[node.tlp]} stroke="#1a1a1a" strokeWidth={node.id === centre ? 3 : 1.5} />
              <text x={at.x} y={at.y + 36} textAnchor="middle" fontSize="12" fill="#1a1a1a">
                {short(node.name ?? node.type)}
              </text>
              <text x={at.x} y={at.y + 50} textAnchor="middle" fontSize="11" fill="#444444">
                {node.type} · {tlpLabel(node.tlp)}
              </text>
            </g>
          );
        })}
      </svg>
      <div className="table-wrap">
        <table>
          <caption>{t('share.graph.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('share.graph.from')}</th>
              <th scope="col">{t('share.graph.link')}</th>
              <th scope="col">{t('share.graph.to')}</th>
            </tr>
          </thead>
          <tbody>
            {graph.edges.map((edge) => (
              <tr key={edge.id}>
                <td>{edge.source === centre ? nameOf(edge.source) : <Link href={`/share/collections/${collectionId}/objects/${edge.source}`}>{nameOf(edge.source)}</Link>}</td>
                <td>
                  {edge.label} <span className="muted">({t(`share.graph.kinds.${edge.kind}`)})</span>
                </td>
                <td>{edge.target === centre ? nameOf(edge.target) : <Link href={`/share/collections/${collectionId}/objects/${edge.target}`}>{nameOf(edge.target)}</Link>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
