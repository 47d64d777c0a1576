import type { ShellExecutor, ToolSetFactory } from '../../mcp/tool-set';
import type { ExecutorTable } from '../core/types';
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
  return {
    tools,
    table: {
      shell: new ShellStepExecutor(deps.runner, rootFor),
      llm: new LlmStepExecutor(deps.models, deps.defaultModel),
      git: new GitStepExecutor(deps.git ?? new WorkflowGitSteps(), baseOf),
      ...(tools ? { tool: tools } : {}),
      ...(deps.agents ? { agent: new AgentStepExecutor(deps.agents, rootFor) } : {}),
      ...deps.executors,
    },
  };
}
