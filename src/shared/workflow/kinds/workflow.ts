import { z } from 'zod';
import { engineKind } from './kind';
import { common, refsHelp, templateAt, workflowNameSchema } from './parts';

/** `workflow`: runs another workflow of the project and answers its outputs. */
export const workflowKind = engineKind({
  kind: 'workflow',
  schema: z
    .object({
      ...common,
      kind: z.literal('workflow'),
      workflow: workflowNameSchema,
      inputs: z.record(z.string(), z.unknown()).default({}),
    })
    .strict(),
  palette: { title: 'Workflow', summary: 'Call another workflow', accent: 'bg-slate-500', order: 100 },
  defaults: { workflow: '', inputs: {} },
  unfilled: ['workflow'],
  fields: [
    { key: 'workflow', label: 'Workflow', type: 'text', mono: true, placeholder: 'name in .weft/workflows' },
    { key: 'inputs', label: 'Inputs (JSON)', type: 'json', help: refsHelp, mono: true },
  ],
  reads: (node) => [templateAt('inputs', node.inputs)],
  check: (node, { workflows, self }, report) => {
    if (self !== undefined && node.workflow === self) report('workflow', 'A workflow cannot call itself.');
    else if (workflows && !workflows.includes(node.workflow))
      report('workflow', `There is no workflow "${node.workflow}" in .weft/workflows.`);
  },
});
