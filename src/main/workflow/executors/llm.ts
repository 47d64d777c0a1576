import type { JsonValue, WorkflowModel } from '../../../shared/workflow/schema';
import type { WorkflowModels } from '../ports';
import {
  NodeFailure,
  type ExecutionContext,
  type NodeExecutor,
  type NodeResult,
  type ResolvedInput,
} from '../core/types';

/** The model an `llm` step uses when it names none (the "quick edits" default in the app). */
export type DefaultModel = () => WorkflowModel | null;

/** One model call: the output is the JSON value when the step asks for a schema, else the text. */
export class LlmStepExecutor implements NodeExecutor<'llm'> {
  constructor(
    private readonly models: WorkflowModels,
    private readonly defaultModel: DefaultModel,
  ) {}

  async execute(input: ResolvedInput<'llm'>, context: ExecutionContext): Promise<NodeResult> {
    const model = input.model ?? this.defaultModel();
    if (!model) {
      throw new NodeFailure(
        'invalid_input',
        'This step names no model and no default model for quick edits is set (Settings → Models).',
        false,
      );
    }
    const result = await this.models.complete(
      model.providerId,
      {
        model: model.model,
        ...(input.system ? { system: input.system } : {}),
        messages: [{ role: 'user', content: input.prompt }],
        ...(input.outputSchema ? { responseSchema: { name: 'output', schema: input.outputSchema } } : {}),
        ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
        ...(input.maxTokens !== undefined ? { maxTokens: input.maxTokens } : {}),
      },
      {
        purpose: 'quick',
        attribution: { projectId: context.projectId, workflowId: context.runId, nodeId: context.node },
        signal: context.signal,
      },
    );
    const metrics = {
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      costUsd: result.costUsd,
    };
    if (!input.outputSchema) return { output: result.text, metrics };
    let value = result.structured;
    if (value === undefined) {
      try {
        value = JSON.parse(result.text);
      } catch {
        throw new NodeFailure(
          'invalid_output',
          'The model did not answer with JSON matching the output schema.',
          true,
          metrics,
        );
      }
    }
    return { output: value as JsonValue, metrics };
  }
}
