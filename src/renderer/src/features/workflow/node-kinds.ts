import type { LooseGraph, LooseNode } from './model';

/** What the palette offers and how each kind of node looks. */
export interface KindInfo {
  readonly kind: string;
  readonly title: string;
  readonly summary: string;
  /** Tailwind classes for the accent strip and icon. */
  readonly accent: string;
}

export const kindInfo: readonly KindInfo[] = [
  { kind: 'agent', title: 'Agent', summary: 'An agent run with a prompt', accent: 'bg-violet-500' },
  { kind: 'llm', title: 'Model call', summary: 'One model call: text or JSON', accent: 'bg-sky-500' },
  { kind: 'shell', title: 'Shell', summary: 'Run a command', accent: 'bg-amber-500' },
  { kind: 'git', title: 'Git', summary: 'Commit, branch, diff, merge', accent: 'bg-orange-600' },
  { kind: 'tool', title: 'Tool', summary: 'One MCP tool call', accent: 'bg-teal-500' },
  { kind: 'condition', title: 'Condition', summary: 'Choose a branch', accent: 'bg-fuchsia-500' },
  { kind: 'map', title: 'Map', summary: 'Repeat a body per item', accent: 'bg-indigo-500' },
  { kind: 'loop', title: 'Loop', summary: 'Repeat until it holds (bounded)', accent: 'bg-indigo-400' },
  { kind: 'approval', title: 'Approval', summary: 'Wait for a person', accent: 'bg-rose-500' },
  { kind: 'workflow', title: 'Workflow', summary: 'Call another workflow', accent: 'bg-slate-500' },
];

export const infoOf = (kind: string): KindInfo =>
  kindInfo.find((k) => k.kind === kind) ?? { kind, title: kind, summary: 'Unknown kind', accent: 'bg-red-600' };

/** A new node of `kind` with the fields its kind needs, filled so it validates where it can. */
export function newNode(kind: string, id: string, position: { x: number; y: number }): LooseNode {
  const base = { id, kind, label: infoOf(kind).title };
  const p = { position: { x: Math.round(position.x), y: Math.round(position.y) } };
  switch (kind) {
    case 'agent':
      return { ...base, prompt: '', ...p };
    case 'llm':
      return { ...base, prompt: '', ...p };
    case 'shell':
      return { ...base, command: 'echo hello', ...p };
    case 'git':
      return { ...base, op: 'diff', ...p };
    case 'tool':
      return { ...base, tool: '', arguments: {}, ...p };
    case 'condition':
      return { ...base, expression: 'true', ...p };
    case 'map':
      return { ...base, items: '', concurrency: 2, body: { nodes: [], edges: [] }, ...p };
    case 'loop':
      return { ...base, until: 'true', maxIterations: 5, body: { nodes: [], edges: [] }, ...p };
    case 'approval':
      return { ...base, message: 'Continue?', ...p };
    case 'workflow':
      return { ...base, workflow: '', inputs: {}, ...p };
    default:
      return { ...base, ...p };
  }
}

/**
 * The outgoing handles of a node: success/failure, or a condition's branch labels (true, false,
 * the labels its edges use, and `extra` ones the user added but has not connected yet).
 */
export function sourceHandles(node: LooseNode, graph: LooseGraph, extra: readonly string[] = []): string[] {
  if (node.kind !== 'condition') return ['success', 'failure'];
  const labels = ['true', 'false'];
  for (const l of extra) if (!labels.includes(l)) labels.push(l);
  for (const e of graph.edges) if (e.from === node.id && e.on && !labels.includes(e.on)) labels.push(e.on);
  return labels;
}

/** The label a handle shows. */
export const handleLabel = (handle: string): string =>
  handle === 'success' ? 'ok' : handle === 'failure' ? 'fail' : handle;
