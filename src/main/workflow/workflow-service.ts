import { randomBytes } from 'node:crypto';
import { WeftError } from '../../shared/ipc/errors';
import { resolveInputs } from '../../shared/workflow/inputs';
import type { WorkflowEvent, WorkflowRunView } from '../../shared/workflow/run';
import type { JsonValue, WorkflowDefinition } from '../../shared/workflow/schema';
import type { ValidationIssue } from '../../shared/workflow/validate';
import { WorkflowExecution, type ApprovalDecision } from './core/execution';
import { priorOutcomes, retrySet } from './core/recovery';
import { posixQuote, windowsQuote } from './core/resolve';
import type { ExecutorTable, PriorOutcome, RunOutcome, RunSpec } from './core/types';
import { createExecutors } from './executors';
import type { ToolStepExecutor } from './executors/tool';
import { WorkflowJournal } from './journal';
import { assertPlaceGiven, GivenWorkspaces } from './given-workspaces';
import type { GivenPlace, RunWorkspace } from './ports';
import { OtherProcessRuns } from './other-runs';
import { RunWorkspacesLife } from './run-workspaces-life';
import { WorkflowRunsRepo, type StoredRun } from './runs-repo';
import { processAlive } from '../terminal/process-tree';
import { invalid, WorkflowDefinitions, type WorkflowSummary } from './workflow-definitions';

export type { WorkflowSummary } from './workflow-definitions';

export type { WorkflowServiceDeps } from './workflow-service-deps';
import type { WorkflowServiceDeps } from './workflow-service-deps';

/** A run with what it waits for now. */
export interface WorkflowRunDetail extends WorkflowRunView {
  readonly waiting: readonly { node: string; message: string }[];
}

interface LiveRun {
  readonly execution: WorkflowExecution;
  readonly done: Promise<RunOutcome>;
  readonly workspace: RunWorkspace;
  readonly projectId: string;
}

/** Run ids share the agent runs' shape (`[a-z0-9]{6,32}`), so both can name `weft/<id>` branches. */
function newRunId(): string {
  return BigInt(`0x${randomBytes(10).toString('hex')}`)
    .toString(36)
    .padStart(16, '0')
    .slice(0, 16);
}

/**
 * Workflows of a project: their files, validation, and runs — started, paused, resumed,
 * cancelled, approved and retried — journaled to SQLite. On construction, runs a previous
 * process left running are marked interrupted.
 */
export class WorkflowService {
  private readonly definitions: WorkflowDefinitions;
  private readonly repo: WorkflowRunsRepo;
  private readonly journal: WorkflowJournal;
  private readonly executors: ExecutorTable;
  private readonly toolExecutor: ToolStepExecutor | null;
  private readonly live = new Map<string, LiveRun>();
  private readonly worktrees: RunWorkspacesLife;
  private readonly given: GivenWorkspaces;
  private disposed = false;
  /** A step cut off at shutdown may still print after the journal was written out; that output is dropped. */
  private journalClosed = false;
  private readonly others: OtherProcessRuns | null;

  constructor(private readonly deps: WorkflowServiceDeps) {
    this.repo = new WorkflowRunsRepo(deps.store.db);
    this.definitions = new WorkflowDefinitions(deps);
    this.journal = new WorkflowJournal(deps.store.sqlite, {
      ...deps.journal,
      onPersisted: (events) => deps.onEvents?.(events),
      onError: (error) => {
        deps.log.error({ err: error }, 'the workflow journal cannot be written; stopping runs');
        for (const run of this.live.values()) run.execution.cancel('interrupted');
      },
    });
    this.given = new GivenWorkspaces(deps.workspaces);
    const workspaces = this.given.provider;
    this.worktrees = new RunWorkspacesLife(workspaces, deps.projectRoot, (id) => this.live.get(id), deps.log);
    const { table, tools } = createExecutors(
      { ...deps, runner: this.given.shellRunner(deps.runner) },
      this.worktrees.rootFor,
      (id) => this.live.get(id)?.workspace.baseCommit ?? null,
    );
    this.executors = table;
    this.toolExecutor = tools;
    this.others = deps.watchOtherProcesses
      ? new OtherProcessRuns(
          deps.store.sqlite,
          deps.watchOtherProcesses,
          (batch) => deps.onEvents?.(batch),
          (error) => deps.log.warn({ err: error }, "cannot read other processes' workflow runs"),
        )
      : null;
    const interrupted = this.recover();
    if (interrupted > 0)
      deps.log.info({ interrupted }, 'workflow runs left running by a previous process are interrupted');
  }

