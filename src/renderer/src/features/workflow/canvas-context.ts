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
  /** Edges of the shown level, for condition handles. */
  readonly edges: readonly { from: string; to: string; on?: string }[];
  openBody(id: string): void;
  approve(id: string, approved: boolean): void;
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
