// npm run bench:fleet   (builds, then runs through bench/run.mjs; WEFT_BENCH_IDLE_SEC=20 shortens the idle sample)
// The agent fleet's speed goals of issue #15, one JSON line, baselines from the same run:
// - parallelSpeedup: 16 tasks of scripted agents (3 tool calls, 200 ms per model answer, a 1 s
//   check), no dependencies, `weft board run --no-land` to review with --parallel 4 vs 1;
// - worktreeSetupMs: the task worktree as the runner makes it (git worktree add of weft/task-…),
//   per task, and startedMs: board start to each task's run in the first wave of the N=4 run;
// - schedulerOverheadMsPerTask: the scheduler's decisions alone (measureScheduler);
// - radarFullMs / radarIncrementalMs: bench/fleet-radar.ts's figures (20 branches × 200 files
//   of a 20k-file repository), baseline serial merge-tree one process per pair;
// - mergeQueue10Ms: 10 green tasks landed by MergeQueue with a 1 s check, vs 10 × check + 5 s;
// - idleRssMb / idleCpuPercent: `weft serve` with 12 tasks in review, a terminal each, a window
//   connected, nothing running.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { shellCheck } from '../src/main/fleet/git/check-process';
import { FileLandingJournal } from '../src/main/fleet/git/landing-journal';
import { MergeQueue, type LandingOutcome } from '../src/main/fleet/git/merge-queue';
import { measureScheduler } from '../src/main/fleet/scheduler';
import { boardWith, requireBuild, runToReview, taskScript, word } from './fleet-cli';
import { idleCost } from './fleet-idle';
import { TaskModel } from './fleet-model';

const TASKS = 16;
const LATENCY_MS = 200;
const CHECK = 'sleep 1';
const IDLE_TASKS = 12;

const round = (n: number) => Math.round(n * 10) / 10;
function stats(xs: readonly number[]): { p50: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
  return { p50: round(at(50)), p95: round(at(95)) };
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-C', cwd, '-c', 'user.name=B', '-c', 'user.email=b@weft.invalid', ...args], {
    encoding: 'utf8',
  }).trim();

function scratchRepo(): { dir: string; repo: string } {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-fleet-git-'));
  const repo = join(dir, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  for (let i = 0; i < 200; i++) writeFileSync(join(repo, `f${i}.txt`), `file ${i}\n`);
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'first');
  return { dir, repo };
}

