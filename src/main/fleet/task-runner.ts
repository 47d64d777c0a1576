// A task's working life: its worktree, environment setup, agent run, and validation by the check command.
import type { RunEntry, RunView } from '../../shared/domain/agent';
import type { Task, TaskFailure } from '../../shared/domain/tasks';
import type { Attention } from '../../shared/ipc/domains/tasks';
import { WeftError } from '../../shared/ipc/errors';
import type { AgentService } from '../agent/agent-service';
import { gitText } from '../git/git-process';
import type { Logger } from '../logging/logger';
import type { Board } from './board';
import { loadEnvironment, taskVariables, type PortAllocator } from './environment';
import type { FleetSettingsStore } from './fleet-settings';
import { reasonOf } from './git/errors';
import { runProjectCommand, type ConfinedRun } from './sandboxed-command';
import type { StartBase } from './scheduler';
import { taskBranch, workspaceName, type TaskFiles } from './task-files';
import { ensureTaskWorktree, runSetup } from './task-worktree';
import { commitCheckpoint } from '../agent/workspace/run-history';
import type { GivenPlace, WorkflowRunEnd, WorkflowRunsPort } from '../workflow/ports';

export type AgentPort = Pick<AgentService, 'start' | 'send' | 'settled' | 'stop'>;

export interface TaskRunnerDeps {
  readonly board: Board;
  readonly files: TaskFiles;
  readonly settings: FleetSettingsStore;
  readonly agent: AgentPort;
  /** Runs of tasks assigned a workflow; absent: such tasks fail with a message. */
  readonly workflows?: WorkflowRunsPort;
  readonly projectRoot: (projectId: string) => string;
  readonly isTrusted: (projectId: string) => boolean;
  readonly run: ConfinedRun;
  readonly ports: PortAllocator;
  readonly log: Logger;
  /** A task branch moved (a checkpoint commit): the radar looks again. */
  readonly onBranchMoved: (projectId: string) => void;
  readonly onAttention: (attention: Attention) => void;
  /** A task left the running or validating state: its slot is free for the scheduler. */
  readonly onSlotFreed: (projectId: string) => void;
  readonly disposed: () => boolean;
}

/** What the run is told when its check failed; the output is the check's own, last part kept. */
function followUp(command: string, output: string): string {
  return `The project's check command \`${command}\` failed in your worktree. Fix the cause and finish again.\n\nIts output:\n\n\`\`\`\n${output.slice(-20_000)}\n\`\`\``;
}

/**
 * Starts tasks and follows them until review or failure: worktree on `weft/task-<id>` (from
 * the base branch, or the dependency's branch when stacked), setup command, agent run in that
 * worktree, then the check command; a red check goes back to the same run at most K times.
 * Every state change goes through the Board, so it is journaled.
 */
export class TaskRunner {
  private readonly watched = new Set<string>();

  constructor(private readonly deps: TaskRunnerDeps) {}

