import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import {
  type ApprovalDecision,
  type AuditRow,
  type PolicyAction,
  type PolicyRule,
  type RunEntry,
  type RunView,
  taskIdOfWorkspace,
} from '../../shared/domain/agent';
import type { ApprovalPreset } from '../../shared/domain/tasks';
import type { ModelRef } from '../../shared/domain/models';
import type { Settings } from '../../shared/domain/settings';
import { WeftError } from '../../shared/ipc/errors';
import type { PathFlavour } from '../files/path-rules';
import type { EventHub } from '../ipc/events';
import type { Logger } from '../logging/logger';
import type { ToolSetFactory } from '../mcp/tool-set';
import type { ProviderRegistry } from '../models/provider-registry';
import type { SandboxService } from '../sandbox/sandbox-service';
import type { TerminalService } from '../terminal/terminal-service';
import type { AgentStepRequest, AgentStepResult, ModelPort, ProjectRootOf, TrustOf } from '../workflow/ports';
import { type AgentRepo } from './agent-repo';
import { Approvals } from './approvals';
import { RunJournal, toRunView } from './journal';
import { closeDanglingCalls } from './loop';
import { literalGlob } from './policy/glob';
import { RunReview } from './review';
import { logLine, RunDriver, type RunOptions } from './run-driver';
import { DEFAULT_MAX_STEPS, recordNewRun, recoverInterruptedRuns, stepAllowance, type NewRun } from './run-records';
import { currentBranch, headCommit } from './workspace/repo-queries';
import type { RunWorkspacesPort } from './workspace-port';

/** A run and one page of its timeline, as `agent.get` returns it. */
export interface RunPage {
  readonly run: RunView;
  readonly entries: RunEntry[];
  readonly earlier: boolean;
  /**
   * The checkpoints and rollbacks before the page: which checkpoint a step's commit was made on
   * top of follows them, and a checkpoint card's diff and rollback start from there.
   */
  readonly anchors: RunEntry[];
}

/** Entries `agent.get` returns when the caller names no limit. */
export const RUN_PAGE_LIMIT = 200;

/** What the agent needs of the sandbox service. */
export type SandboxPort = Pick<SandboxService, 'open'>;

/** What AgentService is built from, in the composition root. */
export interface AgentServiceDeps {
  readonly repo: AgentRepo;
  readonly events: EventHub;
  readonly log: Logger;
  readonly projectRoot: ProjectRootOf;
  readonly settings: () => Settings;
  readonly models: ModelPort;
  readonly providers: ProviderRegistry;
  readonly tools: ToolSetFactory;
  readonly workspaces: RunWorkspacesPort;
  readonly terminals: TerminalService;
  /** Confines each run's commands and stdio MCP servers (the OS sandbox). */
  readonly sandbox: SandboxPort;
  /** False for a folder the user has not trusted: then every command asks. */
  readonly isTrusted: TrustOf;
  /** Hosts a project's sandboxed commands may reach through the proxy. */
  readonly allowedHosts?: (projectId: string) => readonly string[];
  readonly now?: () => number;
  readonly flavour?: PathFlavour;
  /** Nobody is there to answer approval cards (the headless CLI): what would ask is denied. */
  readonly unattended?: boolean;
}

interface LiveRun {
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/** Agent runs: each in its own worktree, journaled as it goes, stoppable, continuable, reviewable. */
export class AgentService {
  private readonly live = new Map<string, LiveRun>();
  /** What the owner of a run (a board task) set for it; kept for its follow-ups in this process. */
  private readonly options = new Map<string, RunOptions>();
  private readonly approvals: Approvals;
  private readonly review: RunReview;
  private readonly driver: RunDriver;
  private readonly now: () => number;
  private readonly flavour: PathFlavour;

  constructor(private readonly deps: AgentServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.flavour = deps.flavour ?? {
      sep: process.platform === 'win32' ? '\\' : '/',
      caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
    };
    this.approvals = new Approvals();
    this.driver = new RunDriver(deps, this.approvals, this.flavour, this.now);
    this.review = new RunReview(
      deps.repo,
      deps.workspaces,
      (runId) => this.journal(runId),
      deps.projectRoot,
      () => this.now(),
    );
    recoverInterruptedRuns(deps.repo, (id) => this.journal(id), deps.log);
  }

