import type { Task, TaskState } from '../../shared/domain/tasks';
import { BoardClient } from './board-client';
import { BoardProgress } from './board-progress';
import type { BoardArgs } from './tasks-args';
import { asUsageMistake, cliBackend } from './tasks-command';
import { UsageError } from './usage-error';
import { openRepo } from './workflow-mistakes';

/** States a task is working in (the board's slots), or about to start from. */
const moving: readonly TaskState[] = ['ready', 'running', 'validating', 'merging'];

/**
 * The tasks the command line named, or every task that still has something to do: a failed
 * task is retried only when named, so running the board again does not repeat a failure unasked.
 */
function select(all: readonly Task[], ids: readonly string[]): Task[] {
  if (ids.length === 0) return all.filter((t) => t.state !== 'done' && t.state !== 'cancelled' && t.state !== 'failed');
  const byId = new Map(all.map((t) => [t.id, t]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new UsageError(
      `This board has no task ${unknown.join(', ')}. "weft tasks list" shows the tasks and their ids.`,
    );
  }
  const chosen = ids.map((id) => byId.get(id)!);
  const named = new Set(ids);
  for (const t of chosen) {
    const waitsOn = t.dependsOn.filter((d) => !named.has(d) && byId.get(d)?.state !== 'done');
    if (waitsOn.length > 0) {
      throw new UsageError(`Task ${t.id} depends on ${waitsOn.join(', ')}, which is not done; name it too.`);
    }
  }
  return chosen;
}

/**
 * `weft board run`: queues the selected tasks, starts the board and follows it until every
 * selected task has ended: done, failed, cancelled, back in review after its landing failed,
 * or stuck (a dependency failed, the budget paused the board). Green tasks are approved
 * here, since nobody is at a window to do it, unless --no-land.
 */
export async function boardCommand(args: BoardArgs): Promise<number> {
  const backend = cliBackend(args.dataDir);
  const board = new BoardClient(backend);
  const out = args.json ? process.stdout : process.stderr;
  const progress = new BoardProgress(args.json ? 'json' : 'lines', out);
  out.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') progress.mute();
  });
  try {
    // Naming the folder on the command line is the user's decision to run its tasks and checks.
    const projectId = await openRepo(backend.projects, args.repo, { trustForSession: true });
    const all = await board.call('list', { projectId });
    const selected = select(all, args.ids);
    const unassigned = selected.filter((t) => t.assignee === null);
    if (unassigned.length > 0) {
      throw new UsageError(
        `${unassigned.map((t) => t.id).join(', ')} ${unassigned.length === 1 ? 'has' : 'have'} no agent or workflow: ` +
          'assign one on the board, or add the task with --agent PROVIDER/MODEL.',
      );
    }
    if (selected.length === 0) {
      const failed = all.filter((t) => t.state === 'failed').map((t) => t.id);
      progress.board(
        'empty',
        failed.length > 0
          ? `Nothing to run: the tasks not done or cancelled failed (${failed.join(', ')}); name them to retry them.`
          : 'Nothing to run: every task of this board is done or cancelled.',
      );
      // A board with failures left is not a green board, even when nothing was run.
      return failed.length > 0 ? 1 : 0;
    }
    if (args.check !== undefined)
      await board.call('updateSettings', { projectId, patch: { checkCommand: args.check } });
    else {
      const { settings, proposal } = await board.call('settings', { projectId });
      if (settings.checkCommand === null && proposal !== null) {
        throw new UsageError(
          `The board has no check command yet. Weft found "${proposal.command}" (${proposal.reason}); ` +
            `confirm it with --check "${proposal.command}", or name another.`,
        );
      }
    }
    progress.know(all);
    try {
      for (const t of selected) {
        if (t.state === 'backlog') progress.task(await board.call('queue', { taskId: t.id }));
        else if (t.state === 'failed') progress.task(await board.call('retry', { taskId: t.id }), 'retried');
        else if (t.interrupted) progress.task(await board.call('resume', { taskId: t.id }), 'resumed');
      }
    } catch (error) {
      throw asUsageMistake(error);
    }
    const started = await board.call('start', { projectId, ...(args.parallel ? { parallel: args.parallel } : {}) });
    progress.board(
      'started',
      `Running ${selected.length} task${selected.length === 1 ? '' : 's'}, ${args.parallel ?? started.settings.concurrency} at a time` +
        `${started.settings.checkCommand ? `; check: ${started.settings.checkCommand}` : ''}` +
        `${args.land ? '; green tasks are approved and landed' : '; tasks stop at review (--no-land)'}.`,
      { projectId, tasks: selected.map((t) => t.id) },
    );
    const follow = new Follow(board, progress, projectId, selected, args.land);
    const outcome = await follow.run();
    await board.call('stop', { projectId });
    const final = (await board.call('list', { projectId })).filter((t) => follow.ids.has(t.id));
    const success = (t: Task) => t.state === 'done' || (!args.land && t.state === 'review');
    const order = new Map(selected.map((t, i) => [t.id, i]));
    final.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    progress.finish(final, success, follow.reasons);
    if (outcome === 'cancelled') return 130;
    return final.every(success) ? 0 : 1;
  } finally {
    await backend.dispose();
  }
}