  // ---- definitions (see WorkflowDefinitions)

  /** The workflows in the project's `.weft/workflows`, each with its validation issues. */
  list(projectId: string): Promise<WorkflowSummary[]> {
    return this.definitions.list(projectId);
  }

  /** A workflow file's JSON value and its issues. */
  read(projectId: string, name: string): Promise<{ definition: unknown; issues: readonly ValidationIssue[] }> {
    return this.definitions.read(projectId, name);
  }

  /** Checks a definition (e.g. the canvas's unsaved state) against the project's tools, models and workflows. */
  validate(projectId: string, raw: unknown, name?: string): Promise<readonly ValidationIssue[]> {
    return this.definitions.validate(projectId, raw, name);
  }

  /** Saves a workflow file (in progress is fine, see WorkflowDefinitions.save); returns its issues. */
  save(projectId: string, name: string, raw: unknown): Promise<readonly ValidationIssue[]> {
    return this.definitions.save(projectId, name, raw);
  }

  // ---- runs

  /**
   * Starts a run of the workflow file `name`; returns its id at once. With `place`, the run works
   * in that worktree (a board task's) instead of one of its own, and leaves it where it is.
   */
  async start(
    projectId: string,
    name: string,
    inputs: Readonly<Record<string, unknown>> = {},
    place?: GivenPlace,
  ): Promise<string> {
    return this.startDefinition(projectId, name, await this.definitions.loadValid(projectId, name), inputs, place);
  }

  /** Starts a run of a definition already validated (the canvas's unsaved version, the benchmark). */
  async startDefinition(
    projectId: string,
    name: string,
    definition: WorkflowDefinition,
    given: Readonly<Record<string, unknown>> = {},
    place?: GivenPlace,
  ): Promise<string> {
    this.assertOpen();
    this.assertTrusted(projectId);
    const { values, issues } = resolveInputs(definition, given);
    if (issues.length > 0) throw invalid(name, issues);
    const projectRoot = this.deps.projectRoot(projectId);
    const runId = newRunId();
    if (place) this.given.give(runId, place);
    const workspace = await this.given.provider.open({ projectId, projectRoot, runId });
    this.repo.create({
      id: runId,
      projectId,
      workflow: name,
      definition,
      inputs: values,
      repo: projectRoot,
      root: workspace.root,
      now: Date.now(),
    });
    this.launch(
      { runId, projectId, definition, inputs: values, root: workspace.root, attempt: 1, mode: 'start' },
      workspace,
    );
    return runId;
  }

  private launch(spec: RunSpec, workspace: RunWorkspace): void {
    const { runId } = spec;
    const execution = new WorkflowExecution(spec, {
      executors: this.executors,
      emit: (event) => {
        if (!this.journalClosed) this.journal.append(runId, event);
      },
      loadWorkflow: (name) => this.definitions.loadValid(spec.projectId, name),
      shellQuote: process.platform === 'win32' ? windowsQuote : posixQuote,
    });
    const done = execution
      .run()
      .catch((error: unknown): RunOutcome => {
        // A bug in the engine must still end the run in the journal, not leave it "running".
        this.deps.log.error({ err: error, runId }, 'workflow run crashed');
        const data = { code: 'internal', message: 'The run stopped because of an internal error; see the log.' };
        try {
          this.journal.append(runId, { type: 'run.failed', error: data });
        } catch {
          // The journal is broken too; its own error handler has logged it.
        }
        return { status: 'failed', error: data };
      })
      .finally(() => {
        this.journal.forget(runId);
        this.live.delete(runId);
        void this.toolExecutor?.closeRun(runId);
      })
      .then(async (outcome) => {
        // An interrupted run is Weft shutting down (or the journal failing): leave its worktree be.
        if (outcome.status !== 'interrupted') await this.worktrees.release(spec.projectId, runId, workspace);
        return outcome;
      });
    this.live.set(runId, { execution, done, workspace, projectId: spec.projectId });
  }

