import type { AgentStepRunner } from '../ports';
import {
  NodeFailure,
  type ExecutionContext,
  type NodeExecutor,
  type NodeResult,
  type ResolvedInput,
} from '../core/types';
import type { RootFor } from './shell';

/** Runs an `agent` step as an agent run in the worktree; a run that did not complete fails the step. */
export class AgentStepExecutor implements NodeExecutor<'agent'> {
  constructor(
    private readonly agents: AgentStepRunner,
    private readonly rootFor: RootFor,
  ) {}

  async execute(input: ResolvedInput<'agent'>, context: ExecutionContext): Promise<NodeResult> {
    const root = await this.rootFor(context, input.workspace);
    const result = await this.agents.run({
      projectId: context.projectId,
      root,
      prompt: input.prompt,
      ...(input.model ? { model: input.model } : {}),
      ...(input.maxSteps !== undefined ? { maxSteps: input.maxSteps } : {}),
      signal: context.signal,
      onLog: (text) => context.log(text),
    });
    const metrics = {
      costUsd: result.costUsd,
      ...(result.inputTokens !== undefined ? { inputTokens: result.inputTokens } : {}),
      ...(result.outputTokens !== undefined ? { outputTokens: result.outputTokens } : {}),
    };
    if (result.status !== 'completed') {
      const retryable = result.status === 'failed';
      throw new NodeFailure(
        result.status === 'cancelled' ? 'cancelled' : `agent_${result.status}`,
        `The agent run ${result.runId} ended as ${result.status.replace(/_/g, ' ')}${result.summary ? `: ${result.summary}` : '.'}`,
        retryable,
        metrics,
      );
    }
    return { output: { runId: result.runId, summary: result.summary }, metrics };
  }
}