  /**
   * Starts a run on a new branch `weft/<id>` in a worktree under the data dir, or in the given
   * `workspace` (a fleet task's worktree, which its task owns). `onEntry` hears each entry the
   * run writes (checkpoints included) without listening on the global hub. A task's run also
   * gets its profile's `approval` preset and its `env` (environment.json's variables and ports)
   * for every command it runs.
   */
  async start(input: {
    projectId: string;
    task: string;
    model?: ModelRef;
    maxSteps?: number;
    budgetUsd?: number;
    workspace?: { path: string; branch: string; baseBranch: string | null; baseCommit: string };
    approval?: ApprovalPreset;
    env?: Readonly<Record<string, string>>;
    onEntry?: (entry: RunEntry) => void;
  }): Promise<RunView> {
    const projectRoot = this.deps.projectRoot(input.projectId);
    const model = input.model ?? this.deps.settings().models.defaults.agent;
    if (!model)
      throw new WeftError(
        'invalid_input',
        'Choose a model for the run, or set a default agent model in Settings → Models.',
      );
    this.deps.providers.resolve(model.providerId);
    const id = randomBytes(8).toString('hex');
    const ws = input.workspace
      ? { ...input.workspace, dirtyAtStart: false }
      : await this.deps.workspaces.create({ projectRoot, runId: id });
    const journal = this.newRun({
      id,
      projectId: input.projectId,
      task: input.task,
      model,
      branch: ws.branch,
      baseBranch: ws.baseBranch,
      baseCommit: ws.baseCommit,
      worktree: ws.path,
      review: 'open',
      maxSteps: input.maxSteps ?? DEFAULT_MAX_STEPS,
      budgetUsd: input.budgetUsd ?? null,
    });
    if (ws.dirtyAtStart)
      journal.add({
        kind: 'status',
        status: 'starting',
        message: `Your uncommitted changes are not in the run’s worktree; it starts from ${ws.baseCommit.slice(0, 8)}${ws.baseBranch ? ` on ${ws.baseBranch}` : ''}.`,
      });
    this.options.set(id, { approval: input.approval ?? null, env: input.env ?? {} });
    this.launch(id, input.onEntry);
    return toRunView(journal.row());
  }

  /**
   * Runs an agent as one step of a workflow, in the workflow run's worktree (`root`), and waits
   * for it. The run is listed with the others; its review belongs to the workflow run.
   */
  async runStep(request: AgentStepRequest): Promise<AgentStepResult> {
    this.deps.projectRoot(request.projectId);
    const model = request.model ?? this.deps.settings().models.defaults.agent;
    if (!model)
      throw new WeftError(
        'invalid_input',
        'The agent step names no model, and no default agent model is set in Settings → Models.',
      );
    this.deps.providers.resolve(model.providerId);
    const [branch, commit] = await Promise.all([currentBranch(request.root), headCommit(request.root)]);
    if (!commit) throw new WeftError('git_failed', 'The workflow’s worktree has no commit to start an agent from.');
    const id = randomBytes(8).toString('hex');
    this.newRun({
      id,
      projectId: request.projectId,
      task: request.prompt,
      model,
      branch: branch ?? commit.slice(0, 12),
      baseBranch: branch,
      baseCommit: commit,
      worktree: request.root,
      review: 'workflow',
      maxSteps: request.maxSteps ?? DEFAULT_MAX_STEPS,
      budgetUsd: null,
    });
    const onLog = request.onLog;
    const onEntry = onLog
      ? (entry: RunEntry) => {
          const line = logLine(entry);
          if (line) onLog(line);
        }
      : undefined;
    const stop = () => void this.stop(id);
    request.signal.addEventListener('abort', stop, { once: true });
    try {
      this.launch(id, onEntry);
      if (request.signal.aborted) stop();
      await this.live.get(id)?.done;
    } finally {
      request.signal.removeEventListener('abort', stop);
    }
    const row = this.row(id);
    const lastText = [...this.deps.repo.entries(id)].reverse().find((e) => e.kind === 'assistant' && e.text.trim());
    return {
      runId: id,
      status: row.status,
      summary: lastText && lastText.kind === 'assistant' ? lastText.text : (row.errorMessage ?? ''),
      costUsd: row.costUsd,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
    };
  }

