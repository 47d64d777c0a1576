// The agent fleet at run time: the board's decisions applied, runs followed, landings and the radar kept going.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BoardFile, Task, TaskDraft, TaskEdit } from '../../shared/domain/tasks';
import type {
  Attention,
  FindingView,
  FleetSettings,
  FleetSettingsView,
  RadarReportView,
  TaskDetail,
} from '../../shared/ipc/domains/tasks';
import { WeftError } from '../../shared/ipc/errors';
import type { Db } from '../db/client';
import { asWeftError, gitText } from '../git/git-process';
import type { Logger } from '../logging/logger';
import { Board } from './board';
import { detectCheckCommand } from './check-command';
import { PortAllocator } from './environment';
import { FleetSettingsStore } from './fleet-settings';
import type { GitPlace } from './git/landing-steps';
import { BoardGit, type ReconcileAction } from './board-git';
import { BoardPump } from './board-pump';
import { Landing } from './landing';
import { LandingOutcomes } from './landing-outcomes';
import { RadarWatch } from './radar-watch';
import { sandboxedCheck, type ConfinedRun } from './sandboxed-command';
import { TaskFiles } from './task-files';
import { TaskRunner, type AgentPort } from './task-runner';
import type { WorkflowRunsPort } from '../workflow/ports';

export interface FleetServiceDeps {
  readonly db: Db;
  /** `<data dir>/fleet`: task worktrees, outputs, landing journals, settings. */
  readonly dir: string;
  /** The agent runs' worktree folder, where task worktrees go too (see TaskFiles). */
  readonly worktreesDir: string;
  readonly agent: AgentPort;
  /** Runs tasks assigned a workflow; absent: such tasks fail, saying so. */
  readonly workflows?: WorkflowRunsPort;
  readonly projectRoot: (projectId: string) => string;
  readonly isTrusted: (projectId: string) => boolean;
  readonly run: ConfinedRun;
  readonly log: Logger;
  readonly onChanged: (change: { projectId: string; tasks: Task[] }) => void;
  readonly onRadar: (report: RadarReportView) => void;
  readonly onAttention: (attention: Attention) => void;
  readonly radarDebounceMs?: number;
}

/**
 * Runs the board: starts what the scheduler decides (up to N at once, per-provider limits),
 * follows each run to validation and review, lands approved tasks through the merge queue,
 * keeps the conflict radar current and reconciles the board with git. All state lives in the
 * Board (SQLite with a journal) and in git; this class holds only what is in flight.
 */
export class FleetService {
  readonly board: Board;
  private readonly settingsStore: FleetSettingsStore;
  private readonly files: TaskFiles;
  private readonly ports = new PortAllocator();
  private readonly runner: TaskRunner;
  private readonly landing: Landing;
  private readonly radar: RadarWatch;
  private readonly git: BoardGit;
  private readonly outcomes: LandingOutcomes;
  /** Projects whose board the user started. */
  private readonly running = new Set<string>();
  private readonly pumper: BoardPump;
  private disposed = false;
  private started: Promise<Task[]> | null = null;

  constructor(private readonly deps: FleetServiceDeps) {
    this.board = new Board({ db: deps.db, onChange: (change) => this.boardChanged(change) });
    this.settingsStore = new FleetSettingsStore(this.board, deps.dir);
    this.files = new TaskFiles(deps.worktreesDir, join(deps.dir, 'outputs'));
    this.outcomes = new LandingOutcomes({
      board: this.board,
      files: this.files,
      settings: this.settingsStore,
      ports: this.ports,
      place: (projectId) => this.place(projectId),
      log: deps.log,
      onAttention: deps.onAttention,
      onBaseMoved: (projectId) => this.radar.poke(projectId),
      onSlotFreed: (projectId) => this.pump(projectId),
    });
    this.git = new BoardGit(this.board, this.files, (projectId) => this.place(projectId));
    this.radar = new RadarWatch({
      projectRoot: deps.projectRoot,
      isTrusted: deps.isTrusted,
      tasks: (projectId) => this.board.list(projectId),
      onReport: deps.onRadar,
      ...(deps.radarDebounceMs !== undefined ? { debounceMs: deps.radarDebounceMs } : {}),
    });
    this.runner = new TaskRunner({
      board: this.board,
      files: this.files,
      settings: this.settingsStore,
      agent: deps.agent,
      ...(deps.workflows ? { workflows: deps.workflows } : {}),
      projectRoot: deps.projectRoot,
      isTrusted: deps.isTrusted,
      run: deps.run,
      ports: this.ports,
      log: deps.log,
      onBranchMoved: (projectId) => this.radar.poke(projectId),
      onAttention: deps.onAttention,
      onSlotFreed: (projectId) => this.pump(projectId),
      disposed: () => this.disposed,
    });
    this.pumper = new BoardPump({
      board: this.board,
      settings: this.settingsStore,
      runner: this.runner,
      log: deps.log,
      isRunning: (projectId) => !this.disposed && this.running.has(projectId),
      resume: (taskId) => this.resume(taskId),
      onPaused: (projectId) => this.deps.onChanged({ projectId, tasks: [] }),
    });
    this.landing = new Landing({
      dir: join(deps.dir, 'landing'),
      projectRoot: deps.projectRoot,
      isTrusted: deps.isTrusted,
      strategy: (projectId) => this.settingsStore.get(projectId).mergeStrategy,
      check: (projectId) =>
        sandboxedCheck(deps.run, {
          projectId,
          trusted: () => deps.isTrusted(projectId),
          command: () => this.settingsStore.get(projectId).checkCommand,
          timeoutMs: () => this.settingsStore.get(projectId).checkTimeoutSec * 1000,
        }),
      worktreePath: (taskId) => this.files.worktreePath(taskId),
      onOutcome: (projectId, outcome) => void this.outcomes.apply(projectId, outcome),
    });
  }

