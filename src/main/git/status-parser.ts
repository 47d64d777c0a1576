import type { RepoStatus, StatusEntry } from '../../shared/domain/git';

/** Parses `git status --porcelain=v2 --branch -z`; pure, so every record shape has a test. */
export function parseStatusV2(output: string): RepoStatus {
  const status: RepoStatus = { branch: null, head: null, upstream: null, ahead: 0, behind: 0, entries: [] };
  const records = output.split('\0');
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    if (rec === '') continue;
    if (rec.startsWith('# ')) {
      const [key, ...rest] = rec.slice(2).split(' ');
      const value = rest.join(' ');
      if (key === 'branch.oid') status.head = value === '(initial)' ? null : value;
      else if (key === 'branch.head') status.branch = value === '(detached)' ? null : value;
      else if (key === 'branch.upstream') status.upstream = value;
      else if (key === 'branch.ab') {
        const m = /^\+(\d+) -(\d+)$/.exec(value);
        if (m) {
          status.ahead = Number(m[1]);
          status.behind = Number(m[2]);
        }
      }
      continue;
    }
    const type = rec[0];
    if (type === '?' || type === '!') {
      if (type === '?') status.entries.push(entry(rec.slice(2), null, '?', '?', false));
      continue;
    }
    // Fields are space-separated up to the path, which may itself contain spaces.
    const fieldCount = type === '1' ? 8 : type === '2' ? 9 : type === 'u' ? 10 : 0;
    if (fieldCount === 0) continue;
    const parts = rec.split(' ');
    const xy = parts[1] ?? '..';
    const path = parts.slice(fieldCount).join(' ');
    const origPath = type === '2' ? (records[++i] ?? null) : null;
    status.entries.push(entry(path, origPath, xy[0]!, xy[1]!, type === 'u'));
  }
  return status;
}

function entry(
  path: string,
  origPath: string | null,
  index: string,
  worktree: string,
  conflicted: boolean,
): StatusEntry {
  return { path, origPath, index, worktree, conflicted };
}

/**
 * Every path `git status --porcelain=v2 -z` names as changed, renamed (both sides) or untracked,
 * leaving out submodules: adding one makes git look inside it (see addAll in project-scope.ts).
 */
export function changedPaths(output: string): string[] {
  const out: string[] = [];
  const records = output.split('\0');
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    const type = rec[0];
    if (type === '?') out.push(rec.slice(2));
    const fieldCount = type === '1' ? 8 : type === '2' ? 9 : type === 'u' ? 10 : 0;
    if (fieldCount === 0) continue;
    const parts = rec.split(' ');
    const submodule = (parts[2] ?? 'N').startsWith('S');
    const origPath = type === '2' ? (records[++i] ?? '') : '';
    if (submodule) continue;
    out.push(parts.slice(fieldCount).join(' '));
    // A rename staged in the index already dropped the old name there; one seen only in the
    // working tree (Y = R) still has it in the index, to be removed.
    if (origPath && parts[1]?.[1] === 'R') out.push(origPath);
  }
  return out;
}
