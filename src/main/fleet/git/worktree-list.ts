// `git worktree list --porcelain -z`, parsed.
import { git } from '../../git/git-process';

export interface WorktreeEntry {
  readonly path: string;
  /** Null for a bare repository or a worktree on an unborn branch. */
  readonly head: string | null;
  /** Full ref name (`refs/heads/x`), null when detached. */
  readonly branch: string | null;
  readonly bare: boolean;
  /** The first entry: the repository's own working tree. */
  readonly main: boolean;
  /** git says its folder is gone (`prunable`). */
  readonly prunable: boolean;
  readonly locked: boolean;
}

/** Records are attribute lines (`worktree <path>`, `HEAD <oid>`, `branch <ref>`, `detached`…), each NUL-ended, an empty one between records. */
export function parseWorktreeList(text: string): WorktreeEntry[] {
  const out: WorktreeEntry[] = [];
  let cur: { -readonly [K in keyof WorktreeEntry]: WorktreeEntry[K] } | null = null;
  for (const field of text.split('\0')) {
    if (field === '') {
      if (cur) out.push(cur);
      cur = null;
      continue;
    }
    const space = field.indexOf(' ');
    const key = space < 0 ? field : field.slice(0, space);
    const value = space < 0 ? '' : field.slice(space + 1);
    if (key === 'worktree') {
      if (cur) out.push(cur);
      cur = {
        path: value,
        head: null,
        branch: null,
        bare: false,
        main: out.length === 0,
        prunable: false,
        locked: false,
      };
    } else if (!cur) continue;
    else if (key === 'HEAD') cur.head = value;
    else if (key === 'branch') cur.branch = value;
    else if (key === 'bare') cur.bare = true;
    else if (key === 'prunable') cur.prunable = true;
    else if (key === 'locked') cur.locked = true;
  }
  if (cur) out.push(cur);
  return out;
}

export async function listWorktrees(repo: string): Promise<WorktreeEntry[]> {
  const out = await git(repo, ['worktree', 'list', '--porcelain', '-z']);
  return parseWorktreeList(out.stdout.toString('utf8'));
}
