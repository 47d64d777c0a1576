// npm run bench:fleet-radar -- [--repeats N] [--real-repo PATH] [--real-commits N] [--real-theirs]
// [--skip-real]   (run through bench/run.mjs)
// The conflict radar on a 20,000-file repository with 20 task branches of 200 changed files each,
// half of them overlapping (ten branches share 100 "hot" files, on the same line in half of those,
// so those pairs really conflict): a full recompute (cold caches), an incremental one after one
// branch moves, one pair's conflicted line ranges (read on request), and the baseline of `git merge-tree` run once per pair, serially. Also the merge
// queue landing ten green tasks, against its goal of 10 x check time + 5 s. Then the same radar
// figures on real content (`real`, bench/fleet-radar-real.ts): task branches cherry-picked from
// the history of the repository the bench runs from, or of --real-repo. One JSON line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { shellCheck } from '../src/main/fleet/git/check-process';
import { FileLandingJournal } from '../src/main/fleet/git/landing-journal';
import { MergeQueue, type QueueEntry } from '../src/main/fleet/git/merge-queue';
import { ConflictRadar, type RadarTask } from '../src/main/fleet/git/radar';
import { defaultRealRepo, fullRecomputes, realRadar, serialMergeTree, stats } from './fleet-radar-real';

const FILES = 20_000;
const BRANCHES = 20;
const PER_BRANCH = 200;
const HOT = 100;

const path = (i: number) => `src/d${Math.floor(i / 100)}/f${i % 100}.txt`;
const text = (i: number, edits: Record<number, string> = {}) =>
  Array.from({ length: 30 }, (_, l) => edits[l] ?? `file ${i} line ${l}`).join('\n') + '\n';

function blob(out: string[], body: string): void {
  out.push(`data ${Buffer.byteLength(body)}\n${body}\n`);
}

/** The files branch `b` changes: hot ones for the overlapping half (half on line 0, half on its own line), then its own. */
function branchEdits(b: number): Array<[number, string]> {
  const edits: Array<[number, string]> = [];
  const overlapping = b < BRANCHES / 2;
  const hot = overlapping ? HOT : 0;
  for (let k = 0; k < hot; k++) edits.push([k, text(k, { [k % 2 ? 1 + b : 0]: `branch ${b} was here` })]);
  for (let k = 0; k < PER_BRANCH - hot; k++) {
    const i = 1000 + b * PER_BRANCH + k;
    edits.push([i, text(i, { 5: `branch ${b}` })]);
  }
  return edits;
}

export function buildRepo(dir: string): void {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const who = 'committer Bench <bench@weft.invalid> 1700000000 +0000\n';
  const out: string[] = ['commit refs/heads/main\n', 'mark :1\n', who];
  blob(out, 'base');
  for (let i = 0; i < FILES; i++) {
    out.push(`M 100644 inline ${path(i)}\n`);
    blob(out, text(i));
  }
  for (let b = 0; b < BRANCHES; b++) {
    out.push(`commit refs/heads/weft/task-${b}\n`, who);
    blob(out, `task ${b}`);
    out.push('from :1\n');
    for (const [i, body] of branchEdits(b)) {
      out.push(`M 100644 inline ${path(i)}\n`);
      blob(out, body);
    }
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: out.join(''), maxBuffer: 1 << 28 });
}

/** A checkpoint commit on a task branch: one more change to one hot file. */
function moveBranch(dir: string, b: number, n: number): void {
  const out = [`commit refs/heads/weft/task-${b}\n`, 'committer Bench <bench@weft.invalid> 1700000000 +0000\n'];
  blob(out, `checkpoint ${n}`);
  out.push(`from refs/heads/weft/task-${b}^0\n`, `M 100644 inline ${path(3)}\n`);
  blob(out, text(3, { 20: `checkpoint ${n}` }));
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: out.join('') });
}

/**
 * The merge queue's goal: 10 green tasks land in at most 10 x (check time) + 5 s. Ten task
 * worktrees of a small repository (the queue's own work does not depend on the repository's
 * size beyond the files a task changes), each adding a file, with a `sleep` as the check.
 */