  /** A workflow is the repository's code: shell steps, agents, hooks of its git steps. */
  private assertTrusted(projectId: string): void {
    if (this.deps.isTrusted && !this.deps.isTrusted(projectId)) {
      throw new WeftError(
        'folder_untrusted',
        'Workflows do not run in restricted mode. Trust this folder (click Restricted in the status bar) to run them.',
      );
    }
  }

  private liveRun(runId: string): LiveRun | undefined {
    return this.live.get(runId);
  }

  private stored(runId: string): StoredRun {
    const run = this.repo.get(runId);
    if (!run) throw new WeftError('run_not_found', 'That workflow run does not exist.');
    return run;
  }

  /** Resolves when a live run ends (at once for a finished one). */
  async wait(runId: string): Promise<RunOutcome | null> {
    return (await this.liveRun(runId)?.done) ?? null;
  }

  /** Stops starting steps; running steps finish. */
  pause(runId: string): void {
    const run = this.liveRun(runId);
    if (!run) throw new WeftError('run_not_found', 'That workflow run is not running.');
    run.execution.pause();
  }

  /**
   * Continues a run: a paused one goes on; an interrupted, failed or cancelled one starts a new
   * attempt that reuses every completed step and runs only the rest.
   */
  async resume(runId: string, place?: GivenPlace): Promise<void> {
    this.assertOpen();
    this.assertTrusted(this.liveRun(runId)?.projectId ?? this.stored(runId).projectId);
    const live = this.liveRun(runId);
    if (live) {
      if (live.execution.status !== 'paused') throw new WeftError('run_busy', 'The run is already running.');
      live.execution.unpause();
      return;
    }
    await this.worktrees.reserving(runId, async () => {
      const run = this.stored(runId);
      if (run.status === 'completed')
        throw new WeftError('run_busy', 'The run has completed; retry a node to run part of it again.');
      assertPlaceGiven(run, place);
      if (place) this.given.give(runId, place);
      const prior = priorOutcomes(this.repo.outcomeEvents(runId));
      await this.relaunch(run, run.definition, prior, { mode: 'resume' });
    });
  }

  /** Runs `nodeId` and everything downstream again with the workflow's current version; the rest is reused. */
  async retryFrom(runId: string, nodeId: string): Promise<void> {
    this.assertOpen();
    if (this.liveRun(runId)) throw new WeftError('run_busy', 'Stop or finish the run before retrying a node.');
    this.assertTrusted(this.stored(runId).projectId);
    assertPlaceGiven(this.stored(runId), undefined);
    await this.worktrees.reserving(runId, () => this.retry(runId, nodeId));
  }

  private async retry(runId: string, nodeId: string): Promise<void> {
    const run = this.stored(runId);
    const definition = await this.definitions.loadValid(run.projectId, run.workflow);
    const invalidated = retrySet(definition, nodeId);
    if (!invalidated) {
      throw new WeftError('invalid_input', `The workflow "${run.workflow}" has no node "${nodeId}" (any more).`);
    }
    const prior = priorOutcomes(this.repo.outcomeEvents(runId));
    for (const key of [...prior.keys()]) {
      if (invalidated.some((id) => key === id || key.startsWith(`${id}/`))) prior.delete(key);
    }
    const given = { ...run.inputs };
    for (const name of Object.keys(given)) if (!(name in definition.inputs)) delete given[name];
    const { values, issues } = resolveInputs(definition, given);
    if (issues.length > 0) throw invalid(run.workflow, issues);
    this.repo.setDefinition(runId, definition, Date.now());
    await this.relaunch({ ...run, inputs: values }, definition, prior, {
      mode: 'retry',
      fromNode: nodeId,
      invalidated,
    });
  }

