import { describe, expect, it } from 'vitest';
import { createExecutors, executorFactories } from '../../src/main/workflow/executors';
import { kindFields } from '../../src/renderer/src/features/workflow/fields';
import { kindIcons } from '../../src/renderer/src/features/workflow/kind-icons';
import { kindInfo, newNode } from '../../src/renderer/src/features/workflow/node-kinds';
import { stepKinds } from '../../src/shared/workflow/kinds';
import { isLeafKind, leafKinds, nodeKinds, nodeSchema } from '../../src/shared/workflow/schema';
import { validateWorkflow } from '../../src/shared/workflow/validate';

// Every kind declares the same parts, so a kind added with one missing is caught here (the
// tables typed `satisfies Record<NodeKind, …>` catch most of it already at the type check).
describe('step kinds', () => {
  it('are registered under their own name', () => {
    expect(nodeKinds.length).toBeGreaterThan(0);
    for (const kind of nodeKinds) expect(stepKinds[kind].kind).toBe(kind);
  });

  it.each(nodeKinds)('%s: a new node parses, open only in the fields the author must choose', (kind) => {
    const descriptor = stepKinds[kind];
    const node = newNode(kind, 'n', { x: 0, y: 0 });
    expect(node).toMatchObject({ id: 'n', kind, label: descriptor.palette.title, ...descriptor.defaults });
    const parsed = nodeSchema.safeParse(node);
    const open = parsed.success ? [] : parsed.error.issues.map((i) => String(i.path[0]));
    for (const field of open) expect(descriptor.unfilled ?? [], 'fields left open').toContain(field);
    // In a workflow the problems a new node shows are on those fields (and an empty body).
    const { issues } = validateWorkflow({ version: 1, nodes: [node] });
    for (const issue of issues) expect([...(descriptor.unfilled ?? []), 'body']).toContain(issue.field);
  });

  it.each(nodeKinds)('%s: has form fields for its own schema keys, a palette entry and an icon', (kind) => {
    const descriptor = stepKinds[kind];
    const keys = Object.keys(descriptor.schema.shape);
    expect(descriptor.fields.length).toBeGreaterThan(0);
    for (const field of descriptor.fields) expect(keys, field.key).toContain(field.key);
    expect(kindFields[kind]).toBe(descriptor.fields);
    expect(descriptor.palette.title).not.toBe('');
    expect(kindInfo.filter((k) => k.kind === kind)).toHaveLength(1);
    expect(typeof kindIcons[kind]).toBe('object');
  });

  it.each(nodeKinds)('%s: is run by an executor or, for control flow, by the engine', (kind) => {
    const runner = executorFactories[kind];
    if (stepKinds[kind].runs === 'engine') {
      expect(runner).toBe('engine');
      expect(isLeafKind(kind)).toBe(false);
    } else {
      expect(typeof runner).toBe('function');
      expect(isLeafKind(kind)).toBe(true);
    }
  });

  it('builds an executor for every executor kind when its services are there, and none for the others', () => {
    const present = {} as never;
    const { table } = createExecutors(
      { runner: present, models: present, defaultModel: () => null, tools: present, agents: present, git: present },
      async () => '/tmp',
      () => null,
    );
    expect(Object.keys(table).sort()).toEqual([...leafKinds].sort());
    for (const kind of leafKinds) expect(typeof table[kind]?.execute).toBe('function');
    // Without the agent and tool services their steps fail `unsupported` instead.
    const bare = createExecutors(
      { runner: present, models: present, defaultModel: () => null, tools: null, agents: null, git: present },
      async () => '/tmp',
      () => null,
    );
    expect(Object.keys(bare.table).sort()).toEqual(leafKinds.filter((k) => k !== 'agent' && k !== 'tool').sort());
  });

  it('lists the palette in its declared order', () => {
    const orders = kindInfo.map((k) => stepKinds[k.kind as keyof typeof stepKinds].palette.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    // The kinds the palette had before kinds declared their order keep their places.
    const before = ['agent', 'llm', 'shell', 'git', 'tool', 'condition', 'map', 'loop', 'approval', 'workflow'];
    expect(kindInfo.map((k) => k.kind).filter((k) => before.includes(k))).toEqual(before);
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('keeps container nodes strict: a map with an unknown field is refused', () => {
    const map = { ...newNode('map', 'm', { x: 0, y: 0 }), items: '{{inputs.x}}', surprise: 1 };
    expect(nodeSchema.safeParse(map).success).toBe(false);
    const { surprise: _, ...clean } = map;
    expect(nodeSchema.safeParse(clean).success).toBe(true);
  });
});