async function mergeQueueRun(checkMs: number): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'weft-bench-queue-'));
  try {
    const repo = join(root, 'repo');
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@weft.invalid', ...args], { cwd });
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'start');
    const entries: QueueEntry[] = [];
    for (let i = 0; i < 10; i++) {
      const path = join(root, `task-${i}`);
      git(repo, 'worktree', 'add', '-q', '-b', `weft/task-${i}`, path, 'main');
      writeFileSync(join(path, `file-${i}.txt`), `${i}\n`);
      git(path, 'add', '-A');
      git(path, 'commit', '-q', '-m', `task ${i}`);
      entries.push({ taskId: `t${i}`, branch: `weft/task-${i}`, worktreePath: path });
    }
    let landed = 0;
    const queue = new MergeQueue({
      repo,
      baseBranch: 'main',
      strategy: 'rebase',
      runCheck: shellCheck(`sleep ${checkMs / 1000}`, { timeoutMs: 60_000 }),
      journal: new FileLandingJournal(join(root, 'landing.json')),
      scratchDir: root,
      onOutcome: (o) => (landed += o.kind === 'landed' ? 1 : 0),
    });
    const t = performance.now();
    for (const e of entries) queue.enqueue(e);
    await queue.idle();
    const took = performance.now() - t;
    if (landed !== 10) throw new Error(`only ${landed} of 10 tasks landed`);
    return took;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export default async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repeats: { type: 'string' },
      'real-repo': { type: 'string' },
      'real-commits': { type: 'string' },
      'real-theirs': { type: 'boolean' },
      'skip-real': { type: 'boolean' },
    },
  });
  const repeats = Number(values.repeats ?? 5);
  const realRepo = values['skip-real'] ? null : (values['real-repo'] ?? defaultRealRepo());
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-radar-'));
  try {
    const builtAt = performance.now();
    buildRepo(dir);
    const buildMs = performance.now() - builtAt;
    const tasks: RadarTask[] = Array.from({ length: BRANCHES }, (_, b) => ({
      taskId: `t${b}`,
      branch: `weft/task-${b}`,
    }));

    const { times: full, report } = await fullRecomputes(dir, tasks, repeats);
    const pairs = report.pairs.length;
    const conflicting = report.pairs.filter((p) => p.conflicts.length).length;
    const merges = report.merges;

    let processes = 0;
    const radar = new ConflictRadar({ repo: dir, onGitProcess: () => processes++ });
    await radar.compute('main', tasks);
    const incremental: number[] = [];
    const details: number[] = [];
    let incrementalMerges = 0;
    let incrementalProcesses = 0;
    let hunks = 0;
    for (let r = 0; r < repeats; r++) {
      const moved = r % (BRANCHES / 2);
      moveBranch(dir, moved, r);
      processes = 0;
      const t = performance.now();
      const report = await radar.compute('main', tasks);
      incremental.push(performance.now() - t);
      incrementalMerges = report.merges;
      incrementalProcesses = processes;
      // What the UI asks for when the user opens a pair: its conflicted line ranges.
      const d = performance.now();
      const pair = await radar.details(`t${moved}`, `t${(moved + 1) % (BRANCHES / 2)}`);
      details.push(performance.now() - d);
      hunks = pair?.conflicts.reduce((n, c) => n + c.hunks.length, 0) ?? 0;
    }
    await radar.dispose();

    // Baseline: every pair (tasks against each other and against main) through merge-tree, one process each.
    const sides = ['main', ...tasks.map((t) => t.branch)];
    const everyPair = sides.flatMap((a, i) => sides.slice(i + 1).map((b) => ({ commitA: a, commitB: b })));
    const baseline = serialMergeTree(dir, everyPair, repeats).ms;

    const checkMs = 500;
    const queueMs = await mergeQueueRun(checkMs);
    const real = realRepo
      ? await realRadar(realRepo, {
          repeats,
          perTask: Number(values['real-commits'] ?? 1),
          theirs: values['real-theirs'] ?? false,
        })
      : { skipped: values['skip-real'] ? '--skip-real' : 'not run from a git repository' };

    process.stdout.write(
      `${JSON.stringify({
        bench: 'fleet-radar',
        files: FILES,
        branches: BRANCHES,
        filesPerBranch: PER_BRANCH,
        repoBuildMs: Math.round(buildMs),
        overlappingPairs: pairs,
        conflictingPairs: conflicting,
        mergesFull: merges,
        mergesIncremental: incrementalMerges,
        repeats,
        fullMs: stats(full),
        incrementalMs: stats(incremental),
        incrementalGitProcesses: incrementalProcesses,
        pairDetailsMs: stats(details),
        pairDetailsHunks: hunks,
        baselineSerialMergeTreeMs: stats(baseline),
        baselinePairs: (sides.length * (sides.length - 1)) / 2,
        mergeQueue10TasksMs: Math.round(queueMs),
        mergeQueueCheckMs: checkMs,
        mergeQueueGoalMs: 10 * checkMs + 5_000,
        real,
        // The load average says how much of the machine the bench had (it shares it with whatever runs).
        loadAverage: Math.round(loadavg()[0]! * 10) / 10,
        cores: cpus().length,
      })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
