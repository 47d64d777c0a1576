// The conflict radar on real content: task branches made of real commits from a repository's
// own history (by default the Weft checkout the bench runs from), so the files they share and
// the conflicts between them are the ones real work produces, not a generator's. Part of
// `npm run bench:fleet-radar`; `--real-repo PATH` points it at another repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictRadar, type RadarTask } from '../src/main/fleet/git/radar';

const MAX_BRANCHES = 20;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const round = (n: number) => Math.round(n * 10) / 10;
export const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: round(percentile(s, 50)), p95: round(percentile(s, 95)) };
};

/** Where the real history comes from when no repository is named: the checkout the bench runs from. */
/**
 * Full recomputes with a fresh radar each (cold caches): the first warms the page cache and git's
 * object lookup and is not counted. The last report comes back for its counts.
 */
export async function fullRecomputes(
  dir: string,
  tasks: readonly RadarTask[],
  repeats: number,
): Promise<{ times: number[]; report: Awaited<ReturnType<ConflictRadar['compute']>> }> {
  const times: number[] = [];
  let report: Awaited<ReturnType<ConflictRadar['compute']>> | null = null;
  for (let r = 0; r < repeats + 1; r++) {
    const radar = new ConflictRadar({ repo: dir });
    const t = performance.now();
    report = await radar.compute('main', tasks);
    if (r > 0) times.push(performance.now() - t);
    await radar.dispose();
  }
  return { times, report: report! };
}

export function defaultRealRepo(): string | null {
  const out = spawnSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : null;
}

/** git in the bench's own clone, with an identity and no user hooks or signing. */
function gitIn(dir: string) {
  const args = (rest: string[]) => [
    '-c',
    'user.name=Bench',
    '-c',
    'user.email=bench@weft.invalid',
    '-c',
    'commit.gpgsign=false',
    '-c',
    'core.hooksPath=/dev/null',
    ...rest,
  ];
  return {
    out: (...rest: string[]) => execFileSync('git', args(rest), { cwd: dir, encoding: 'utf8', stdio: 'pipe' }).trim(),
    ok: (...rest: string[]) => spawnSync('git', args(rest), { cwd: dir, stdio: 'ignore' }).status === 0,
  };
}

type Git = ReturnType<typeof gitIn>;

export interface RealOptions {
  readonly repeats: number;
  /** Consecutive later commits per task branch (default 1). */
  readonly perTask?: number;
  /**
   * A commit that does not apply cleanly is taken with its own version of the lines that
   * collide (`cherry-pick -X theirs`) instead of being skipped. Clean picks alone find almost no
   * conflicts: a later commit that rewrote the same lines as an earlier one was written on top of
   * it, so it is exactly the kind that does not apply to the old base. Taking its lines is what
   * an agent starting from that base and making the same change would do.
   */
  readonly theirs?: boolean;
}

/**
 * Cherry-picks `commit` onto `onto` (detached): the new commit and whether it took `-X theirs`,
 * or null when it does not apply (or has nothing left to change).
 */
function pick(git: Git, onto: string, commit: string, theirs: boolean): { tip: string; forced: boolean } | null {
  git.out('checkout', '-q', '-f', '--detach', onto);
  for (const forced of theirs ? [false, true] : [false]) {
    if (git.ok('cherry-pick', ...(forced ? ['-X', 'theirs'] : []), commit))
      return { tip: git.out('rev-parse', 'HEAD'), forced };
    git.ok('cherry-pick', '--abort');
  }
  return null;
}

/**
 * Clones `source` (never writing to it), points `main` at a commit some way back on HEAD's
 * first-parent line, and makes up to MAX_BRANCHES task branches each carrying the next
 * `perTask` later commits cherry-picked onto it (those that apply). The commits left over move
 * one branch per incremental repeat.
 */
