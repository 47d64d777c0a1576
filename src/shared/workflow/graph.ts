import type { EdgeDefinition, NodeDefinition } from './schema';

/** One graph (a workflow or a map/loop body) with its edges indexed both ways. */
export interface Graph {
  readonly nodes: readonly NodeDefinition[];
  readonly edges: readonly EdgeDefinition[];
  readonly index: ReadonlyMap<string, number>;
  /** Edge indexes leaving / entering each node (by node index); edges to unknown nodes are left out. */
  readonly outgoing: readonly number[][];
  readonly incoming: readonly number[][];
}

/** Indexes a graph; duplicate ids keep their first node. */
export function indexGraph(nodes: readonly NodeDefinition[], edges: readonly EdgeDefinition[]): Graph {
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (!index.has(n.id)) index.set(n.id, i);
  });
  const outgoing: number[][] = nodes.map(() => []);
  const incoming: number[][] = nodes.map(() => []);
  edges.forEach((e, i) => {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined) return;
    outgoing[from]!.push(i);
    incoming[to]!.push(i);
  });
  return { nodes, edges, index, outgoing, incoming };
}

/** Node indexes that lie on a cycle (strongly connected components of more than one node, or self-loops). */
export function cyclicNodes(graph: Graph): Set<number> {
  // Tarjan's algorithm, iterative so a 100,000-node chain does not overflow the stack.
  const n = graph.nodes.length;
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const out = new Set<number>();
  let counter = 0;
  for (let start = 0; start < n; start++) {
    if (order[start] !== -1) continue;
    const work: [node: number, edge: number][] = [[start, 0]];
    order[start] = low[start] = counter++;
    stack.push(start);
    onStack[start] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, k] = frame;
      const edges = graph.outgoing[v]!;
      if (k < edges.length) {
        frame[1]++;
        const w = graph.index.get(graph.edges[edges[k]!]!.to)!;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, order[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === order[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          component.push(w);
        } while (w !== v);
        const selfLoop = graph.outgoing[v]!.some((e) => graph.edges[e]!.to === graph.nodes[v]!.id);
        if (component.length > 1 || selfLoop) for (const c of component) out.add(c);
      }
    }
  }
  return out;
}

/** Every node index reachable backwards from `start` (not including it). */
export function ancestorsOf(graph: Graph, start: number): Set<number> {
  const seen = new Set<number>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.pop()!;
    for (const e of graph.incoming[v]!) {
      const u = graph.index.get(graph.edges[e]!.from)!;
      if (!seen.has(u)) {
        seen.add(u);
        queue.push(u);
      }
    }
  }
  seen.delete(start);
  return seen;
}

/** The given nodes and every node reachable forwards from them. */
export function downstreamOf(graph: Graph, starts: Iterable<number>): Set<number> {
  const seen = new Set<number>(starts);
  const queue = [...seen];
  while (queue.length > 0) {
    const v = queue.pop()!;
    for (const e of graph.outgoing[v]!) {
      const w = graph.index.get(graph.edges[e]!.to)!;
      if (!seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return seen;
}
