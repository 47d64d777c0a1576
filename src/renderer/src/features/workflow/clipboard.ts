import { uniqueId, type LooseEdge, type LooseGraph, type LooseNode } from './model';

/** What Copy keeps: the selected nodes (bodies included) and the edges between them. */
export interface Clip {
  readonly nodes: readonly LooseNode[];
  readonly edges: readonly LooseEdge[];
}

/** The selected nodes of a graph and the edges that run between two of them. */
export function copySelection(graph: LooseGraph, selected: ReadonlySet<string>): Clip | null {
  const nodes = graph.nodes.filter((n) => selected.has(n.id));
  if (nodes.length === 0) return null;
  const edges = graph.edges.filter((e) => selected.has(e.from) && selected.has(e.to));
  return structuredClone({ nodes, edges });
}

/** Gives every node of a graph (and of its bodies) an id not in `used`; edges follow. */
function renameGraph(graph: LooseGraph, used: Set<string>): { graph: LooseGraph; renames: Map<string, string> } {
  const renames = new Map<string, string>();
  const nodes = graph.nodes.map((n) => {
    const id = uniqueId(n.id, used);
    used.add(id);
    renames.set(n.id, id);
    return n.body ? { ...n, id, body: renameGraph(n.body, used).graph } : { ...n, id };
  });
  const edges = graph.edges.map((e) => {
    const { id: _dropped, ...rest } = e;
    return { ...rest, from: renames.get(e.from) ?? e.from, to: renames.get(e.to) ?? e.to };
  });
  return { graph: { nodes, edges }, renames };
}

/**
 * Adds a clip to a graph: nodes get fresh ids where theirs are taken (across every level, in
 * `taken`), edges follow the renames, and positions shift by `offset` so the copy is visible.
 * Returns the new graph and the ids of the pasted nodes.
 */
export function pasteClip(
  graph: LooseGraph,
  clip: Clip,
  taken: ReadonlySet<string>,
  offset: { x: number; y: number },
): { graph: LooseGraph; pasted: string[] } {
  const { graph: copy } = renameGraph(
    structuredClone({ nodes: [...clip.nodes], edges: [...clip.edges] }),
    new Set(taken),
  );
  const nodes = copy.nodes.map((n) => {
    const p = n.position ?? { x: 0, y: 0 };
    return { ...n, position: { x: p.x + offset.x, y: p.y + offset.y } };
  });
  return {
    graph: { nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...copy.edges] },
    pasted: nodes.map((n) => n.id),
  };
}