/** The worktree step of a task's start, as TaskRunner runs it, once per task. */
function worktreeSetup(n: number): number[] {
  const { dir, repo } = scratchRepo();
  try {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      git(repo, 'rev-parse', '--show-toplevel');
      execFileSync('git', ['-C', repo, 'rev-parse', '--verify', '--quiet', `refs/heads/main^{commit}`]);
      git(
        repo,
        '-c',
        'core.hooksPath=/dev/null',
        'worktree',
        'add',
        '--quiet',
        '-b',
        `weft/task-${i}`,
        join(dir, `t${i}`),
        'refs/heads/main',
      );
      git(join(dir, `t${i}`), 'rev-parse', 'HEAD');
      times.push(performance.now() - t);
    }
    return times;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 10 approved tasks, each on its own file, landed one at a time with a 1 s check. */
async function mergeQueue10(): Promise<{ ms: number; checkMs: number; landed: number }> {
  const { dir, repo } = scratchRepo();
  try {
    const entries = Array.from({ length: 10 }, (_, i) => {
      const path = join(dir, `task-${i}`);
      git(repo, 'worktree', 'add', '-q', '-b', `weft/task-${i}`, path, 'main');
      writeFileSync(join(path, `f${i}.txt`), `changed by task ${i}\n`);
      git(path, 'commit', '-q', '-am', `task ${i}`);
      return { taskId: `t${i}`, branch: `weft/task-${i}`, worktreePath: path };
    });
    const check = shellCheck(CHECK, { timeoutMs: 60_000 });
    const c = performance.now();
    await check(repo, new AbortController().signal);
    const checkMs = performance.now() - c;
    const outcomes: LandingOutcome[] = [];
    const queue = new MergeQueue({
      repo,
      baseBranch: 'main',
      strategy: 'rebase',
      runCheck: check,
      journal: new FileLandingJournal(join(dir, 'landing.json')),
      scratchDir: join(dir, 'scratch'),
      onOutcome: (o) => outcomes.push(o),
    });
    const t = performance.now();
    for (const e of entries) queue.enqueue(e);
    await queue.idle();
    return { ms: performance.now() - t, checkMs, landed: outcomes.filter((o) => o.kind === 'landed').length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** bench/fleet-radar.ts as it is, in its own process; its JSON line. */
function radar(): Promise<{
  fullMs: { p50: number; p95: number };
  incrementalMs: { p50: number; p95: number };
  baselineSerialMergeTreeMs: { p50: number; p95: number };
}> {
  const child = spawn(process.execPath, [resolve('bench/run.mjs'), resolve('bench/fleet-radar.ts'), '--repeats', '3'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((done, fail) =>
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`bench/fleet-radar.ts exited ${code}`));
      done(JSON.parse(out.trim().split('\n').at(-1)!));
    }),
  );
}

export default async function main(): Promise<void> {
  requireBuild();
  const idleSeconds = Number(process.env.WEFT_BENCH_IDLE_SEC ?? 60);
  const scheduler = measureScheduler(1000, 4);
  const worktree = worktreeSetup(TASKS);
  const queue = await mergeQueue10();

  const scripts = Object.fromEntries(Array.from({ length: TASKS }, (_, i) => [word(i), taskScript(i)]));
  const model = await TaskModel.start({ scripts, latencyMs: LATENCY_MS });
  let serial: Awaited<ReturnType<typeof runToReview>>;
  let parallel: Awaited<ReturnType<typeof runToReview>>;
  let idle: Awaited<ReturnType<typeof idleCost>>;
  try {
    serial = await runToReview(await boardWith(TASKS, model.openaiUrl), 1, CHECK);
    parallel = await runToReview(await boardWith(TASKS, model.openaiUrl), 4, CHECK);
    const idleBoard = await boardWith(IDLE_TASKS, model.openaiUrl);
    await runToReview(idleBoard, 4, CHECK);
    idle = await idleCost(idleBoard, idleSeconds);
  } finally {
    await model.close();
  }
  // Its own bench; a failure there is reported here instead of losing the other figures.
  const radarFigures = await radar().catch((error: unknown) => ({ error: (error as Error).message }));

  process.stdout.write(
    `${JSON.stringify({
      bench: 'fleet',
      tasks: TASKS,
      modelLatencyMs: LATENCY_MS,
      modelRequests: model.requests,
      check: CHECK,
      parallelSpeedup: round(serial.wallMs / parallel.wallMs),
      parallelSpeedupGoal: 3,
      wallMsN1: Math.round(serial.wallMs),
      wallMsN4: Math.round(parallel.wallMs),
      worktreeSetupMs: stats(worktree),
      startedMsFirstWaveN4: stats([...parallel.startedMs].sort((a, b) => a - b).slice(0, 4)),
      schedulerOverheadMsPerTask: Math.round(scheduler.msPerTask * 1000) / 1000,
      schedulerOverheadGoal: 5,
      ...('error' in radarFigures
        ? { radarError: radarFigures.error }
        : {
            radarFullMs: radarFigures.fullMs,
            radarIncrementalMs: radarFigures.incrementalMs,
            radarBaselineSerialMergeTreeMs: radarFigures.baselineSerialMergeTreeMs,
          }),
      radarGoals: { fullMs: 1000, incrementalMs: 100 },
      mergeQueue10Ms: Math.round(queue.ms),
      mergeQueueLanded: queue.landed,
      mergeQueueCheckMs: Math.round(queue.checkMs),
      mergeQueueGoalMs: Math.round(10 * queue.checkMs + 5000),
      idleSeconds: idle.seconds,
      idleTasksInReview: idle.tasksInReview,
      idleTerminals: idle.terminals,
      idleRssMb: idle.rssMb.p50,
      idleRssMaxMb: idle.rssMb.max,
      idleCpuPercent: idle.cpuPercent,
      idleGoals: { rssMb: 400, cpuPercent: 1 },
      loadAverage: round(loadavg()[0]!),
      cores: cpus().length,
    })}\n`,
  );
}