  /** Runs the start-up (once, in the background); `ready()` resolves when it is done. */
  startUp(): void {
    this.started ??= this.init().catch((error: unknown) => {
      this.deps.log.error({ err: error }, 'the task board could not recover at start-up');
      return [];
    });
  }

  /** The tasks start-up marked interrupted, once it is done. */
  ready(): Promise<Task[]> {
    this.startUp();
    return this.started!;
  }

  /**
   * Start-up: tasks active when Weft stopped are marked interrupted (journaled), landings a
   * killed Weft left half-done are settled (the base is the old or the new commit, never
   * anything else), and interrupted tasks continue at once where the user chose auto-resume.
   */
  private async init(): Promise<Task[]> {
    const marked = this.board.markInterrupted();
    const projects = new Set(marked.map((t) => t.projectId));
    for (const projectId of projects) {
      const merging = marked.filter((t) => t.projectId === projectId && t.state === 'merging');
      try {
        await this.landing.recover(
          projectId,
          merging.map((t) => t.baseBranch),
        );
      } catch (error) {
        this.deps.log.error({ err: error, projectId }, 'settling an interrupted landing failed');
      }
      if (this.settingsStore.get(projectId).autoResume)
        for (const t of this.board.list(projectId).filter((x) => x.interrupted))
          await this.resume(t.id).catch((error: unknown) =>
            this.deps.log.warn({ err: error, taskId: t.id }, 'auto-resume failed'),
          );
    }
    return marked;
  }

  // ---- the board as the user edits it

  list(projectId: string): Task[] {
    return this.board.list(projectId);
  }

  detail(taskId: string): TaskDetail {
    const task = this.board.get(taskId);
    const path = this.files.worktreePath(taskId);
    const block = this.ports.holders().get(taskId) ?? null;
    return {
      task,
      events: this.board.events(taskId),
      worktreePath: existsSync(path) ? path : null,
      checkOutput: this.files.readOutput(taskId, 'check'),
      setupOutput: this.files.readOutput(taskId, 'setup'),
      ports: block ? { base: block.base, size: block.size } : null,
    };
  }

  add(projectId: string, draft: TaskDraft, dependsOn: readonly string[]): Task {
    this.deps.projectRoot(projectId);
    return this.board.add(projectId, draft, dependsOn);
  }

  edit(taskId: string, edit: TaskEdit): Task {
    return this.board.edit(taskId, edit);
  }

  /** Cancels: the board first (so the run's end is not taken for a finish), then the run stops. */
  async cancel(taskId: string): Promise<Task> {
    const task = this.board.remove(taskId);
    if (task.runId && task.assignee?.kind === 'workflow') this.stopWorkflow(task.runId, taskId);
    else if (task.runId)
      await this.deps.agent.stop(task.runId).catch((error: unknown) => this.logRunError(error, taskId));
    this.ports.release(taskId);
    this.pump(task.projectId);
    return this.board.get(taskId);
  }

  /** A workflow run that already ended has nothing to stop; anything else is logged. */
  private stopWorkflow(runId: string, taskId: string): void {
    try {
      this.deps.workflows?.cancel(runId);
    } catch (error) {
      if (!(error instanceof WeftError && error.code === 'run_not_found')) this.logRunError(error, taskId);
    }
  }

  queue(taskId: string): Task {
    const task = this.board.queue(taskId);
    this.pump(task.projectId);
    return task;
  }

  retry(taskId: string): Task {
    const task = this.board.retry(taskId);
    this.pump(task.projectId);
    return task;
  }

  approve(taskId: string): Task {
    const task = this.board.apply(taskId, { type: 'approve' });
    this.landing.enqueue(task);
    return task;
  }

  revise(taskId: string, message: string): Promise<Task> {
    return this.runner.revise(taskId, message);
  }

  /** Continues an interrupted task: its run, its check, or its landing. */
  async resume(taskId: string): Promise<Task> {
    const task = this.board.get(taskId);
    if (task.state === 'merging') {
      const resumed = this.board.resume(taskId);
      this.landing.enqueue(resumed);
      return resumed;
    }
    await this.runner.resume(taskId);
    return this.board.get(taskId);
  }

