// Pure parsers for git's machine-readable diff and worktree output (all with -z).
import type { ChangedFile } from '../../../shared/domain/agent';

/** One record of `git diff --numstat -z`; null counts mean git saw a binary file. */
export interface NumstatRecord {
  readonly path: string;
  readonly oldPath: string | null;
  readonly additions: number | null;
  readonly deletions: number | null;
}

/** One record of `git diff --name-status -z`. */
export interface NameStatusRecord {
  readonly path: string;
  readonly oldPath: string | null;
  readonly status: ChangedFile['status'];
}

/** Parses `git diff --numstat -z`: `A\tD\tpath\0`, or for a rename `A\tD\t\0old\0new\0`. */
export function parseNumstat(output: string): NumstatRecord[] {
  const parts = output.split('\0');
  const records: NumstatRecord[] = [];
  for (let i = 0; i < parts.length; i++) {
    const head = parts[i]!;
    if (head === '') continue;
    const m = /^(-|\d+)\t(-|\d+)\t([\s\S]*)$/.exec(head);
    if (!m) continue;
    const additions = m[1] === '-' ? null : Number(m[1]);
    const deletions = m[2] === '-' ? null : Number(m[2]);
    if (m[3] === '') {
      const oldPath = parts[++i] ?? '';
      const path = parts[++i] ?? '';
      records.push({ path, oldPath, additions, deletions });
    } else {
      records.push({ path: m[3]!, oldPath: null, additions, deletions });
    }
  }
  return records;
}

/**
 * Parses `git diff --name-status -z`. Copies count as added files and type changes as
 * modified ones, since the UI knows only four kinds of change.
 */
export function parseNameStatus(output: string): NameStatusRecord[] {
  const parts = output.split('\0');
  const records: NameStatusRecord[] = [];
  for (let i = 0; i < parts.length; i++) {
    const code = parts[i]!;
    if (code === '') continue;
    const kind = code[0];
    if (kind === 'R' || kind === 'C') {
      const oldPath = parts[++i] ?? '';
      const path = parts[++i] ?? '';
      records.push(kind === 'R' ? { path, oldPath, status: 'renamed' } : { path, oldPath: null, status: 'added' });
      continue;
    }
    const path = parts[++i] ?? '';
    const status = kind === 'A' ? 'added' : kind === 'D' ? 'deleted' : 'modified';
    records.push({ path, oldPath: null, status });
  }
  return records;
}

/** Joins both listings of the same diff into the UI's ChangedFile list, ordered by path. */
export function combineChanges(
  nameStatus: readonly NameStatusRecord[],
  numstat: readonly NumstatRecord[],
): ChangedFile[] {
  const counts = new Map<string, NumstatRecord>();
  for (const r of numstat) counts.set(r.path, r);
  return nameStatus
    .map((r) => {
      const n = counts.get(r.path);
      const binary = n !== undefined && (n.additions === null || n.deletions === null);
      return {
        path: r.path,
        oldPath: r.oldPath,
        status: r.status,
        additions: n?.additions ?? 0,
        deletions: n?.deletions ?? 0,
        binary,
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Splits NUL-separated names (`--name-only -z`, `ls-files -z`), dropping the empty tail. */
export function parseNameList(output: string): string[] {
  return output.split('\0').filter((p) => p !== '');
}

/** One entry of `git worktree list --porcelain -z`. */
export interface WorktreeRecord {
  readonly path: string;
  readonly head: string | null;
  /** Short branch name, null when detached. */
  readonly branch: string | null;
  readonly bare: boolean;
  readonly locked: boolean;
  /** Its directory is gone; git would prune it. */
  readonly prunable: boolean;
}

/** Parses `git worktree list --porcelain -z`: attribute records, each worktree ended by an empty one. */
export function parseWorktreeList(output: string): WorktreeRecord[] {
  const out: WorktreeRecord[] = [];
  let current: { -readonly [K in keyof WorktreeRecord]: WorktreeRecord[K] } | null = null;
  for (const rec of output.split('\0')) {
    if (rec === '') {
      if (current) out.push(current);
      current = null;
      continue;
    }
    const space = rec.indexOf(' ');
    const key = space < 0 ? rec : rec.slice(0, space);
    const value = space < 0 ? '' : rec.slice(space + 1);
    if (key === 'worktree') {
      if (current) out.push(current);
      current = { path: value, head: null, branch: null, bare: false, locked: false, prunable: false };
    } else if (current) {
      if (key === 'HEAD') current.head = value;
      else if (key === 'branch') current.branch = value.replace(/^refs\/heads\//, '');
      else if (key === 'bare') current.bare = true;
      else if (key === 'locked') current.locked = true;
      else if (key === 'prunable') current.prunable = true;
    }
  }
  if (current) out.push(current);
  return out;
}
