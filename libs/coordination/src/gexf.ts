/**
 * GEXF 1.3 (gexf.net/schema) for Gephi: accounts as nodes with their community and score,
 * coordination edges with their weight, behaviours and significance.
 */

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** A node of the network file. */
export interface GexfNode {
  readonly id: number;
  readonly label: string;
  readonly community: number;
  readonly score: number;
  readonly posts: number;
}

/** An edge of the network file. */
export interface GexfEdge {
  readonly source: number;
  readonly target: number;
  readonly weight: number;
  readonly behaviours: string;
  readonly significance: number;
}

/** Renders the GEXF document. */
export function renderGexf(input: { readonly nodes: readonly GexfNode[]; readonly edges: readonly GexfEdge[]; readonly description: string }): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    `  <meta><creator>Vigil</creator><description>${escapeXml(input.description)}</description></meta>`,
    '  <graph defaultedgetype="undirected" mode="static">',
    '    <attributes class="node">',
    '      <attribute id="community" title="community" type="integer"/>',
    '      <attribute id="score" title="score" type="double"/>',
    '      <attribute id="posts" title="posts" type="integer"/>',
    '    </attributes>',
    '    <attributes class="edge">',
    '      <attribute id="behaviours" title="behaviours" type="string"/>',
    '      <attribute id="significance" title="significance" type="double"/>',
    '    </attributes>',
    '    <nodes>',
  ];
  for (const node of input.nodes) {
    lines.push(
      `      <node id="${node.id}" label="${escapeXml(node.label)}"><attvalues><attvalue for="community" value="${node.community}"/><attvalue for="score" value="${node.score}"/><attvalue for="posts" value="${node.posts}"/></attvalues></node>`,
    );
  }
  lines.push('    </nodes>', '    <edges>');
  input.edges.forEach((edge, index) => {
    lines.push(
      `      <edge id="${index}" source="${edge.source}" target="${edge.target}" weight="${edge.weight}"><attvalues><attvalue for="behaviours" value="${escapeXml(edge.behaviours)}"/><attvalue for="significance" value="${edge.significance}"/></attvalues></edge>`,
    );
  });
  lines.push('    </edges>', '  </graph>', '</gexf>', '');
  return lines.join('\n');
}
