// The inspector's form: the rows every node has around the rows its kind declares (in
// src/shared/workflow/kinds/<kind>.ts). A unit test checks that every field of every kind in the
// schema has a row (and no more).
import { stepKinds } from '../../../../shared/workflow/kinds';
import type { Field } from '../../../../shared/workflow/kinds';
import { isNodeKind, nodeKinds, type NodeKind } from '../../../../shared/workflow/schema';

export type { Field, FieldType } from '../../../../shared/workflow/kinds';

/** Fields every node has, shown first. */
export const commonFields: readonly Field[] = [
  { key: 'id', label: 'Id', type: 'id', help: 'Other nodes read this node as nodes.<id>.output.', mono: true },
  { key: 'label', label: 'Label', type: 'text', help: 'Shown on the canvas.' },
  { key: 'description', label: 'Description', type: 'textarea' },
];

/** Fields every node has, shown under "Advanced". */
export function advancedFields(kind: string): Field[] {
  const fields: Field[] = [
    { key: 'timeoutMs', label: 'Timeout (ms)', type: 'number', min: 1, max: 7 * 86_400_000 },
    {
      key: 'join',
      label: 'Runs when',
      type: 'select',
      options: ['all', 'any'],
      help: 'all: every incoming edge taken (default); any: at least one, e.g. where branches meet.',
    },
  ];
  if (isNodeKind(kind) && stepKinds[kind].runs === 'executor') {
    fields.push({ key: 'retries', label: 'Retries', type: 'retries', help: 'Retries with exponential backoff.' });
  }
  return fields;
}

/** The fields particular to each kind. */
export const kindFields: Readonly<Record<string, readonly Field[]>> = Object.fromEntries(
  nodeKinds.map((k) => [k, stepKinds[k].fields]),
) as Record<NodeKind, readonly Field[]>;

/** Fields not edited in the form: the canvas sets these. */
export const canvasOwnedKeys: readonly string[] = ['kind', 'position', 'body'];
