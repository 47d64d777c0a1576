import type { BoardPause, Task, TaskState } from '../../shared/domain/tasks';

/** What the scheduler needs to know of a task. */
export interface ScheduledTask {
  readonly id: string;
  readonly state: TaskState;
  /** 1 (most urgent) to 5. */
  readonly priority: number;
  readonly createdAt: number;
  readonly dependsOn: readonly string[];
  /** The model provider its run sends requests to; null (a workflow) is bound by the concurrency limit only. */
  readonly provider: string | null;
  /** False while no agent or workflow is assigned: such a task waits, whatever its state. */
  readonly assigned: boolean;
  readonly interrupted: boolean;
  readonly baseBranch: string;
  /** `weft/task-<id>` once started. */
  readonly branch: string | null;
  readonly stackedOn: string | null;
}

/** What the scheduler sees of a stored task; a run's provider is its agent's, a workflow has none. */
export function scheduledTask(t: Task): ScheduledTask {
  return {
    id: t.id,
    state: t.state,
    priority: t.priority,
    createdAt: t.createdAt,
    dependsOn: t.dependsOn,
    provider: t.assignee?.kind === 'agent' ? t.assignee.model.providerId : null,
    assigned: t.assignee !== null,
    interrupted: t.interrupted,
    baseBranch: t.baseBranch,
    branch: t.branch,
    stackedOn: t.stackedOn,
  };
}

export interface SchedulerSettings {
  readonly concurrency: number;
  readonly providerLimits: Readonly<Record<string, number>>;
  readonly allowStacked: boolean;
  /** USD; null: no budget. */
  readonly budgetUsd: number | null;
  readonly autoResume: boolean;
}

/** One board at one moment. */
export interface SchedulerSnapshot {
  readonly tasks: readonly ScheduledTask[];
  /** Requests in flight per provider right now, from every run (not only the board's). */
  readonly inFlight: Readonly<Record<string, number>>;
  readonly settings: SchedulerSettings;
  /** USD the board's tasks have spent. */
  readonly spentUsd: number;
  readonly paused: BoardPause | null;
}

/** Where a started task branches from. */
export type StartBase =
  | { kind: 'branch'; branch: string }
  /** On the branch of a dependency still in review; rebased when that dependency lands. */
  | { kind: 'stacked'; on: string; branch: string };

export type Decision =
  | { kind: 'start'; taskId: string; base: StartBase }
  /** Continue an interrupted task (auto-resume on). */
  | { kind: 'resume'; taskId: string }
  /** Stop starting tasks: the budget is spent. Running tasks finish their current step. */
  | { kind: 'pause'; reason: 'budget'; spentUsd: number; budgetUsd: number };

/** States that hold one of the `concurrency` slots: a run or a check is working. */
const slotStates: ReadonlySet<TaskState> = new Set(['running', 'validating']);

