// The git questions the conflict radar asks, each one process.
import { asWeftError, gitText } from '../../git/git-process';
import type { GitBatch } from './git-batch';
import { parseMergeTree } from './merge-tree-output';

/**
 * At most how many loose objects merging a pair writes: a merged blob per file both sides
 * changed, and a tree per folder above them (folders only one side changed are taken as they are).
 */
export function objectsWritten(overlap: readonly string[]): number {
  const folders = new Set<string>();
  for (const path of overlap)
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) folders.add(path.slice(0, i));
  return overlap.length + folders.size + 1;
}

/** Which of `branches` (short names) contain `commit`, with the commit each points at now. */
export async function containing(
  batch: GitBatch,
  commit: string,
  branches: readonly string[],
): Promise<Map<string, string>> {
  const refs = branches.map((b) => `refs/heads/${b}`);
  const out = await batch.run(['for-each-ref', '--format=%(refname)%00%(objectname)', `--contains=${commit}`, ...refs]);
  return tipsOf(out.stdout, refs);
}

/** The commit each branch points at, from one `for-each-ref`; absent ones are left out. */
export async function resolveBranches(batch: GitBatch, branches: readonly string[]): Promise<Map<string, string>> {
  const refs = [...new Set(branches)].map((b) => `refs/heads/${b}`);
  const out = await batch.run(['for-each-ref', '--format=%(refname)%00%(objectname)', ...refs]);
  return tipsOf(out.stdout, refs);
}

function tipsOf(stdout: Buffer, refs: readonly string[]): Map<string, string> {
  const wanted = new Set(refs);
  const tips = new Map<string, string>();
  for (const line of stdout.toString('utf8').split('\n')) {
    const [ref, oid] = line.split('\0');
    // for-each-ref matches by prefix too (`refs/heads/a` lists `refs/heads/a/b`); only exact names count.
    if (ref && oid && wanted.has(ref)) tips.set(ref.slice('refs/heads/'.length), oid);
  }
  return tips;
}

/** One side of a merge: the commit, and the scratch ref naming it. */
export interface MergeSide {
  readonly ref: string;
  readonly commit: string;
}

/** The scratch ref of a side of the fleet (a task id or the base); task ids may hold any character. */
export const sideRef = (side: string): string => `refs/worktree/weft-radar/${Buffer.from(side).toString('hex')}`;

/** Points the scratch refs at their commits, in one process. */
export async function setSideRefs(batch: GitBatch, gitDir: string, sides: Iterable<MergeSide>): Promise<void> {
  const input = [...sides].map((s) => `update ${s.ref} ${s.commit}\n`).join('');
  if (!input) return;
  try {
    await batch.run(['update-ref', '--stdin'], { input, env: { GIT_DIR: gitDir } });
  } catch (error) {
    throw asWeftError(error, 'Naming the commits to merge');
  }
}

/**
 * merge-tree labels the conflict markers it writes with the names it was given. Given commit
 * ids, every merged file of a pair is a new object after either side moves; given a side's
 * scratch ref, only the files whose content changed are, which halved the merges' time after
 * one branch moved (9 merges of ~100 files: 40 ms instead of 100 ms). The refs must point at
 * the sides' commits (setSideRefs) when this runs.
 */
export async function mergeTree(
  batch: GitBatch,
  gitDir: string,
  a: MergeSide,
  b: MergeSide,
): Promise<{ tree: string; conflicted: string[] }> {
  try {
    // Exit 1 is the answer "these conflict"; anything above is git failing.
    const result = await batch.run(['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', a.ref, b.ref], {
      okCodes: [1],
      env: { GIT_DIR: gitDir },
    });
    const parsed = parseMergeTree(result.stdout);
    return result.code === 0 ? { tree: parsed.tree, conflicted: [] } : parsed;
  } catch (error) {
    throw asWeftError(error, `Merging ${a.commit.slice(0, 10)} with ${b.commit.slice(0, 10)}`);
  }
}

/** The repository's shared git folder (of all its worktrees), as an absolute path. */
export async function commonDir(repo: string): Promise<string> {
  try {
    return await gitText(repo, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
  } catch (error) {
    throw asWeftError(error, 'Opening the repository');
  }
}