  list(projectId: string): RunView[] {
    return this.deps.repo.runs(projectId).map(toRunView);
  }

  /**
   * A run with one page of its timeline: the newest `limit` entries, or those before seq
   * `before`; `earlier` says whether older ones remain. Code that needs every entry reads the repo.
   */
  get(runId: string, page: { before?: number; limit?: number } = {}): RunPage {
    const run = toRunView(this.row(runId));
    const { entries, earlier } = this.deps.repo.entriesPage(runId, {
      before: page.before,
      limit: page.limit ?? RUN_PAGE_LIMIT,
    });
    const first = entries[0]?.seq;
    const anchors =
      earlier && first !== undefined
        ? this.deps.repo.entriesOfKinds(runId, ['checkpoint', 'rollback', 'sandbox'], first)
        : [];
    return { run, entries, earlier, anchors };
  }

  /** Stops the model stream and any running tool; waits until the run has recorded that it stopped. */
  async stop(runId: string): Promise<RunView> {
    this.row(runId);
    const live = this.live.get(runId);
    if (live) {
      live.controller.abort();
      this.approvals.cancelRun(runId);
      await live.done;
    }
    return toRunView(this.row(runId));
  }

  /**
   * A follow-up message; continues a finished, stopped or interrupted run in the same worktree.
   * `options` (a task's preset and env) replace what the run was started with; a restarted Weft
   * has them only from the run's owner.
   */
  send(runId: string, text: string, onEntry?: (entry: RunEntry) => void, options?: Partial<RunOptions>): RunView {
    const row = this.row(runId);
    if (this.live.has(runId))
      throw new WeftError('run_busy', 'The run is still working. Wait for it to finish or stop it first.');
    if (row.review === 'workflow')
      throw new WeftError(
        'invalid_input',
        'This run is a step of a workflow run; retry the step from the workflow instead.',
      );
    if (row.review !== 'open' || row.worktree === null)
      throw new WeftError(
        'invalid_input',
        `This run was ${row.review === 'merged' ? 'merged' : row.review === 'kept' ? 'kept as a branch' : 'discarded'}; start a new run to go on.`,
      );
    const journal = this.journal(runId);
    for (const message of closeDanglingCalls(journal.messages())) journal.message(message);
    // Every message gives the run the allowance it started with, counted from the steps used,
    // and its entry says so: the limit moves by a stated amount, never silently.
    const allowance = stepAllowance(this.deps.repo.entries(runId));
    const limit = row.steps + allowance;
    journal.add({ kind: 'user', text, steps: { allowance, limit } });
    journal.message({ role: 'user', content: text });
    journal.update({ status: 'starting', errorCode: null, errorMessage: null, maxSteps: limit });
    if (options) this.options.set(runId, { ...(this.options.get(runId) ?? { approval: null, env: {} }), ...options });
    this.launch(runId, onEntry);
    return toRunView(this.row(runId));
  }

  /** Answers an approval card. "Always" saves a project rule for this tool (and exact command). */
  approve(runId: string, approvalId: string, decision: ApprovalDecision): void {
    const row = this.row(runId);
    const pending = this.approvals.take(runId, approvalId);
    const journal = this.journal(runId);
    const subject =
      pending.entry.subject.kind === 'command'
        ? pending.entry.subject.command
        : pending.entry.subject.kind === 'diff'
          ? pending.entry.subject.path
          : pending.entry.subject.arguments.slice(0, 500);
    // The run waits on this answer: it gets it even if recording it fails (the error still reaches the UI).
    try {
      journal.replace(pending.entry, { ...pending.entry, decision });
      this.deps.repo.audit({
        at: this.now(),
        projectId: row.projectId,
        runId,
        tool: pending.entry.tool,
        subject,
        decision,
        decidedBy: 'user',
        reason: pending.entry.reason,
      });
      if (decision === 'allow_always')
        this.saveRule({
          projectId: row.projectId,
          tool: literalGlob(pending.entry.tool),
          command: pending.entry.subject.kind === 'command' ? literalGlob(pending.entry.subject.command) : null,
          action: 'allow',
        });
    } finally {
      pending.resolve(decision);
    }
  }

  checkpoints(runId: string) {
    this.row(runId);
    return this.deps.repo.checkpoints(runId);
  }

