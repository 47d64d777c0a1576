import { z } from 'zod';
import { engineKind } from './kind';
import { common, expression } from './parts';

/** `condition`: picks the outgoing edges whose label matches what its expression gives. */
export const conditionKind = engineKind({
  kind: 'condition',
  branches: true,
  schema: z
    .object({
      ...common,
      kind: z.literal('condition'),
      /** true/false picks the edges labelled `true`/`false`; a string picks edges with that label. */
      expression,
    })
    .strict(),
  palette: { title: 'Condition', summary: 'Choose a branch', accent: 'bg-fuchsia-500', order: 60 },
  defaults: { expression: 'true' },
  fields: [
    {
      key: 'expression',
      label: 'Expression',
      type: 'expression',
      help: 'true/false picks the true/false branch; a string picks the branch with that label.',
      mono: true,
    },
  ],
  reads: (node) => [{ field: 'expression', value: node.expression, expression: true, inner: false }],
});