  /** Starts `task` as the scheduler decided; a failure before the run exists fails the task with the reason. */
  async start(task: Task, base: StartBase): Promise<void> {
    const { board } = this.deps;
    let runId: string | null = null;
    try {
      if (!task.assignee) throw new WeftError('invalid_input', `Task "${task.title}" has no assignee.`);
      if (task.assignee.kind === 'workflow' && !this.deps.workflows)
        throw new WeftError('unsupported', 'Workflow runs are not available here; the task cannot start.');
      const root = this.deps.projectRoot(task.projectId);
      const branch = taskBranch(task.id);
      const path = await ensureTaskWorktree(this.deps, root, task, branch, base.branch);
      const block = this.deps.ports.acquire(task.id);
      const setup = await runSetup(this.deps, task, root, path, block);
      if (!setup.ok) {
        this.failBeforeRun(task.id, { code: 'setup_failed', message: setup.message, output: setup.output });
        return;
      }
      const baseCommit = await gitText(path, ['rev-parse', 'HEAD']);
      if (task.assignee.kind === 'workflow') {
        const place: GivenPlace = { root: path, branch, baseCommit, env: await this.variables(task) };
        const id = await this.deps.workflows!.startIn(
          task.projectId,
          task.assignee.workflow,
          task.assignee.inputs,
          place,
        );
        board.apply(task.id, { type: 'start', branch, runId: id, stackedOn: base.kind === 'stacked' ? base.on : null });
        this.followWorkflow(task.id, id);
        return;
      }
      const run = await this.deps.agent.start({
        projectId: task.projectId,
        task: `${task.title}\n\n${task.description}`.trim(),
        model: task.assignee.model,
        maxSteps: task.assignee.maxSteps,
        ...(task.assignee.budgetUsd !== null ? { budgetUsd: task.assignee.budgetUsd } : {}),
        workspace: { path, branch, baseBranch: base.branch, baseCommit },
        // The profile's preset decides what asks; the run's commands get the task's env and ports.
        approval: task.assignee.approval,
        env: await this.variables(task),
        onEntry: this.entryListener(task),
      });
      runId = run.id;
      board.apply(task.id, {
        type: 'start',
        branch,
        runId: run.id,
        stackedOn: base.kind === 'stacked' ? base.on : null,
      });
      this.follow(task.id, run.id);
    } catch (error) {
      const { code, message } = reasonOf(error, `Starting task "${task.title}"`);
      this.deps.log.warn({ err: error, taskId: task.id }, 'task did not start');
      // The task moved meanwhile (cancelled while its setup ran): its run must not go on unwatched.
      if (runId !== null)
        await this.deps.agent
          .stop(runId)
          .catch((e: unknown) => this.deps.log.warn({ err: e, runId }, 'an orphaned task run did not stop'));
      this.failBeforeRun(task.id, { code, message, output: null });
    }
  }

  /**
   * A start that failed before a run existed (worktree, setup): the lifecycle only fails a
   * started task, so the start is journaled (with no run) and then the failure, which keeps
   * the reason and output on the task instead of retrying it forever.
   */
  private failBeforeRun(taskId: string, failure: TaskFailure): void {
    const now = this.deps.board.get(taskId);
    if (now.state === 'ready' || now.state === 'blocked')
      this.deps.board.apply(taskId, {
        type: 'start',
        branch: taskBranch(taskId),
        runId: '',
        stackedOn: now.stackedOn,
      });
    this.fail(taskId, failure);
  }

  /** Follows the task's run until it settles, then validates it. */
  follow(taskId: string, runId: string): void {
    if (this.watched.has(taskId)) return;
    this.watched.add(taskId);
    void this.deps.agent
      .settled(runId)
      .then((view) => {
        // Free before validating: a red check sends the run a follow-up and follows it again.
        this.watched.delete(taskId);
        return this.afterRun(taskId, view);
      })
      .catch((error: unknown) => {
        this.watched.delete(taskId);
        if (this.deps.disposed()) return;
        this.deps.log.error({ err: error, taskId }, 'following a task run failed');
        this.fail(taskId, {
          code: 'internal',
          message: reasonOf(error, 'Following the task run').message,
          output: null,
        });
      });
  }

  /** The user's note from review goes to the same run. */
  async revise(taskId: string, message: string): Promise<Task> {
    const task = this.deps.board.get(taskId);
    if (!task.runId) throw new WeftError('run_not_found', `Task "${task.title}" has no run to send the note to.`);
    if (task.assignee?.kind === 'workflow')
      throw new WeftError(
        'unsupported',
        `Task "${task.title}" runs a workflow, which takes no notes; retry or cancel it.`,
      );
    const options = await this.runOptions(task);
    const next = this.deps.board.apply(taskId, { type: 'revise' });
    this.deps.agent.send(task.runId, message, this.entryListener(task), options);
    this.follow(taskId, task.runId);
    return next;
  }

