import { stepKinds, type PaletteEntry } from '../../../../shared/workflow/kinds';
import { isNodeKind, nodeKinds, type NodeKind } from '../../../../shared/workflow/schema';
import type { LooseGraph, LooseNode } from './model';

/** What the palette offers and how each kind of node looks (declared by each kind). */
export interface KindInfo extends Omit<PaletteEntry, 'order'> {
  readonly kind: string;
}

export const kindInfo: readonly KindInfo[] = [...nodeKinds]
  .sort((a, b) => stepKinds[a].palette.order - stepKinds[b].palette.order)
  .map((kind: NodeKind) => {
    const { title, summary, accent } = stepKinds[kind].palette;
    return { kind, title, summary, accent };
  });

export const infoOf = (kind: string): KindInfo =>
  kindInfo.find((k) => k.kind === kind) ?? { kind, title: kind, summary: 'Unknown kind', accent: 'bg-red-600' };

/** A new node of `kind` with the fields its kind needs, filled so it validates where it can. */
export function newNode(kind: string, id: string, position: { x: number; y: number }): LooseNode {
  const base = { id, kind, label: infoOf(kind).title };
  const p = { position: { x: Math.round(position.x), y: Math.round(position.y) } };
  if (!isNodeKind(kind)) return { ...base, ...p };
  const descriptor = stepKinds[kind];
  // Copied, so nodes never share a default's object (a tool's arguments, a body).
  const defaults = structuredClone(descriptor.defaults) as Record<string, unknown>;
  return { ...base, ...defaults, ...(descriptor.container ? { body: { nodes: [], edges: [] } } : {}), ...p };
}

/** Whether a kind's outgoing edges carry branch labels (a condition) rather than success/failure. */
export const hasBranches = (kind: string): boolean => isNodeKind(kind) && stepKinds[kind].branches;

/**
 * The outgoing handles of a node: success/failure, or a condition's branch labels (true, false,
 * the labels its edges use, and `extra` ones the user added but has not connected yet).
 */
export function sourceHandles(node: LooseNode, graph: LooseGraph, extra: readonly string[] = []): string[] {
  if (!hasBranches(node.kind)) return ['success', 'failure'];
  const labels = ['true', 'false'];
  for (const l of extra) if (!labels.includes(l)) labels.push(l);
  for (const e of graph.edges) if (e.from === node.id && e.on && !labels.includes(e.on)) labels.push(e.on);
  return labels;
}

/** The label a handle shows. */
export const handleLabel = (handle: string): string =>
  handle === 'success' ? 'ok' : handle === 'failure' ? 'fail' : handle;
