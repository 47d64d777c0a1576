import { createContext, useContext } from 'react';
import type { ValidationIssueView } from '../../../../shared/domain/workflow';
import type { NodeRunSummary } from './run-summary';

/** What the nodes on the canvas read besides their definition: problems, run states, actions. */
export interface CanvasInfo {
  /** Problems by node id at the shown level; problems inside a body count for its container. */
  readonly issues: ReadonlyMap<string, readonly ValidationIssueView[]>;
  /** Run state by node id, when a run is shown. */
  readonly run: ReadonlyMap<string, NodeRunSummary> | null;
  /** Extra branch labels of condition nodes. */
  readonly branches: Readonly<Record<string, string[]>>;
  /** Edges of the shown level whose other end is no step (React Flow cannot draw them), by the step that has one. */
  readonly dangling: ReadonlyMap<string, readonly DanglingEnd[]>;
  /** Edges of the shown level, for condition handles. */
  readonly edges: readonly { from: string; to: string; on?: string }[];
  openBody(id: string): void;
  approve(id: string, approved: boolean): void;
}

/** One end of an edge that names a step which does not exist. */
export interface DanglingEnd {
  /** `to`: the edge leaves this step for `missing`; `from`: it comes into this step from `missing`. */
  readonly direction: 'to' | 'from';
  readonly missing: string;
}

/** Edges of one graph that React Flow would drop silently, grouped by the step they touch. */
export function danglingEnds(graph: {
  nodes: readonly { id: string }[];
  edges: readonly { from: string; to: string }[];
}): Map<string, DanglingEnd[]> {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const out = new Map<string, DanglingEnd[]>();
  const add = (id: string, end: DanglingEnd) => out.set(id, [...(out.get(id) ?? []), end]);
  for (const e of graph.edges) {
    if (ids.has(e.from) && !ids.has(e.to)) add(e.from, { direction: 'to', missing: e.to });
    if (ids.has(e.to) && !ids.has(e.from)) add(e.to, { direction: 'from', missing: e.from });
  }
  return out;
}

export const CanvasContext = createContext<CanvasInfo | null>(null);

export function useCanvasInfo(): CanvasInfo {
  const info = useContext(CanvasContext);
  if (!info) throw new Error('CanvasContext is missing');
  return info;
}

/** Groups problems by the node they are on, at one level of the workflow. */
export function issuesAtLevel(
  issues: readonly ValidationIssueView[],
  level: readonly string[],
): Map<string, ValidationIssueView[]> {
  const prefix = level.length > 0 ? `${level.join('/')}/` : '';
  const out = new Map<string, ValidationIssueView[]>();
  for (const issue of issues) {
    if (issue.node === null || !issue.node.startsWith(prefix)) continue;
    const id = issue.node.slice(prefix.length).split('/')[0]!;
    out.set(id, [...(out.get(id) ?? []), issue]);
  }
  return out;
}