  /** Continues an interrupted task from where its journals say it was; no completed step runs again. */
  async resume(taskId: string): Promise<void> {
    const task = this.deps.board.resume(taskId);
    if (task.state === 'running' && task.runId && task.assignee?.kind === 'workflow') {
      await this.resumeWorkflow(task, task.runId);
    } else if (task.state === 'running' && task.runId) {
      const view = await this.deps.agent.settled(task.runId);
      if (view.status === 'completed') {
        // The run had finished; only its validation was lost.
        await this.afterRun(taskId, view);
        return;
      }
      this.deps.agent.send(
        task.runId,
        'Weft was restarted while you were working on this task. Continue where you left off.',
        this.entryListener(task),
        await this.runOptions(task),
      );
      this.follow(taskId, task.runId);
    } else if (task.state === 'validating') {
      await this.validate(taskId);
    }
  }

  /** Runs the check in the task's worktree: green → review, red → the run again (at most K times) or failed. */
  async validate(taskId: string): Promise<void> {
    const { board, settings, files } = this.deps;
    const task = board.get(taskId);
    const s = settings.get(task.projectId);
    const path = files.worktreePath(taskId);
    if (s.checkCommand === null) {
      files.writeOutput(
        taskId,
        'check',
        'No check command is set for this project, so nothing was checked. Confirm one in the board settings.',
      );
      this.toReview(board.apply(taskId, { type: 'checkPassed' }), 'Ready for review (no check command is set).');
      return;
    }
    let result;
    try {
      result = await runProjectCommand(this.deps.run, {
        projectId: task.projectId,
        trusted: this.deps.isTrusted(task.projectId),
        command: s.checkCommand,
        cwd: path,
        env: await this.variables(task),
        timeoutMs: s.checkTimeoutSec * 1000,
      });
    } catch (error) {
      const { code, message } = reasonOf(error, 'Running the check command');
      this.fail(taskId, { code, message, output: null });
      return;
    }
    if (this.deps.disposed()) return;
    files.writeOutput(taskId, 'check', result.output);
    if (result.ok) {
      this.toReview(board.apply(taskId, { type: 'checkPassed' }), 'The check passed; ready for review.');
      return;
    }
    if (result.timedOut) {
      this.fail(taskId, {
        code: 'check_timed_out',
        message: `The check command did not finish in ${s.checkTimeoutSec} s and was stopped.`,
        output: result.output,
      });
      return;
    }
    // A workflow cannot be told what failed, and running it again would redo the same steps:
    // its task fails with the check's output instead.
    const retries = task.assignee?.kind === 'workflow' ? 0 : s.maxCheckRetries;
    const next = board.apply(taskId, { type: 'checkFailed', output: result.output, maxRetries: retries });
    if (next.state === 'failed') {
      this.deps.onSlotFreed(next.projectId);
      this.attention(next, 'failed', next.failure?.message ?? 'The check failed.');
      return;
    }
    this.deps.agent.send(
      next.runId!,
      followUp(s.checkCommand, result.output),
      this.entryListener(next),
      await this.runOptions(next),
    );
    this.follow(taskId, next.runId!);
  }

  /**
   * The preset and env every message to the task's run carries: a restarted Weft no longer
   * holds what the run was started with, and the profile may have been edited since.
   */
  private async runOptions(task: Task) {
    return {
      approval: task.assignee?.kind === 'agent' ? task.assignee.approval : null,
      env: await this.variables(task),
    };
  }

  /** environment.json's variables with the task's own PORT / WEFT_PORT_BASE, for its commands. */
  async variables(task: Task): Promise<Record<string, string>> {
    const environment = await loadEnvironment(this.deps.projectRoot(task.projectId));
    return taskVariables(environment, this.deps.ports.acquire(task.id));
  }

  private async afterRun(taskId: string, view: RunView): Promise<void> {
    if (this.deps.disposed()) return;
    const { board } = this.deps;
    let task = board.get(taskId);
    // The run's cost is cumulative over its follow-ups; the task has what was added before.
    const spent = view.costUsd === null ? null : Math.max(0, view.costUsd - (task.costUsd ?? 0));
    if (spent === null || spent > 0) task = board.addCost(taskId, spent);
    if (task.state !== 'running' || task.interrupted) return;
    if (view.status === 'completed') {
      board.apply(taskId, { type: 'finished' });
      await this.validate(taskId);
      return;
    }
    if (view.status === 'interrupted') return;
    this.fail(taskId, {
      code: view.error?.code ?? view.status,
      message: view.error?.message ?? `The agent run ended ${view.status}.`,
      output: null,
    });
  }

