import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { issuesAtLevel } from '../../../src/renderer/src/features/workflow/canvas-context';
import { copySelection, pasteClip } from '../../../src/renderer/src/features/workflow/clipboard';
import {
  advancedFields,
  canvasOwnedKeys,
  commonFields,
  kindFields,
} from '../../../src/renderer/src/features/workflow/fields';
import { fromFlow, toFlow } from '../../../src/renderer/src/features/workflow/flow';
import { emptyHistory, HISTORY_LIMIT, record, redo, undo } from '../../../src/renderer/src/features/workflow/history';
import { DEFAULT_SIZE, layoutGraph } from '../../../src/renderer/src/features/workflow/layout';
import {
  allIds,
  graphAt,
  normalize,
  renameNode,
  uniqueId,
  withGraphAt,
  type LooseGraph,
} from '../../../src/renderer/src/features/workflow/model';
import { newNode, sourceHandles } from '../../../src/renderer/src/features/workflow/node-kinds';
import { formatCost, formatDuration, summarizeNode } from '../../../src/renderer/src/features/workflow/run-summary';
import type { NodeRunView } from '../../../src/shared/domain/workflow-runs';
import { nodeKinds, nodeSchema } from '../../../src/shared/workflow/schema';
import { validateWorkflow } from '../../../src/shared/workflow/validate';

const file = {
  version: 1,
  name: 'Fix loop',
  inputs: { task: { type: 'string' } },
  nodes: [
    { id: 'plan', kind: 'llm', prompt: 'plan {{inputs.task}}', position: { x: 0, y: 0 } },
    {
      id: 'each',
      kind: 'map',
      items: '{{nodes.plan.output.files}}',
      position: { x: 300, y: 0 },
      body: {
        nodes: [
          { id: 'impl', kind: 'agent', prompt: 'do {{item}}' },
          { id: 'check', kind: 'shell', command: 'npm test', allowFailure: true },
        ],
        edges: [{ from: 'impl', to: 'check' }],
      },
    },
    { id: 'gate', kind: 'condition', expression: '"ship"', position: { x: 600, y: 0 } },
    { id: 'ship', kind: 'git', op: 'commit', message: 'done', position: { x: 900, y: 0 } },
    { id: 'report', kind: 'llm', prompt: 'why', position: { x: 900, y: 200 } },
  ],
  edges: [
    { from: 'plan', to: 'each' },
    { from: 'each', to: 'gate' },
    { from: 'gate', to: 'ship', on: 'ship' },
    { from: 'plan', to: 'report', on: 'failure' },
  ],
};

