import { Graph, layout } from '@dagrejs/dagre';

/** A node's size when it has not been measured yet (matches the step card). */
export const DEFAULT_SIZE = { width: 232, height: 84 };

export interface LayoutNode {
  readonly id: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * Top-left positions for a left-to-right layered layout (dagre): each node one layer right of
 * its predecessors, crossings kept low. Pure; sizes come from the canvas's measurements.
 */
export function layoutGraph(
  nodes: readonly LayoutNode[],
  edges: readonly { source: string; target: string }[],
): Map<string, { x: number; y: number }> {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    g.setNode(n.id, { width: n.width ?? DEFAULT_SIZE.width, height: n.height ?? DEFAULT_SIZE.height });
  }
  edges.forEach((e, i) => {
    if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target, {}, `e${i}`);
  });
  layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const placed = g.node(n.id);
    const w = n.width ?? DEFAULT_SIZE.width;
    const h = n.height ?? DEFAULT_SIZE.height;
    out.set(n.id, { x: Math.round(placed.x - w / 2), y: Math.round(placed.y - h / 2) });
  }
  return out;
}
