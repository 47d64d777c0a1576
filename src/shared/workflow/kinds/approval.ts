import { z } from 'zod';
import { engineKind } from './kind';
import { common, template, templateAt } from './parts';

/** `approval`: the run waits until a person approves or rejects. */
export const approvalKind = engineKind({
  kind: 'approval',
  schema: z
    .object({
      ...common,
      kind: z.literal('approval'),
      /** What the person approving is asked. */
      message: template.optional(),
    })
    .strict(),
  palette: { title: 'Approval', summary: 'Wait for a person', accent: 'bg-rose-500', order: 90 },
  defaults: { message: 'Continue?' },
  fields: [{ key: 'message', label: 'Question', type: 'template' }],
  reads: (node) => [templateAt('message', node.message)],
});