/** Follows the board's changes until the selected tasks have ended; approves green ones when landing. */
class Follow {
  readonly ids: ReadonlySet<string>;
  /** Why a task ended where it did, when its failure does not say (a landing sent back, a stuck dependency). */
  readonly reasons = new Map<string, string>();
  /** The task's updatedAt when it was approved: back in review after that means its landing failed. */
  private readonly approved = new Map<string, number>();
  private looking = false;
  private again = false;

  constructor(
    private readonly board: BoardClient,
    private readonly progress: BoardProgress,
    private readonly projectId: string,
    selected: readonly Task[],
    private readonly land: boolean,
  ) {
    this.ids = new Set(selected.map((t) => t.id));
  }

  run(): Promise<'finished' | 'cancelled'> {
    return new Promise((resolve, reject) => {
      let over = false;
      const end = (outcome: 'finished' | 'cancelled' | Error): void => {
        if (over) return;
        over = true;
        unsubscribe();
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const look = (): void => {
        if (this.looking) {
          this.again = true;
          return;
        }
        this.looking = true;
        void (async () => {
          try {
            do {
              this.again = false;
              if (await this.pass()) return end('finished');
            } while (this.again && !over);
          } finally {
            this.looking = false;
          }
        })().catch((error: unknown) => end(error as Error));
      };
      let interrupts = 0;
      const onSigint = (): void => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        process.stderr.write(
          '\nStopping the board… (running tasks are interrupted; press Ctrl-C again to quit at once)\n',
        );
        end('cancelled');
      };
      const unsubscribe = this.board.onChanged(this.projectId, look);
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      look();
    });
  }

  /** One look at the board: prints changes, approves green tasks, and says whether the run is over. */
  private async pass(): Promise<boolean> {
    const now = await this.board.call('list', { projectId: this.projectId });
    const byId = new Map(now.map((t) => [t.id, t]));
    for (const t of now) if (this.ids.has(t.id) || moving.includes(t.state)) this.progress.task(t);
    let open = 0;
    const approvedBefore = this.approved.size;
    for (const id of this.ids) {
      const t = byId.get(id);
      if (!t || (await this.settled(t))) continue;
      open++;
    }
    if (open === 0) return true;
    // An approval just now moves a task on; the change it makes brings the next look.
    if (this.approved.size > approvedBefore) return false;
    // Nothing works and nothing can start: what is left waits on something that will not happen.
    if (now.some((t) => moving.includes(t.state) && t.state !== 'ready')) return false;
    const settings = await this.board.call('settings', { projectId: this.projectId });
    const ready = now.some((t) => t.state === 'ready');
    if (ready && settings.paused === null) return false;
    for (const id of this.ids) {
      const t = byId.get(id);
      if (!t || (await this.settled(t))) continue;
      this.reasons.set(
        id,
        settings.paused === 'budget'
          ? `The board paused: its budget ($${settings.settings.budgetUsd ?? 0}) is spent.`
          : t.state === 'blocked'
            ? `It waits for ${t.dependsOn.filter((d) => byId.get(d)?.state !== 'done').join(', ')}, which did not finish.`
            : `It did not start (${t.state}).`,
      );
    }
    return true;
  }

  private async settled(t: Task): Promise<boolean> {
    if (t.state === 'done' || t.state === 'failed' || t.state === 'cancelled') return true;
    if (t.state !== 'review') return false;
    if (!this.land) return true;
    const approvedAt = this.approved.get(t.id);
    if (approvedAt === undefined) {
      const after = await this.board.call('approve', { taskId: t.id });
      this.approved.set(t.id, after.updatedAt);
      this.progress.task(after, 'approved: its check was green; it lands through the merge queue');
      return false;
    }
    if (t.updatedAt <= approvedAt) return false;
    // The merge queue sent it back: a conflict with the base or a red check on the updated branch.
    if (!this.reasons.has(t.id)) {
      this.reasons.set(
        t.id,
        t.failure ? `Its landing was sent back to review: ${t.failure.message}` : await this.landingProblem(t),
      );
    }
    return true;
  }

  private async landingProblem(t: Task): Promise<string> {
    const detail = await this.board.call('get', { taskId: t.id });
    for (const e of [...detail.events].reverse()) {
      const said = e.data.message ?? e.data.reason;
      if (typeof said === 'string' && said) return `Its landing was sent back to review: ${said}`;
    }
    return 'Its landing was sent back to review.';
  }
}
