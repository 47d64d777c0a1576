import { z } from 'zod';
import { engineKind } from './kind';
import { common, template, templateAt } from './parts';

/** `map`: runs its body once per item of a list, some at once. */
export const mapKind = engineKind({
  kind: 'map',
  container: true,
  schema: z
    .object({
      ...common,
      kind: z.literal('map'),
      /** A template that resolves to a list, e.g. `{{nodes.plan.output.files}}`. */
      items: template,
      /** Items in progress at once. */
      concurrency: z.number().int().min(1).max(64).optional(),
      /** Per item, in the item's scope; default: `{ <innerId>: output }` of the body's nodes. */
      result: z.unknown().optional(),
    })
    .strict(),
  palette: { title: 'Map', summary: 'Repeat a body per item', accent: 'bg-indigo-500', order: 70 },
  defaults: { items: '', concurrency: 2 },
  unfilled: ['items'],
  fields: [
    { key: 'items', label: 'Items', type: 'template', help: 'A list, e.g. {{nodes.plan.output.files}}.', mono: true },
    { key: 'concurrency', label: 'At once', type: 'number', min: 1, max: 64 },
    {
      key: 'result',
      label: 'Result per item (JSON)',
      type: 'json',
      help: 'Default: each body node’s output by id.',
      mono: true,
    },
  ],
  reads: (node) => [
    templateAt('items', node.items),
    { field: 'result', value: node.result, expression: false, inner: true },
  ],
});