/** Priority, then age, then id: the same board always gives the same order. */
function byUrgency(a: ScheduledTask, b: ScheduledTask): number {
  return a.priority - b.priority || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Decides what the board does next. Pure and deterministic: the same snapshot gives the same
 * decisions. Interrupted tasks resume first (when the user chose auto-resume), then ready tasks
 * start by priority and age up to the concurrency limit. A task whose provider is at its limit
 * is skipped, not waited for, so one busy provider does not hold up tasks of another. Each run
 * counts as one request in flight for its provider.
 */
export function decide(snapshot: SchedulerSnapshot): Decision[] {
  const { settings } = snapshot;
  if (snapshot.paused) return [];
  if (settings.budgetUsd !== null && snapshot.spentUsd >= settings.budgetUsd) {
    return [{ kind: 'pause', reason: 'budget', spentUsd: snapshot.spentUsd, budgetUsd: settings.budgetUsd }];
  }
  const byId = new Map<string, ScheduledTask>();
  let used = 0;
  for (const t of snapshot.tasks) {
    byId.set(t.id, t);
    if (slotStates.has(t.state) && !t.interrupted) used++;
  }
  const inFlight = new Map(Object.entries(snapshot.inFlight));
  const providerFree = (provider: string | null): boolean => {
    if (provider === null) return true;
    const limit = settings.providerLimits[provider];
    return limit === undefined || (inFlight.get(provider) ?? 0) < limit;
  };
  const take = (provider: string | null): void => {
    used++;
    if (provider !== null) inFlight.set(provider, (inFlight.get(provider) ?? 0) + 1);
  };

  const decisions: Decision[] = [];
  const candidates: ScheduledTask[] = [];
  const interrupted: ScheduledTask[] = [];
  for (const t of snapshot.tasks) {
    if (t.interrupted) {
      if (settings.autoResume) interrupted.push(t);
    } else if (t.assigned && (t.state === 'ready' || (t.state === 'blocked' && settings.allowStacked))) {
      candidates.push(t);
    }
  }

  interrupted.sort(byUrgency);
  for (const t of interrupted) {
    // A landing holds no slot (the merge queue runs one at a time); runs and checks do.
    if (t.state === 'merging') {
      decisions.push({ kind: 'resume', taskId: t.id });
      continue;
    }
    if (used >= settings.concurrency) continue;
    if (!providerFree(t.provider)) continue;
    take(t.provider);
    decisions.push({ kind: 'resume', taskId: t.id });
  }

  candidates.sort(byUrgency);
  for (const t of candidates) {
    if (used >= settings.concurrency) break;
    const base = startBase(t, byId, settings.allowStacked);
    if (!base) continue;
    if (!providerFree(t.provider)) continue;
    take(t.provider);
    decisions.push({ kind: 'start', taskId: t.id, base });
  }
  return decisions;
}

/**
 * Where a task would start, or null when it cannot yet: every dependency done → its base
 * branch; exactly one not done, in review with a branch and not itself stacked, and stacking
 * allowed → that dependency's branch. One level only: a stack of stacks would need a chain of
 * rebases when the bottom lands.
 */
function startBase(
  task: ScheduledTask,
  byId: ReadonlyMap<string, ScheduledTask>,
  allowStacked: boolean,
): StartBase | null {
  let pending: ScheduledTask | null = null;
  for (const id of task.dependsOn) {
    const dep = byId.get(id);
    if (!dep) return null;
    if (dep.state === 'done') continue;
    if (pending) return null;
    pending = dep;
  }
  if (!pending) return { kind: 'branch', branch: task.baseBranch };
  if (!allowStacked || pending.state !== 'review' || pending.branch === null || pending.stackedOn !== null) return null;
  return { kind: 'stacked', on: pending.id, branch: pending.branch };
}

/**
 * The scheduler's own cost per task, in ms: a board of `tasks` tasks (a third of them with a
 * dependency on an earlier one, priorities mixed, two providers with limits) is drained to the
 * end, each pass starting what `decide` says and finishing what was running; the time spent in
 * `decide` is divided by the number of tasks started. For bench/fleet.ts.
 */
export function measureScheduler(tasks = 1000, concurrency = 2): { tasks: number; passes: number; msPerTask: number } {
  const states = new Map<string, TaskState>();
  const list: ScheduledTask[] = [];
  for (let i = 0; i < tasks; i++) {
    const id = `t${i.toString().padStart(6, '0')}`;
    states.set(id, 'ready');
    list.push({
      id,
      state: 'ready',
      priority: 1 + (i % 5),
      createdAt: i,
      dependsOn: i % 3 === 0 && i > 0 ? [`t${(i - 1).toString().padStart(6, '0')}`] : [],
      provider: i % 2 === 0 ? 'anthropic' : 'local',
      assigned: true,
      interrupted: false,
      baseBranch: 'main',
      branch: null,
      stackedOn: null,
    });
  }
  const settings: SchedulerSettings = {
    concurrency,
    providerLimits: { anthropic: concurrency, local: 1 },
    allowStacked: false,
    budgetUsd: null,
    autoResume: false,
  };
  let started = 0;
  let passes = 0;
  let elapsed = 0;
  while (started < tasks && passes < tasks * 4) {
    passes++;
    // What ran since the last pass has finished; a pass frees slots, then fills them.
    for (const [id, s] of states) if (s === 'running') states.set(id, 'done');
    const snapshot: SchedulerSnapshot = {
      tasks: list.map((t) => ({ ...t, state: states.get(t.id)! })),
      inFlight: {},
      settings,
      spentUsd: 0,
      paused: null,
    };
    const t0 = performance.now();
    const decisions = decide(snapshot);
    elapsed += performance.now() - t0;
    for (const d of decisions) {
      if (d.kind !== 'start') continue;
      states.set(d.taskId, 'running');
      started++;
    }
  }
  return { tasks: started, passes, msPerTask: elapsed / Math.max(1, started) };
}