  private async relaunch(
    run: StoredRun,
    definition: WorkflowDefinition,
    prior: Map<string, PriorOutcome>,
    how: { mode: 'resume' | 'retry'; fromNode?: string; invalidated?: string[] },
  ): Promise<void> {
    if (run.ownerPid !== null && run.ownerPid !== process.pid && processAlive(run.ownerPid)) {
      throw new WeftError('run_busy', 'Another Weft process is running this workflow run.');
    }
    const projectRoot = this.deps.projectRoot(run.projectId);
    const workspace = await this.given.provider.reopen({
      projectId: run.projectId,
      projectRoot,
      runId: run.id,
      root: run.root,
    });
    this.repo.claim(run.id, Date.now());
    this.launch(
      {
        runId: run.id,
        projectId: run.projectId,
        definition,
        inputs: run.inputs as Record<string, JsonValue>,
        root: workspace.root,
        attempt: run.attempt + 1,
        mode: how.mode,
        prior,
        ...(how.fromNode !== undefined ? { fromNode: how.fromNode } : {}),
        ...(how.invalidated ? { invalidated: how.invalidated } : {}),
      },
      workspace,
    );
  }

  /** Cancels a live run: running steps are aborted, nothing new starts. */
  cancel(runId: string): void {
    const run = this.liveRun(runId);
    if (!run) throw new WeftError('run_not_found', 'That workflow run is not running.');
    run.execution.cancel();
  }

  /** Answers an approval node of a live run. */
  approve(runId: string, node: string, decision: ApprovalDecision): void {
    const run = this.liveRun(runId);
    if (!run || !run.execution.approve(node, decision)) {
      throw new WeftError('approval_not_found', 'That step is not waiting for an approval (any more).');
    }
  }

  /** A run with its current approvals. */
  get(runId: string): WorkflowRunDetail {
    this.journal.flush();
    const { definition: _d, ownerPid: _o, ...view } = this.stored(runId);
    return { ...view, waiting: this.liveRun(runId)?.execution.waiting() ?? [] };
  }

  /** Runs of a project (or all projects), newest first. */
  runs(projectId: string | null, limit = 100): WorkflowRunView[] {
    this.journal.flush();
    return this.repo.list(projectId, limit).map(({ definition: _d, ownerPid: _o, ...view }) => view);
  }

  /** The definition a run's latest attempt ran (for drawing its canvas). */
  definitionOf(runId: string): WorkflowDefinition {
    return this.stored(runId).definition;
  }

  /** A run's journal after `afterSeq`. */
  events(runId: string, afterSeq = 0, limit?: number): WorkflowEvent[] {
    this.journal.flush();
    this.stored(runId);
    return this.repo.events(runId, afterSeq, limit);
  }

  /** Marks runs no live process owns as interrupted; returns how many. */
  recover(): number {
    let count = 0;
    for (const run of this.repo.live()) {
      if (this.live.has(run.id)) continue;
      const orphan = run.ownerPid === null || run.ownerPid === process.pid || !processAlive(run.ownerPid);
      if (!orphan) continue;
      this.journal.append(run.id, { type: 'run.interrupted' });
      count++;
    }
    this.journal.flush();
    return count;
  }

  private assertOpen(): void {
    if (this.disposed) throw new WeftError('cancelled', 'Weft is shutting down.');
  }

  /** Interrupts live runs (they can be resumed after a restart) and writes the journal out. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.others?.dispose();
    const ends = [...this.live.values()].map((run) => {
      run.execution.cancel('interrupted');
      return run.done;
    });
    // Executors were told to stop; give them a moment, then write what is known.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(ends), new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    await this.toolExecutor?.dispose();
    this.journal.dispose();
    this.journalClosed = true;
  }
}