  changes(runId: string, from: string | null, to: string | null) {
    return this.review.changes(this.idle(runId, false), from, to);
  }

  fileVersions(runId: string, from: string | null, to: string | null, path: string) {
    return this.review.fileVersions(this.idle(runId, false), from, to, path);
  }

  rollback(runId: string, checkpointId: string | null): Promise<RunView> {
    return this.review.rollback(this.idle(runId, true), checkpointId);
  }

  undoRollback(runId: string): Promise<RunView> {
    return this.review.undoRollback(this.idle(runId, true));
  }

  finish(runId: string, action: 'merge' | 'cherry_pick' | 'branch' | 'discard', paths?: readonly string[]) {
    const row = this.idle(runId, true);
    // A board task owns its worktree (named task-<id>): merging, keeping or discarding it here
    // would remove the worktree under the task and skip the merge queue.
    if (row.worktree !== null && taskIdOfWorkspace(basename(row.worktree)) !== null) {
      const title = row.task.split('\n')[0]?.trim() || taskIdOfWorkspace(basename(row.worktree))!;
      throw new WeftError(
        'invalid_input',
        action === 'discard'
          ? `This run belongs to task “${title}”; cancel the task on the board instead.`
          : `This run belongs to task “${title}”; approve it on the board, which lands it through the merge queue.`,
      );
    }
    return this.review.finish(row, action, paths ?? []);
  }

  rules(projectId: string): PolicyRule[] {
    return this.deps.repo.rules(projectId);
  }

  saveRule(input: {
    projectId: string | null;
    tool: string;
    command: string | null;
    action: PolicyAction;
  }): PolicyRule {
    const rule: PolicyRule = { id: randomBytes(8).toString('hex'), ...input, createdAt: this.now() };
    this.deps.repo.insertRule(rule);
    return rule;
  }

  removeRule(id: string): void {
    if (!this.deps.repo.rule(id)) throw new WeftError('invalid_input', 'That rule no longer exists.');
    this.deps.repo.removeRule(id);
  }

  audit(projectId: string, runId: string | undefined, limit: number): AuditRow[] {
    return this.deps.repo.auditRows(projectId, runId, limit);
  }

  /** Settles when the run is not working (at once when it is not live). */
  async settled(runId: string): Promise<RunView> {
    await this.live.get(runId)?.done;
    return toRunView(this.row(runId));
  }

  /** Settles when every live run has stopped (tests, shutdown). */
  async idleAll(): Promise<void> {
    await Promise.all([...this.live.values()].map((l) => l.done));
  }

  async dispose(): Promise<void> {
    for (const live of this.live.values()) live.controller.abort();
    this.approvals.cancelAll();
    await this.idleAll();
  }

  /** Drives the run in the background; `onEntry` hears each entry the drive writes. */
  private launch(runId: string, onEntry?: (entry: RunEntry) => void): void {
    const controller = new AbortController();
    const done = this.driver
      .drive(this.journal(runId, onEntry), controller.signal, this.options.get(runId) ?? { approval: null, env: {} })
      .catch((error: unknown) => this.deps.log.error({ err: error, runId }, 'agent run crashed'))
      .finally(() => this.live.delete(runId));
    this.live.set(runId, { controller, done });
  }

  private newRun(fields: NewRun): RunJournal {
    return recordNewRun(this.deps.repo, (id) => this.journal(id), this.now(), fields);
  }

  private journal(runId: string, onEntry?: (entry: RunEntry) => void): RunJournal {
    return new RunJournal(runId, this.deps.repo, this.deps.events, this.now, onEntry);
  }

  private row(runId: string) {
    const row = this.deps.repo.run(runId);
    if (!row) throw new WeftError('run_not_found', 'That agent run no longer exists.');
    return row;
  }

  /** A run that is not working right now; review actions need the worktree to hold still. */
  private idle(runId: string, mustBeIdle: boolean) {
    const row = this.row(runId);
    if (mustBeIdle && this.live.has(runId))
      throw new WeftError('run_busy', 'The run is still working. Stop it before rolling back or finishing.');
    if (mustBeIdle && row.review === 'workflow')
      throw new WeftError(
        'invalid_input',
        'This run is a step of a workflow run; its changes are reviewed, rolled back and merged with the workflow run.',
      );
    return row;
  }
}
