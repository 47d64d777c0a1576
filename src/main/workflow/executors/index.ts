import type { ShellExecutor, ToolSetFactory } from '../../mcp/tool-set';
import { leafKinds, type LeafKind, type NodeKind } from '../../../shared/workflow/schema';
import type { ExecutorTable, NodeExecutor } from '../core/types';
import { WorkflowGitSteps } from '../git-steps';
import type { AgentStepRunner, WorkflowGit, WorkflowModels } from '../ports';
import { AgentStepExecutor } from './agent';
import { GitStepExecutor } from './git';
import { LlmStepExecutor, type DefaultModel } from './llm';
import { ShellStepExecutor, type RootFor, type ShellRunner } from './shell';
import { ToolStepExecutor } from './tool';

/** The collaborators the executors are built from (a subset of WorkflowServiceDeps). */
export interface ExecutorDeps {
  readonly runner: ShellRunner;
  readonly models: WorkflowModels;
  readonly defaultModel: DefaultModel;
  readonly tools: ToolSetFactory | null;
  readonly agents: AgentStepRunner | null;
  readonly git?: WorkflowGit;
  readonly toolShell?: ShellExecutor;
  /** Replaces executors (the benchmark's no-op steps). */
  readonly executors?: ExecutorTable;
}

/** What an executor is built from. */
interface Parts {
  readonly deps: ExecutorDeps;
  readonly rootFor: RootFor;
  readonly baseOf: (runId: string) => string | null;
  /** Shared with the agents' MCP tool calls. */
  readonly tools: ToolStepExecutor | null;
}

/** Builds a kind's executor, or null when the service it needs is not there (its nodes then fail `unsupported`). */
type ExecutorFactory<K extends LeafKind> = (parts: Parts) => NodeExecutor<K> | null;

/**
 * Who runs each kind: an executor, or `'engine'` for control kinds the engine runs itself
 * (src/main/workflow/core/scope-run.ts). Total over the kinds, so a new kind without an
 * entry fails the type check.
 */
export const executorFactories = {
  agent: ({ deps, rootFor }) => (deps.agents ? new AgentStepExecutor(deps.agents, rootFor) : null),
  llm: ({ deps }) => new LlmStepExecutor(deps.models, deps.defaultModel),
  tool: ({ tools }) => tools,
  shell: ({ deps, rootFor }) => new ShellStepExecutor(deps.runner, rootFor),
  git: ({ deps, baseOf }) => new GitStepExecutor(deps.git ?? new WorkflowGitSteps(), baseOf),
  condition: 'engine',
  map: 'engine',
  loop: 'engine',
  approval: 'engine',
  workflow: 'engine',
} satisfies { readonly [K in NodeKind]: K extends LeafKind ? ExecutorFactory<K> : 'engine' };

/** One executor per step kind; tool and agent steps only when their services are there. */
export function createExecutors(
  deps: ExecutorDeps,
  rootFor: RootFor,
  baseOf: (runId: string) => string | null,
): { table: ExecutorTable; tools: ToolStepExecutor | null } {
  // The MCP built-in shell tool runs its commands through the same runner as shell steps.
  const toolShell: ShellExecutor = deps.toolShell ?? {
    run: async ({ command, cwd, timeoutMs, signal }) => {
      const r = await deps.runner.run({ command: { shell: command }, cwd, timeoutMs, signal });
      return { exitCode: r.exitCode, signal: r.signal, timedOut: r.timedOut, output: r.stdout + r.stderr };
    },
  };
  const tools = deps.tools ? new ToolStepExecutor(deps.tools, toolShell) : null;
  const parts: Parts = { deps, rootFor, baseOf, tools };
  const table: { [K in LeafKind]?: NodeExecutor<K> } = {};
  for (const kind of leafKinds) {
    const executor = (executorFactories[kind] as ExecutorFactory<typeof kind>)(parts);
    if (executor) (table as Record<LeafKind, NodeExecutor<typeof kind>>)[kind] = executor;
  }
  return { tools, table: { ...table, ...deps.executors } };
}
