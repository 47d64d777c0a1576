import type { Edge, Node } from '@xyflow/react';
import type { LooseEdge, LooseGraph, LooseNode } from './model';

// Conversion between one level of a definition and React Flow's nodes and edges. The canvas
// edits React Flow's arrays (they carry measured sizes and selection); the definition is
// rebuilt from them whenever it is needed (save, validate, undo snapshot).

/** What a canvas node carries: its definition, without the position (React Flow holds that). */
export type StepData = { def: LooseNode };
export type StepNode = Node<StepData, 'step'>;
/** An edge keeps the definition's own id, when it had one. */
export type StepEdge = Edge<{ defId?: string }>;

/** Where a node without a position goes before layout: a column, so nothing overlaps. */
const fallback = (i: number) => ({ x: 0, y: i * 120 });

export function edgeId(e: { from: string; to: string; on?: string }): string {
  return `${e.from}->${e.to}:${e.on ?? 'success'}`;
}

/**
 * React Flow nodes and edges for a graph. `previous` nodes lend their measured size and
 * selection to nodes with the same id, so rebuilding (undo, paste) does not make the canvas
 * measure everything again or drop the selection.
 */
export function toFlow(
  graph: LooseGraph,
  previous: readonly StepNode[] = [],
): { nodes: StepNode[]; edges: StepEdge[] } {
  const before = new Map(previous.map((n) => [n.id, n]));
  const nodes = graph.nodes.map((n, i): StepNode => {
    const { position, ...def } = n;
    const old = before.get(n.id);
    return {
      id: n.id,
      type: 'step',
      position: position ? { x: position.x, y: position.y } : fallback(i),
      data: { def },
      ariaLabel: typeof n.label === 'string' && n.label !== '' && n.label !== n.id ? `${n.label} (${n.id})` : n.id,
      ...(old?.measured ? { measured: old.measured } : {}),
      ...(old?.selected ? { selected: true } : {}),
    };
  });
  const ids = new Set(graph.nodes.map((n) => n.id));
  const seen = new Set<string>();
  const edges: StepEdge[] = [];
  for (const e of graph.edges) {
    // React Flow needs unique ids and both ends present; a dangling edge stays in the file's problems list.
    if (!ids.has(e.from) || !ids.has(e.to)) continue;
    const id = edgeId(e);
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push(flowEdge(e));
  }
  return { nodes, edges };
}

export function flowEdge(e: LooseEdge): StepEdge {
  const on = e.on ?? 'success';
  return {
    id: edgeId(e),
    source: e.from,
    target: e.to,
    sourceHandle: on,
    targetHandle: 'in',
    ...(on === 'failure' ? { className: 'wf-edge-failure' } : {}),
    ...(on !== 'success' ? { label: on === 'failure' ? 'on failure' : on } : {}),
    data: e.id !== undefined ? { defId: e.id } : {},
  };
}

/**
 * The graph the canvas shows, as the definition writes it. Edges of `original` that the canvas
 * could not draw (an end that never existed) are kept, so validation keeps pointing at them.
 */
export function fromFlow(nodes: readonly StepNode[], edges: readonly StepEdge[], original?: LooseGraph): LooseGraph {
  const out: LooseEdge[] = edges.map((e) => {
    const on = e.sourceHandle && e.sourceHandle !== 'success' ? e.sourceHandle : undefined;
    return {
      ...(e.data?.defId !== undefined ? { id: e.data.defId } : {}),
      from: e.source,
      to: e.target,
      ...(on ? { on } : {}),
    };
  });
  const existed = new Set(original?.nodes.map((n) => n.id));
  for (const e of original?.edges ?? []) {
    if (!existed.has(e.from) || !existed.has(e.to)) out.push(e);
  }
  return {
    nodes: nodes.map((n) => ({
      ...n.data.def,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    edges: out,
  };
}
