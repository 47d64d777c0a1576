import type { JsonValue } from '../../../shared/workflow/schema';
import type { ShellExecutor, ToolSet, ToolSetFactory } from '../../mcp/tool-set';
import {
  NodeFailure,
  type ExecutionContext,
  type NodeExecutor,
  type NodeResult,
  type ResolvedInput,
} from '../core/types';

/**
 * Calls one MCP tool. A run opens its tool set once, on its first tool step, and closes it when
 * the run ends (`closeRun`), so steps of a run share connections.
 */
export class ToolStepExecutor implements NodeExecutor<'tool'> {
  private readonly sets = new Map<string, Promise<ToolSet>>();

  constructor(
    private readonly factory: ToolSetFactory,
    private readonly shell: ShellExecutor,
  ) {}

  private toolSet(context: ExecutionContext): Promise<ToolSet> {
    let set = this.sets.get(context.runId);
    if (!set) {
      set = this.factory.open({ projectId: context.projectId, root: context.root, shell: this.shell });
      set.catch(() => this.sets.delete(context.runId));
      this.sets.set(context.runId, set);
    }
    return set;
  }

  async execute(input: ResolvedInput<'tool'>, context: ExecutionContext): Promise<NodeResult> {
    const set = await this.toolSet(context);
    if (!set.tools.some((t) => t.name === input.tool)) {
      throw new NodeFailure('invalid_input', `There is no tool "${input.tool}" in this project.`, false);
    }
    const outcome = await set.call(input.tool, input.arguments, context.signal);
    if (outcome.isError)
      throw new NodeFailure('tool_error', outcome.text.slice(0, 2000) || 'The tool reported an error.');
    if (input.parse === 'text') return { output: outcome.text };
    try {
      return { output: JSON.parse(outcome.text) as JsonValue };
    } catch {
      throw new NodeFailure('invalid_output', 'The tool did not answer with JSON.', false);
    }
  }

  /** Closes the tool set a run opened. */
  async closeRun(runId: string): Promise<void> {
    const set = this.sets.get(runId);
    this.sets.delete(runId);
    await set?.then((s) => s.close()).catch(() => undefined);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.sets.keys()].map((id) => this.closeRun(id)));
  }
}
