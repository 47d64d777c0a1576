import type { ApprovalSubject, ToolKind } from '../../../../shared/domain/agent';

type CallSubject = Extract<ApprovalSubject, { kind: 'call' }>;

/** Long path lists are cut here; the arguments below still show every one. */
const MAX_PATHS = 3;

const list = (paths: readonly string[]): string =>
  paths.length <= MAX_PATHS
    ? paths.join(', ')
    : `${paths.slice(0, MAX_PATHS).join(', ')} and ${paths.length - MAX_PATHS} more`;

const verbs: Record<ToolKind, { some: string; none: string }> = {
  read: { some: 'Read', none: 'Read files' },
  search: { some: 'Search', none: 'Search the files' },
  edit: { some: 'Edit', none: 'Edit files' },
  move: { some: 'Move', none: 'Move files' },
  delete: { some: 'Delete', none: 'Delete files' },
  git: { some: 'Change the repository’s history or branches for', none: 'Change the repository’s history or branches' },
  execute: { some: 'Run a command in', none: 'Run a command' },
};

/**
 * One line saying what a built-in tool's call would do, from its declared kind and paths
 * ("Move a.md → docs/a.md", "Delete x"), so the JSON below is the detail, not the only account.
 * Null for a tool that declares nothing (an external server's), whose arguments must speak alone.
 */
export function callSummary(subject: CallSubject): string | null {
  if (subject.action === undefined) return null;
  const paths = subject.paths ?? [];
  const verb = verbs[subject.action];
  if (paths.length === 0) return verb.none;
  // A move names where from and where to, in that order.
  if (subject.action === 'move' && paths.length === 2) return `Move ${paths[0]} → ${paths[1]}`;
  return `${verb.some} ${list(paths)}`;
}
