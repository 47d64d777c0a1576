// What WorkflowService is built from: its collaborators in the composition root.
import type { WorkflowEvent } from '../../shared/workflow/run';
import type { Store } from '../db/client';
import type { Logger } from '../logging/logger';
import type { ShellExecutor, ToolSetFactory } from '../mcp/tool-set';
import type { ExecutorTable } from './core/types';
import type { DefaultModel } from './executors/llm';
import type { ShellRunner } from './executors/shell';
import type { JournalOptions } from './journal';
import type { AgentStepRunner, ModelPort, ProjectRootOf, TrustOf, WorkflowGit, WorkspaceProvider } from './ports';

/** What WorkflowService is built from, in the composition root. */
export interface WorkflowServiceDeps {
  readonly store: Store;
  readonly projectRoot: ProjectRootOf;
  /** Supplies each run's worktree. */
  readonly workspaces: WorkspaceProvider;
  /** `shell` steps (CommandRunner). */
  readonly runner: ShellRunner;
  /** `llm` steps (ModelService). */
  readonly models: ModelPort;
  /** The model of an `llm` step that names none. */
  readonly defaultModel: DefaultModel;
  /** `tool` steps (McpService); null until it is wired. */
  readonly tools: ToolSetFactory | null;
  /** `agent` steps; null until it is wired. */
  readonly agents: AgentStepRunner | null;
  /** `git` steps; defaults to git in the worktree. */
  readonly git?: WorkflowGit;
  /** How the MCP built-in shell tool runs commands for `tool` steps; defaults to the runner. */
  readonly toolShell?: ShellExecutor;
  /** Provider id → model names (null: any name), for validation. */
  readonly knownModels?: () => ReadonlyMap<string, readonly string[] | null>;
  /** Tool names a project's runs can call, for validation; null: not checked. */
  readonly knownTools?: (projectId: string) => Promise<readonly string[] | null>;
  /**
   * Whether the project's own definitions may run (ProjectService.isTrusted); absent: every
   * project is (engine tests and the benchmark, which build the service without projects).
   */
  readonly isTrusted?: TrustOf;
  readonly log: Logger;
  /** Hears journal batches once committed (to stream them to the renderer). */
  readonly onEvents?: (events: readonly (WorkflowEvent & { runId: string })[]) => void;
  /**
   * Whether someone is watching (a window is connected): while so, runs other processes write to
   * the journal (`weft run`, a second Weft) are streamed through `onEvents` too. Absent: not watched.
   */
  readonly watchOtherProcesses?: () => boolean;
  /** Replaces executors (the benchmark's no-op steps). */
  readonly executors?: ExecutorTable;
  readonly journal?: Pick<JournalOptions, 'maxBatch' | 'now'>;
}
