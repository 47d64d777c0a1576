// The collaborators WorkflowService is built from. Each is a small interface so the app can hand
// in its real services (run worktrees, agent runs, MCP tools) and tests can hand in fixtures.
// Shapes the agent service shares with the workflow service (models, projects, agent steps) are
// declared here once, and AgentService is built from the same ones.

import type { WorkflowModel } from '../../shared/workflow/schema';
import type { CompleteOptions } from '../models/model-service';
import type { ModelRequest, ModelResult } from '../models/core/types';

/** The directory a run's steps work in. */
export interface RunWorkspace {
  /** Absolute path of the worktree. */
  readonly root: string;
  /** The run's branch (`weft/<runId>`), or null when the steps work in place. */
  readonly branch: string | null;
  /** The commit the workspace started from; the default base of `git diff` steps. */
  readonly baseCommit: string | null;
}

/** Supplies a run's worktree (in the app: a git worktree on `weft/<runId>` under the data dir). */
export interface WorkspaceProvider {
  /** A workspace for a new run. */
  open(request: { projectId: string; projectRoot: string; runId: string }): Promise<RunWorkspace>;
  /** The workspace of an earlier attempt, for resume and retry; throws a WeftError if it is gone. */
  reopen(request: { projectId: string; projectRoot: string; runId: string; root: string }): Promise<RunWorkspace>;
  /**
   * Called when a run ends (not when Weft shuts down): a workspace holding no change is removed so
   * runs leave no clutter; one with changes is kept for the user to merge, keep or discard.
   */
  release?(request: { projectId: string; projectRoot: string; runId: string; workspace: RunWorkspace }): Promise<void>;
  /** A worktree of its own for one step (`"workspace": "own"`); without it such steps fail as unsupported. */
  openForNode?(request: {
    projectId: string;
    projectRoot: string;
    runId: string;
    node: string;
    parent: RunWorkspace;
  }): Promise<RunWorkspace>;
}

/** A project's repository folder (ProjectService.root); throws a WeftError for an unknown project. */
export type ProjectRootOf = (projectId: string) => string;

/** Whether a project's own definitions may run and its commands run unasked (ProjectService.isTrusted). */
export type TrustOf = (projectId: string) => boolean;

/** One `agent` step: an agent run inside `root`, the workflow run's worktree. */
export interface AgentStepRequest {
  readonly projectId: string;
  readonly root: string;
  readonly prompt: string;
  readonly model?: WorkflowModel;
  readonly maxSteps?: number;
  readonly signal: AbortSignal;
  /** Progress lines for the node's log. */
  readonly onLog?: (text: string) => void;
}

/** How an agent step's run ended. */
export interface AgentStepResult {
  readonly runId: string;
  /** `completed`, or why the agent run stopped (`failed`, `step_limit`, `budget_exceeded`, `cancelled`). */
  readonly status: string;
  readonly summary: string;
  readonly costUsd: number | null;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

/** Runs one `agent` step (AgentService.runStep satisfies it). */
export interface AgentStepRunner {
  run(request: AgentStepRequest): Promise<AgentStepResult>;
}

/** Git operations of `git` steps, inside the run's worktree. */
export interface WorkflowGit {
  /** Stages everything and commits; `commit` is null when there was nothing to commit. */
  commit(root: string, message: string, signal: AbortSignal): Promise<{ commit: string | null }>;
  /** Creates a branch at HEAD (without switching to it). */
  branch(root: string, name: string, signal: AbortSignal): Promise<{ branch: string; commit: string }>;
  /** The working tree against `base` (a revision), with the changed paths. */
  diff(root: string, base: string, signal: AbortSignal): Promise<{ diff: string; files: string[] }>;
  /** Merges `branch` into the checked-out branch; a conflict is aborted and reported. */
  merge(root: string, branch: string, signal: AbortSignal): Promise<{ commit: string }>;
}

/** Model calls of agent runs and `llm` steps (ModelService satisfies it). */
export interface ModelPort {
  complete(providerId: string, request: ModelRequest, options?: CompleteOptions): Promise<ModelResult>;
}

/** The name the workflow's executors know the model port by. */
export type WorkflowModels = ModelPort;

/** A worktree its caller owns (the board's task worktree) for a run to work in; the run never removes it. */
export interface GivenPlace extends RunWorkspace {
  /** Variables every `shell` step there gets (the task's PORT block and environment.json's). */
  readonly env?: Readonly<Record<string, string>>;
}

/** How a workflow run ended, as the board needs it. */
export type WorkflowRunEnd =
  | { readonly status: 'completed' }
  | { readonly status: 'failed'; readonly code: string; readonly message: string; readonly node: string | null }
  | { readonly status: 'cancelled' | 'interrupted' };

/** What the board needs of WorkflowService to run a task assigned a workflow. */
export interface WorkflowRunsPort {
  /** Starts the workflow file `name` of the project in `place`; returns the run id at once. */
  startIn(
    projectId: string,
    name: string,
    inputs: Readonly<Record<string, unknown>>,
    place: GivenPlace,
  ): Promise<string>;
  /** Continues an interrupted or failed run in `place`; completed steps are reused. */
  resumeIn(runId: string, place: GivenPlace): Promise<void>;
  /** Resolves when the run ends (at once, from its record, when it is not live). */
  ended(runId: string): Promise<WorkflowRunEnd>;
  /** Stops a live run (a cancelled task). */
  cancel(runId: string): void;
}