  /** Brings back a task's archived branch, worktree and uncommitted changes. */
  async recover(taskId: string): Promise<Task> {
    await this.git.recover(taskId);
    return this.board.get(taskId);
  }

  reconcile(projectId: string): Promise<FindingView[]> {
    return this.git.reconcile(projectId);
  }

  reconcileAction(projectId: string, action: ReconcileAction): Promise<FindingView[]> {
    return this.git.act(projectId, action);
  }

  async fromChecklist(projectId: string, markdown: string, baseBranch?: string) {
    return this.board.fromChecklist(projectId, markdown, baseBranch ?? (await this.currentBranch(projectId)));
  }

  async importBoard(projectId: string, json: unknown, baseBranch?: string): Promise<Task[]> {
    return this.board.importBoard(projectId, json, baseBranch ?? (await this.currentBranch(projectId)));
  }

  exportBoard(projectId: string): BoardFile {
    return this.board.exportBoard(projectId);
  }

  // ---- running the board

  /** Starts the board (with `parallel` as its concurrency when given). */
  async start(projectId: string, parallel?: number): Promise<FleetSettingsView> {
    if (!this.deps.isTrusted(projectId))
      throw new WeftError(
        'folder_untrusted',
        'This folder is not trusted: its check and setup commands would run. Trust it before starting the board.',
      );
    if (parallel !== undefined) this.settingsStore.update(projectId, { concurrency: parallel });
    this.board.unpause(projectId);
    this.running.add(projectId);
    this.pump(projectId);
    this.deps.onChanged({ projectId, tasks: [] });
    return this.settings(projectId);
  }

  /** Starts no more tasks; running ones go on to review or failure. */
  async stop(projectId: string): Promise<FleetSettingsView> {
    this.running.delete(projectId);
    this.board.pause(projectId, 'user');
    this.deps.onChanged({ projectId, tasks: [] });
    return this.settings(projectId);
  }

  async settings(projectId: string): Promise<FleetSettingsView> {
    const settings = this.settingsStore.get(projectId);
    const { paused } = this.board.settings(projectId);
    const proposal = settings.checkCommand === null ? await detectCheckCommand(this.deps.projectRoot(projectId)) : null;
    return {
      settings,
      paused,
      running: this.running.has(projectId),
      spentUsd: this.board.snapshot(projectId).spentUsd,
      proposal: proposal ? { ...proposal } : null,
    };
  }

  async updateSettings(projectId: string, patch: Partial<FleetSettings>): Promise<FleetSettingsView> {
    this.settingsStore.update(projectId, patch);
    this.pump(projectId);
    this.deps.onChanged({ projectId, tasks: [] });
    return this.settings(projectId);
  }

  /** The project's git folder changed (a commit, a branch moved outside Weft): the radar looks again. */
  gitChanged(projectId: string): void {
    if (this.board.list(projectId).some((t) => t.branch !== null && t.state !== 'done' && t.state !== 'cancelled'))
      this.radar.poke(projectId);
  }

  /** One pair's conflicted line ranges, read on request. */
  async radarPair(projectId: string, a: string, b: string) {
    const found = await this.radar.details(projectId, a, b);
    if (!found) return null;
    return {
      ...found,
      conflicts: found.conflicts.map((c) => ({ path: c.path, hunks: c.hunks.map((h) => ({ ...h })) })),
    };
  }

  radarReport(projectId: string, refresh = false): Promise<RadarReportView> {
    return this.radar.report(projectId, refresh);
  }

  /** Settles when nothing the fleet started is working (tests, the CLI). */
  async idle(): Promise<void> {
    await this.landing.idle();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.running.clear();
    this.radar.dispose();
    this.landing.dispose();
    await this.landing.idle().catch((error: unknown) => this.deps.log.warn({ err: error }, 'landing at shutdown'));
    this.board.dispose();
  }

  // ---- internals

  /** Applies the scheduler's decisions for a started board (see BoardPump). */
  private pump(projectId: string): void {
    this.pumper.pump(projectId);
  }

  private boardChanged(change: { projectId: string; tasks: Task[] }): void {
    this.deps.onChanged(change);
    if (change.tasks.some((t) => t.branch !== null)) this.radar.poke(change.projectId);
    // A landing made dependents ready, a retry queued a task: the board may start something.
    if (change.tasks.some((t) => t.state === 'ready')) this.pump(change.projectId);
  }

  private place(projectId: string): GitPlace {
    return { repo: this.deps.projectRoot(projectId), trusted: this.deps.isTrusted(projectId) };
  }

  private async currentBranch(projectId: string): Promise<string> {
    try {
      return await gitText(this.deps.projectRoot(projectId), ['symbolic-ref', '--short', 'HEAD']);
    } catch (error) {
      throw asWeftError(error, 'Reading the current branch (the tasks’ base)');
    }
  }

  private logRunError(error: unknown, taskId: string): void {
    this.deps.log.warn({ err: error, taskId }, 'a task run did not stop or continue');
  }
}
