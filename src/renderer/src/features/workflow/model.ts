// The builder's view of a workflow file. A draft need not match the schema yet (that is what
// validation reports), so the builder works on a loose shape and keeps every field it does not
// know about as it found it.

import { stepKinds } from '../../../../shared/workflow/kinds';
import { nodeKinds } from '../../../../shared/workflow/schema';

/** A node as the builder holds it: an id and a kind, the rest as in the file. */
export interface LooseNode {
  id: string;
  kind: string;
  label?: string;
  position?: { x: number; y: number };
  body?: LooseGraph;
  [key: string]: unknown;
}

export interface LooseEdge {
  id?: string;
  from: string;
  to: string;
  on?: string;
}

/** One level of a workflow: the top, or the body of a map or loop node. */
export interface LooseGraph {
  nodes: LooseNode[];
  edges: LooseEdge[];
}

export interface LooseDefinition extends LooseGraph {
  version: number;
  name?: string;
  description?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  concurrency?: number;
  [key: string]: unknown;
}

/** Kinds whose node holds a body graph. */
export const containerKinds: readonly string[] = nodeKinds.filter((k) => stepKinds[k].container);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function looseGraph(raw: unknown, taken: Set<string>): LooseGraph {
  const value = isObject(raw) ? raw : {};
  const nodes: LooseNode[] = [];
  for (const item of Array.isArray(value.nodes) ? value.nodes : []) {
    if (!isObject(item)) continue;
    // A node without a usable id cannot be drawn or connected; it gets one the user can rename.
    const id = typeof item.id === 'string' && item.id !== '' ? item.id : uniqueId('node', taken);
    taken.add(id);
    const node: LooseNode = { ...item, id, kind: typeof item.kind === 'string' ? item.kind : 'unknown' };
    if (containerKinds.includes(node.kind) || item.body !== undefined) node.body = looseGraph(item.body, taken);
    nodes.push(node);
  }
  const edges: LooseEdge[] = [];
  for (const item of Array.isArray(value.edges) ? value.edges : []) {
    if (isObject(item) && typeof item.from === 'string' && typeof item.to === 'string') {
      edges.push({ ...item, from: item.from, to: item.to } as LooseEdge);
    }
  }
  return { nodes, edges };
}

/** Reads a file's JSON into the builder's shape. */
export function normalize(raw: Record<string, unknown>): LooseDefinition {
  const graph = looseGraph(raw, new Set());
  return { ...raw, version: typeof raw.version === 'number' ? raw.version : 1, nodes: graph.nodes, edges: graph.edges };
}

/** An empty workflow. */
export function blankDefinition(title: string): LooseDefinition {
  return { version: 1, name: title, inputs: {}, nodes: [], edges: [] };
}

/** The graph at `level` (container ids from the top); an empty graph when the path is gone. */
export function graphAt(def: LooseGraph, level: readonly string[]): LooseGraph {
  let graph: LooseGraph = def;
  for (const id of level) {
    const node = graph.nodes.find((n) => n.id === id);
    if (!node?.body) return { nodes: [], edges: [] };
    graph = node.body;
  }
  return graph;
}

/** A copy of `def` with the graph at `level` replaced. */
export function withGraphAt<T extends LooseGraph>(def: T, level: readonly string[], graph: LooseGraph): T {
  if (level.length === 0) return { ...def, nodes: graph.nodes, edges: graph.edges };
  const [head, ...rest] = level;
  return {
    ...def,
    nodes: def.nodes.map((n) =>
      n.id === head ? { ...n, body: withGraphAt(n.body ?? { nodes: [], edges: [] }, rest, graph) } : n,
    ),
  };
}

/** Every node id at every level, so new ids stay unique across bodies too (the validator asks for it). */
export function allIds(def: LooseGraph): Set<string> {
  const out = new Set<string>();
  const walk = (g: LooseGraph) => {
    for (const n of g.nodes) {
      out.add(n.id);
      if (n.body) walk(n.body);
    }
  };
  walk(def);
  return out;
}

/** `base`, or `base_2`, `base_3`… whichever is free; made a valid id first. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  let clean = base.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 56);
  if (!/^[A-Za-z_]/.test(clean)) clean = `n_${clean}`;
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.has(`${clean}_${i}`)) return `${clean}_${i}`;
}

/** Renames a node at one level, following its edges. */
export function renameNode(graph: LooseGraph, from: string, to: string): LooseGraph {
  return {
    nodes: graph.nodes.map((n) => (n.id === from ? { ...n, id: to } : n)),
    edges: graph.edges.map((e) => ({ ...e, from: e.from === from ? to : e.from, to: e.to === from ? to : e.to })),
  };
}

/** Node keys of a run that belong to node `id` at `level`: `id` at the top, `each/<i>/id` inside map `each`. */
export function runKeyPattern(level: readonly string[], id: string): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${[...level.map((l) => `${escape(l)}/\\d+`), escape(id)].join('/')}$`);
}
