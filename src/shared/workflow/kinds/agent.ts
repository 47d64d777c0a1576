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
  workspaceField,
  workspaceSchema,
  type WorkflowModel,
} from './parts';

/** What an agent step's executor is given. */
export interface AgentInput {
  prompt: string;
  model?: WorkflowModel;
  maxSteps?: number;
  workspace: 'run' | 'own';
}

/** `agent`: an agent run with a prompt, in the run's worktree or one of its own. */
export const agentKind = executorKind({
  kind: 'agent',
  schema: z
    .object({
      ...retryable,
      kind: z.literal('agent'),
      prompt: template,
      model: workflowModelSchema.optional(),
      maxSteps: z.number().int().min(1).max(1000).optional(),
      workspace: workspaceSchema.optional(),
    })
    .strict(),
  palette: { title: 'Agent', summary: 'An agent run with a prompt', accent: 'bg-violet-500', order: 10 },
  defaults: { prompt: '' },
  fields: [
    { key: 'prompt', label: 'Prompt', type: 'template', help: refsHelp },
    modelField,
    { key: 'maxSteps', label: 'Max steps', type: 'number', min: 1, max: 1000 },
    workspaceField,
  ],
  reads: (node) => [templateAt('prompt', node.prompt)],
  check: (node, { models }, report) => checkModel(node.model, models, report),
  resolve: (node, scope): AgentInput => ({
    prompt: resolveText(node.prompt, scope),
    ...(node.model ? { model: node.model } : {}),
    ...(node.maxSteps !== undefined ? { maxSteps: node.maxSteps } : {}),
    workspace: node.workspace ?? 'run',
  }),
});