export async function realRadar(source: string, options: RealOptions): Promise<Record<string, unknown>> {
  const { repeats, perTask = 1, theirs = false } = options;
  const root = mkdtempSync(join(tmpdir(), 'weft-bench-radar-real-'));
  try {
    const dir = join(root, 'repo');
    const clonedAt = performance.now();
    execFileSync('git', ['clone', '-q', '--no-hardlinks', source, dir], { stdio: 'pipe' });
    const git = gitIn(dir);
    const line = git.out('rev-list', '--first-parent', 'HEAD').split('\n');
    if (line.length < 3)
      return { source, skipped: `only ${line.length} commit(s) of history (a shallow clone?): no real task branches` };
    // Enough later commits for the branches, the ones that do not apply, and the moves.
    const back = Math.min(MAX_BRANCHES * perTask + 40, line.length - 1);
    const base = line[back]!;
    const later = git.out('rev-list', '--first-parent', '--reverse', '--parents', `${base}..HEAD`).split('\n');
    // A merge brings a whole branch's work as one change; a task's commit is one piece of work.
    const merges = later.filter((l) => l.split(' ').length > 2).length;
    const pool = later.filter((l) => l.split(' ').length === 2).map((l) => l.split(' ')[0]!);
    git.out('checkout', '-q', '-f', '-B', 'main', base);

    let notApplied = 0;
    let forced = 0;
    const tips: string[] = [];
    while (tips.length < MAX_BRANCHES && pool.length) {
      let tip = base;
      for (const commit of pool.splice(0, perTask)) {
        const next = pick(git, tip, commit, theirs);
        if (next) tip = next.tip;
        else notApplied++;
        if (next?.forced) forced++;
      }
      if (tip === base) continue;
      git.out('branch', '-f', `weft/task-${tips.length}`, tip);
      tips.push(tip);
    }
    git.out('checkout', '-q', '-f', 'main');
    const setupMs = performance.now() - clonedAt;
    const tasks: RadarTask[] = tips.map((_, b) => ({ taskId: `t${b}`, branch: `weft/task-${b}` }));
    const touched = tips
      .map((tip) => git.out('diff-tree', '-r', '--name-only', '--no-renames', base, tip).split('\n').filter(Boolean))
      .map((files) => files.length);
    const repoFiles = git.out('ls-tree', '-r', '--name-only', base).split('\n').length;

    const { times: full, report } = await fullRecomputes(dir, tasks, repeats);
    const overlapping = report.pairs.map(({ commitA, commitB }) => ({ commitA, commitB }));
    const conflicting = report.pairs.filter((p) => p.conflicts.length).length;
    const mergesFull = report.merges;

    // Baseline first, while the branches are as the full recompute saw them.
    const sides = [base, ...tips];
    const allPairs = sides.flatMap((a, i) => sides.slice(i + 1).map((b) => ({ commitA: a, commitB: b })));
    const overlapBaseline = serialMergeTree(dir, overlapping, repeats);
    const allBaseline = serialMergeTree(dir, allPairs, repeats);

    let processes = 0;
    const radar = new ConflictRadar({ repo: dir, onGitProcess: () => processes++ });
    await radar.compute('main', tasks);
    const incremental: number[] = [];
    const incrementalMerges: number[] = [];
    const incrementalProcesses: number[] = [];
    let moveNotApplied = 0;
    for (let r = 0; r < repeats && tasks.length; r++) {
      const b = r % tasks.length;
      const branch = `weft/task-${b}`;
      let moved: string | null = null;
      while (!moved && pool.length) {
        const next = pick(git, branch, pool.shift()!, theirs);
        moved = next?.tip ?? null;
        if (!next) moveNotApplied++;
        if (next?.forced) forced++;
      }
      // Out of later commits that apply: fewer incremental samples, said in the output.
      if (!moved) break;
      git.out('checkout', '-q', '-f', 'main');
      git.out('branch', '-f', branch, moved);
      processes = 0;
      const t = performance.now();
      const report = await radar.compute('main', tasks);
      incremental.push(performance.now() - t);
      incrementalMerges.push(report.merges);
      incrementalProcesses.push(processes);
    }
    await radar.dispose();

    const sortedTouched = [...touched].sort((a, b) => a - b);
    return {
      source,
      baseCommitsBack: back,
      commitsPerBranch: perTask,
      setupMs: Math.round(setupMs),
      repoFiles,
      branches: tasks.length,
      commitsSkipped: { merges, notApplied, moveNotApplied },
      ...(theirs ? { commitsTakenWithTheirs: forced } : {}),
      filesPerBranch: { p50: percentile(sortedTouched, 50) ?? 0, max: sortedTouched.at(-1) ?? 0 },
      pairs: allPairs.length,
      overlappingPairs: overlapping.length,
      conflictingPairs: conflicting,
      mergesFull,
      fullMs: stats(full),
      incrementalRepeats: incremental.length,
      incrementalMs: stats(incremental),
      mergesIncremental: incrementalMerges,
      incrementalGitProcesses: incrementalProcesses,
      baselineSerialMergeTreeMs: stats(overlapBaseline.ms),
      baselineConflictingPairs: overlapBaseline.conflicting,
      // Every pair, as the synthetic baseline does: what a radar without the overlap skip would run.
      baselineAllPairsMs: stats(allBaseline.ms),
      baselineAllPairsConflicting: allBaseline.conflicting,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * `git merge-tree --write-tree`, one process per pair, one pair after another. Its objects go
 * to an empty scratch store each repeat, as the radar's do, so every repeat does the same work.
 */
export function serialMergeTree(
  dir: string,
  pairs: ReadonlyArray<{ commitA: string; commitB: string }>,
  repeats: number,
): { ms: number[]; conflicting: number } {
  const ms: number[] = [];
  let conflicting = 0;
  for (let r = 0; r < Math.min(repeats, 3); r++) {
    const scratch = mkdtempSync(existsSync('/dev/shm') ? '/dev/shm/weft-bench-' : join(tmpdir(), 'weft-bench-'));
    const env = {
      ...process.env,
      GIT_OBJECT_DIRECTORY: scratch,
      GIT_ALTERNATE_OBJECT_DIRECTORIES: join(dir, '.git', 'objects'),
    };
    conflicting = 0;
    const t = performance.now();
    for (const { commitA, commitB } of pairs) {
      const out = spawnSync('git', ['merge-tree', '--write-tree', '--name-only', '--no-messages', commitA, commitB], {
        cwd: dir,
        env,
      });
      if (out.status === 1) conflicting++;
      else if (out.status !== 0) throw new Error(`git merge-tree failed: ${out.stderr.toString().slice(0, 200)}`);
    }
    ms.push(performance.now() - t);
    rmSync(scratch, { recursive: true, force: true });
  }
  return { ms, conflicting };
}
