import { z } from 'zod';
import { resolveText } from '../template';
import { executorKind } from './kind';
import {
  checkModel,
  modelField,
  refsHelp,
  retryable,
  template,
  templateAt,
  workflowModelSchema,
  type WorkflowModel,
} from './parts';

/** What a model call's executor is given. */
export interface LlmInput {
  model?: WorkflowModel;
  system?: string;
  prompt: string;
  outputSchema?: Record<string, unknown>;
  temperature?: number;
  maxTokens?: number;
}

/** `llm`: one model call, answering text or (with an output schema) JSON. */
export const llmKind = executorKind({
  kind: 'llm',
  schema: z
    .object({
      ...retryable,
      kind: z.literal('llm'),
      /** Without one, the default model for quick edits. */
      model: workflowModelSchema.optional(),
      system: template.optional(),
      prompt: template,
      /** A JSON Schema: the node's output is then the JSON value the model answered, else its text. */
      outputSchema: z.record(z.string(), z.unknown()).optional(),
      temperature: z.number().min(0).max(2).optional(),
      maxTokens: z.number().int().min(1).max(1_000_000).optional(),
    })
    .strict(),
  palette: { title: 'Model call', summary: 'One model call: text or JSON', accent: 'bg-sky-500', order: 20 },
  defaults: { prompt: '' },
  fields: [
    modelField,
    { key: 'system', label: 'System prompt', type: 'template' },
    { key: 'prompt', label: 'Prompt', type: 'template', help: refsHelp },
    {
      key: 'outputSchema',
      label: 'Output JSON Schema',
      type: 'json',
      help: 'With a schema the output is the JSON the model answered; without, its text.',
      mono: true,
    },
    { key: 'temperature', label: 'Temperature', type: 'number', min: 0, max: 2 },
    { key: 'maxTokens', label: 'Max tokens', type: 'number', min: 1, max: 1_000_000 },
  ],
  reads: (node) => [templateAt('system', node.system), templateAt('prompt', node.prompt)],
  check: (node, { models }, report) => checkModel(node.model, models, report),
  resolve: (node, scope): LlmInput => ({
    ...(node.model ? { model: node.model } : {}),
    ...(node.system !== undefined ? { system: resolveText(node.system, scope) } : {}),
    prompt: resolveText(node.prompt, scope),
    ...(node.outputSchema ? { outputSchema: node.outputSchema } : {}),
    ...(node.temperature !== undefined ? { temperature: node.temperature } : {}),
    ...(node.maxTokens !== undefined ? { maxTokens: node.maxTokens } : {}),
  }),
});
