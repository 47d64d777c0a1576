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

/** A step on the canvas as placement sees it: where it is and how big it was measured. */
export interface PlacedBox {
  readonly id: string;
  readonly position: { x: number; y: number };
  readonly width?: number;
  readonly height?: number;
}

const GAP = { x: 80, y: 40 };

/**
 * Where a step added by clicking goes: right of `after` (the selected step) when there is one,
 * else at `preferred`, then moved down until its box and a margin overlap no other step.
 * Without this every click stacked the new card exactly on the previous one.
 */
export function freeSpot(
  boxes: readonly PlacedBox[],
  preferred: { x: number; y: number },
  after: PlacedBox | null,
): { x: number; y: number } {
  const size = DEFAULT_SIZE;
  let at = after
    ? { x: after.position.x + (after.width ?? size.width) + GAP.x, y: after.position.y }
    : { x: preferred.x, y: preferred.y };
  const overlapping = (p: { x: number; y: number }) =>
    boxes.filter((b) => {
      const w = b.width ?? size.width;
      const h = b.height ?? size.height;
      return (
        p.x < b.position.x + w + GAP.y &&
        b.position.x < p.x + size.width + GAP.y &&
        p.y < b.position.y + h + GAP.y &&
        b.position.y < p.y + size.height + GAP.y
      );
    });
  // Each pass moves below every step in the way, so it ends after at most one pass per step.
  for (let hit = overlapping(at); hit.length > 0; hit = overlapping(at)) {
    at = { x: at.x, y: Math.max(...hit.map((b) => b.position.y + (b.height ?? size.height) + GAP.y)) };
  }
  return { x: Math.round(at.x), y: Math.round(at.y) };
}