describe('definition ↔ canvas', () => {
  it('round-trips a workflow through React Flow nodes and edges unchanged, branch and failure edges included', () => {
    const def = normalize(structuredClone(file));
    const flow = toFlow(def);
    expect(flow.nodes.map((n) => n.id)).toEqual(['plan', 'each', 'gate', 'ship', 'report']);
    expect(flow.edges.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([
      ['plan', 'success', 'each'],
      ['each', 'success', 'gate'],
      ['gate', 'ship', 'ship'],
      ['plan', 'failure', 'report'],
    ]);
    expect(flow.nodes[0]!.data.def).not.toHaveProperty('position');
    const back = withGraphAt(def, [], fromFlow(flow.nodes, flow.edges, def));
    expect(back).toEqual(file);
    expect(validateWorkflow(back).issues).toEqual([]);
  });

  it('keeps measured sizes and selection of nodes it rebuilds, and edges it cannot draw', () => {
    const def = normalize({ ...structuredClone(file), edges: [...file.edges, { from: 'plan', to: 'ghost' }] });
    const first = toFlow(def);
    first.nodes[0] = { ...first.nodes[0]!, measured: { width: 240, height: 90 }, selected: true };
    const again = toFlow(def, first.nodes);
    expect(again.nodes[0]).toMatchObject({ measured: { width: 240, height: 90 }, selected: true });
    expect(again.edges).toHaveLength(4);
    // The dangling edge stays in the file so its problem stays visible; deleting a node drops its edges.
    expect(fromFlow(again.nodes, again.edges, def).edges).toContainEqual({ from: 'plan', to: 'ghost' });
    const withoutPlan = fromFlow(
      again.nodes.slice(1),
      again.edges.filter((e) => e.source !== 'plan'),
      def,
    );
    expect(withoutPlan.edges.some((e) => e.from === 'plan' && e.to !== 'ghost')).toBe(false);
  });

  it('reads drafts loosely: nodes without ids get one, unknown fields are kept', () => {
    const def = normalize({ version: 1, nodes: [{ kind: 'shell', command: 'ls', extra: 1 }, 'junk'], edges: 'no' });
    expect(def.nodes).toEqual([{ id: 'node', kind: 'shell', command: 'ls', extra: 1 }]);
    expect(def.edges).toEqual([]);
  });

  it('edits one level at a time: a map body is read and written in place', () => {
    const def = normalize(structuredClone(file));
    const body = graphAt(def, ['each']);
    expect(body.nodes.map((n) => n.id)).toEqual(['impl', 'check']);
    const changed = withGraphAt(def, ['each'], { ...body, edges: [] });
    expect(graphAt(changed, ['each']).edges).toEqual([]);
    expect(changed.nodes[0]).toBe(def.nodes[0]);
    expect(graphAt(def, ['nope', 'x'])).toEqual({ nodes: [], edges: [] });
    expect([...allIds(def)].sort()).toEqual(['check', 'each', 'gate', 'impl', 'plan', 'report', 'ship']);
  });

  it('names new nodes uniquely and renames with their edges', () => {
    expect(uniqueId('shell', new Set(['shell', 'shell_2']))).toBe('shell_3');
    expect(uniqueId('9 lives!', new Set())).toBe('n_9_lives_');
    const g: LooseGraph = normalize(structuredClone(file));
    const renamed = renameNode(g, 'plan', 'design');
    expect(renamed.edges.filter((e) => e.from === 'design')).toHaveLength(2);
    expect(renamed.nodes[0]!.id).toBe('design');
  });

  it('gives every new node of every kind the fields its kind needs, and condition nodes their branch handles', () => {
    for (const kind of nodeKinds) {
      const node = newNode(kind, kind, { x: 1.4, y: 2.6 });
      expect(node.position).toEqual({ x: 1, y: 3 });
      const { issues } = validateWorkflow({ version: 1, nodes: [node] });
      // Only fields a person must choose (a tool, a workflow to call, a map's items, an empty body) are left open.
      for (const issue of issues) expect(['tool', 'workflow', 'items', 'body']).toContain(issue.field);
    }
    const def = normalize(structuredClone(file));
    const gate = def.nodes.find((n) => n.id === 'gate')!;
    expect(sourceHandles(gate, def, ['maybe'])).toEqual(['true', 'false', 'maybe', 'ship']);
    expect(sourceHandles(def.nodes[0]!, def)).toEqual(['success', 'failure']);
  });
});

describe('inspector fields', () => {
  it('has a row for every field of every node kind in the schema, and none the schema lacks', () => {
    const union = (nodeSchema as unknown as z.ZodLazy<z.ZodDiscriminatedUnion<z.ZodObject[]>>).unwrap();
    for (const option of union.options) {
      const shape = (option as z.ZodObject).shape;
      const kind = (shape.kind as z.ZodLiteral<string>).value;
      const schemaKeys = Object.keys(shape)
        .filter((k) => !canvasOwnedKeys.includes(k))
        .sort();
      const formKeys = [...commonFields, ...(kindFields[kind] ?? []), ...advancedFields(kind)].map((f) => f.key).sort();
      expect(formKeys, kind).toEqual(schemaKeys);
    }
  });
});

describe('automatic layout', () => {
  it('places each step to the right of what it waits for, without overlaps', () => {
    const nodes = ['a', 'b', 'c', 'd'].map((id) => ({ id }));
    const edges = [
      { source: 'a', target: 'b' },
      { source: 'a', target: 'c' },
      { source: 'b', target: 'd' },
      { source: 'c', target: 'd' },
    ];
    const at = layoutGraph(nodes, edges);
    const x = (id: string) => at.get(id)!.x;
    expect(x('a')).toBeLessThan(x('b'));
    expect(x('b')).toBe(x('c'));
    expect(x('c')).toBeLessThan(x('d'));
    const [b, c] = [at.get('b')!, at.get('c')!];
    expect(Math.abs(b.y - c.y)).toBeGreaterThanOrEqual(DEFAULT_SIZE.height);
    // Measured sizes count: a tall node does not overlap its neighbour.
    const tall = layoutGraph([{ id: 'b', height: 400 }, { id: 'c' }, { id: 'a' }], edges.slice(0, 2));
    const [tb, tc] = [tall.get('b')!.y, tall.get('c')!.y];
    const apart = tb < tc ? tc >= tb + 400 : tb >= tc + DEFAULT_SIZE.height;
    expect(apart).toBe(true);
  });
});

describe('undo stack', () => {
  it('undoes and redoes in order, and a new change clears redo', () => {
    let h = emptyHistory<number>();
    h = record(h, 1, null, 0);
    h = record(h, 2, null, 10);
    const u1 = undo(h, 3)!;
    expect(u1.state).toBe(2);
    const u2 = undo(u1.history, u1.state)!;
    expect(u2.state).toBe(1);
    expect(undo(u2.history, 1)).toBeNull();
    const r1 = redo(u2.history, 1)!;
    expect(r1.state).toBe(2);
    const branched = record(r1.history, 2, null, 20);
    expect(redo(branched, 9)).toBeNull();
  });

  it('makes one step of quick edits to one field, and keeps at most the limit', () => {
    let h = emptyHistory<string>();
    h = record(h, 'a', 'node:x:prompt', 0);
    h = record(h, 'ab', 'node:x:prompt', 300);
    h = record(h, 'abc', 'node:x:prompt', 600);
    expect(h.past).toEqual(['a']);
    h = record(h, 'abcd', 'node:x:prompt', 5000);
    expect(h.past).toEqual(['a', 'abcd']);
    let long = emptyHistory<number>();
    for (let i = 0; i < HISTORY_LIMIT + 50; i++) long = record(long, i, null, i * 2000);
    expect(long.past).toHaveLength(HISTORY_LIMIT);
    expect(long.past[0]).toBe(50);
  });
});

describe('copy and paste', () => {
  it('copies the selected steps with the edges between them, and pastes them with fresh ids', () => {
    const def = normalize(structuredClone(file));
    const clip = copySelection(def, new Set(['plan', 'each', 'report']))!;
    expect(clip.edges).toEqual([
      { from: 'plan', to: 'each' },
      { from: 'plan', to: 'report', on: 'failure' },
    ]);
    const { graph, pasted } = pasteClip(def, clip, allIds(def), { x: 40, y: 40 });
    expect(pasted).toEqual(['plan_2', 'each_2', 'report_2']);
    expect(graph.edges.slice(-2)).toEqual([
      { from: 'plan_2', to: 'each_2' },
      { from: 'plan_2', to: 'report_2', on: 'failure' },
    ]);
    const each2 = graph.nodes.find((n) => n.id === 'each_2')!;
    expect(each2.position).toEqual({ x: 340, y: 40 });
    // The body's ids are unique across the whole workflow too, as the validator asks.
    expect(each2.body!.nodes.map((n) => n.id)).toEqual(['impl_2', 'check_2']);
    expect(each2.body!.edges).toEqual([{ from: 'impl_2', to: 'check_2' }]);
    const result = withGraphAt(def, [], graph);
    expect(validateWorkflow(result).issues.filter((i) => i.message.includes('also the id'))).toEqual([]);
    expect(copySelection(def, new Set())).toBeNull();
  });
});

const view = (key: string, status: NodeRunView['status'], extra: Partial<NodeRunView> = {}): NodeRunView => ({
  key,
  kind: 'agent',
  status,
  attempt: 1,
  startedAt: 0,
  endedAt: null,
  durationMs: null,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: null,
  branch: null,
  error: null,
  handled: false,
  message: null,
  ...extra,
});

describe('run state on the canvas', () => {
  it('shows a top-level node as it is and sums the items of a map body', () => {
    const nodes = {
      plan: view('plan', 'completed', { durationMs: 1200, inputTokens: 100, outputTokens: 20, costUsd: 0.01 }),
      'each/0/impl': view('each/0/impl', 'completed', {
        durationMs: 1000,
        inputTokens: 10,
        outputTokens: 5,
        costUsd: 0.002,
      }),
      'each/1/impl': view('each/1/impl', 'running'),
      'each/10/impl': view('each/10/impl', 'completed', {
        durationMs: 500,
        inputTokens: 1,
        outputTokens: 1,
        costUsd: null,
      }),
      'each/1/check': view('each/1/check', 'failed', { error: { code: 'exit_code', message: 'boom' } }),
    };
    expect(summarizeNode(nodes, [], 'plan')).toMatchObject({
      status: 'completed',
      tokens: 120,
      costUsd: 0.01,
      count: 1,
    });
    const impl = summarizeNode(nodes, ['each'], 'impl')!;
    expect(impl).toMatchObject({ status: 'running', count: 3, completed: 2, durationMs: 1500, tokens: 17, key: null });
    // One item used a model without a price: the sum is unknown rather than too low.
    expect(impl.costUsd).toBeNull();
    expect(summarizeNode(nodes, ['each'], 'check')).toMatchObject({
      status: 'failed',
      error: 'boom',
      key: 'each/1/check',
    });
    expect(summarizeNode(nodes, [], 'impl')).toBeNull();
  });

  it('pins problems to the node at the level shown, counting problems inside a body for its container', () => {
    const issues = [
      { node: 'plan', field: 'prompt', message: 'a' },
      { node: 'each/impl', field: 'prompt', message: 'b' },
      { node: 'each/impl', field: null, message: 'c' },
      { node: null, field: 'inputs', message: 'd' },
    ];
    const top = issuesAtLevel(issues, []);
    expect(top.get('plan')).toHaveLength(1);
    expect(top.get('each')).toHaveLength(2);
    expect(issuesAtLevel(issues, ['each']).get('impl')).toHaveLength(2);
  });

  it('formats durations and costs for people', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
    expect(formatDuration(null)).toBe('–');
    expect(formatCost(0.0042)).toBe('$0.0042');
    expect(formatCost(1.254)).toBe('$1.25');
  });
});
