import { z } from 'zod';
import { engineKind } from './kind';
import { common, expression } from './parts';

/** `loop`: runs its body again until a test holds, at most a bounded number of passes. */
export const loopKind = engineKind({
  kind: 'loop',
  container: true,
  schema: z
    .object({
      ...common,
      kind: z.literal('loop'),
      /** The body runs again until this holds (checked after each pass) or the bound is reached, which fails the node. */
      until: expression,
      maxIterations: z.number().int().min(1).max(100),
    })
    .strict(),
  palette: { title: 'Loop', summary: 'Repeat until it holds (bounded)', accent: 'bg-indigo-400', order: 80 },
  defaults: { until: 'true', maxIterations: 5 },
  fields: [
    {
      key: 'until',
      label: 'Until',
      type: 'expression',
      help: 'Checked after each pass, e.g. nodes.test.output.exitCode == 0.',
      mono: true,
    },
    { key: 'maxIterations', label: 'At most (passes)', type: 'number', min: 1, max: 100 },
  ],
  reads: (node) => [{ field: 'until', value: node.until, expression: true, inner: true }],
});