  /** Follows a task's workflow run to its end, then checkpoints the worktree and validates it. */
  private followWorkflow(taskId: string, runId: string): void {
    if (this.watched.has(taskId)) return;
    this.watched.add(taskId);
    void this.deps
      .workflows!.ended(runId)
      .then((end) => {
        this.watched.delete(taskId);
        return this.afterWorkflow(taskId, end);
      })
      .catch((error: unknown) => {
        this.watched.delete(taskId);
        if (this.deps.disposed()) return;
        this.deps.log.error({ err: error, taskId }, 'following a task workflow run failed');
        this.fail(taskId, {
          code: 'internal',
          message: reasonOf(error, 'Following the workflow run').message,
          output: null,
        });
      });
  }

  /** An interrupted task's workflow run goes on in the task's worktree; completed steps are reused. */
  private async resumeWorkflow(task: Task, runId: string): Promise<void> {
    const end = await this.deps.workflows!.ended(runId);
    if (end.status === 'completed') {
      // The run had finished; only its checkpoint and validation were lost.
      await this.afterWorkflow(task.id, end);
      return;
    }
    const path = this.deps.files.worktreePath(task.id);
    const baseCommit = await gitText(path, ['rev-parse', 'HEAD']);
    const place: GivenPlace = { root: path, branch: taskBranch(task.id), baseCommit, env: await this.variables(task) };
    await this.deps.workflows!.resumeIn(runId, place);
    this.followWorkflow(task.id, runId);
  }

  private async afterWorkflow(taskId: string, end: WorkflowRunEnd): Promise<void> {
    if (this.deps.disposed()) return;
    const task = this.deps.board.get(taskId);
    if (task.state !== 'running' || task.interrupted || end.status === 'interrupted') return;
    if (end.status !== 'completed') {
      this.fail(taskId, {
        code: end.status === 'failed' ? end.code : 'cancelled',
        message:
          end.status === 'failed'
            ? `The workflow ${end.node ? `step "${end.node}" ` : ''}failed: ${end.message}`
            : 'The workflow run was cancelled.',
        output: end.status === 'failed' ? end.message : null,
      });
      return;
    }
    // Workflow steps need not commit: what they left in the worktree is the task's work, and the
    // check, the review's diff and the landing all read the branch.
    const path = this.deps.files.worktreePath(taskId);
    const checkpoint = await commitCheckpoint(
      { path, runId: workspaceName(taskId), branch: taskBranch(taskId), home: this.deps.files.worktreesDir },
      `${task.title}\n\nWhat the workflow left in the worktree.`,
    );
    if (checkpoint) this.deps.onBranchMoved(task.projectId);
    this.deps.board.apply(taskId, { type: 'finished' });
    await this.validate(taskId);
  }

  private toReview(task: Task, message: string): void {
    this.deps.onSlotFreed(task.projectId);
    this.attention(task, 'review', message);
  }

  private fail(taskId: string, failure: TaskFailure): void {
    const { board } = this.deps;
    const task = board.get(taskId);
    if (!['running', 'validating', 'merging'].includes(task.state)) return;
    const next = board.apply(taskId, { type: 'fail', failure });
    this.deps.ports.release(taskId);
    this.deps.onSlotFreed(next.projectId);
    this.attention(next, 'failed', failure.message);
  }

  private attention(task: Task, kind: Attention['kind'], message: string): void {
    this.deps.onAttention({ projectId: task.projectId, taskId: task.id, title: task.title, kind, message });
  }

  /** What the board hears of a run's journal: checkpoints move the branch; an approval card wants the user. */
  private entryListener(task: Task): (entry: RunEntry) => void {
    return (entry) => {
      if (entry.kind === 'checkpoint') this.deps.onBranchMoved(task.projectId);
      else if (entry.kind === 'tool' && entry.state === 'awaiting_approval')
        this.attention(task, 'approval', `The agent asks before running ${entry.tool}.`);
    };
  }
}
