import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { WorkflowExecution } from '../../../src/main/workflow/core/execution';
import { posixQuote, windowsQuote } from '../../../src/main/workflow/core/resolve';
import { plainScope } from '../../../src/shared/workflow/scope';
import { resolveText } from '../../../src/shared/workflow/template';
import {
  NodeFailure,
  type ExecutionContext,
  type NodeResult,
  type PriorOutcome,
} from '../../../src/main/workflow/core/types';
import type { WorkflowEventBody } from '../../../src/shared/workflow/run';
import { workflowDefinitionSchema, type WorkflowDefinition } from '../../../src/shared/workflow/schema';
import { resolveInputs } from '../../../src/shared/workflow/inputs';
import { validateWorkflow } from '../../../src/shared/workflow/validate';
import { until } from '../../helpers/until';

type Behaviour = (input: { command: { shell: string } }, ctx: ExecutionContext) => Promise<NodeResult> | NodeResult;

/** A workflow run against shell steps whose behaviour the test scripts per node key. */
function harness(
  raw: object,
  behaviours: Record<string, Behaviour> = {},
  options: { prior?: Map<string, PriorOutcome>; workflows?: Record<string, object> } = {},
) {
  const checked = validateWorkflow({ version: 1, ...raw });
  expect(checked.issues).toEqual([]);
  const definition = checked.definition!;
  const events: WorkflowEventBody[] = [];
  const ran: string[] = [];
  const delays: number[] = [];
  let active = 0;
  let maxActive = 0;
  const execution = new WorkflowExecution(
    {
      runId: 'run1',
      projectId: 'p1',
      definition,
      inputs: resolveInputs(definition, 'task' in definition.inputs ? { task: 'go' } : {}).values,
      root: '/tmp/x',
      attempt: 1,
      mode: 'start',
      ...(options.prior ? { prior: options.prior } : {}),
    },
    {
      executors: {
        shell: {
          async execute(input, ctx) {
            ran.push(ctx.node);
            active++;
            maxActive = Math.max(maxActive, active);
            try {
              const behaviour = behaviours[ctx.node] ?? behaviours[ctx.node.split('/').pop()!];
              return behaviour
                ? await behaviour(input as { command: { shell: string } }, ctx)
                : { output: { ran: ctx.node, command: (input.command as { shell: string }).shell } };
            } finally {
              active--;
            }
          },
        },
      },
      emit: (e) => events.push(e),
      loadWorkflow: async (name) => {
        const w = options.workflows?.[name];
        if (!w) throw new NodeFailure('workflow_not_found', `No workflow ${name}.`, false);
        return workflowDefinitionSchema.parse({ version: 1, ...w }) as WorkflowDefinition;
      },
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 0.5,
    },
  );
  return {
    execution,
    events,
    ran,
    delays,
    maxActive: () => maxActive,
    types: (node?: string) =>
      events
        .filter((e) => e.type.startsWith('node.') && (!node || ('node' in e && e.node === node)))
        .map((e) => e.type),
  };
}

const sh = (id: string, more: object = {}) => ({ id, kind: 'shell', command: `run ${id}`, ...more });

describe('workflow engine: ordering and parallelism', () => {
  it('runs a node only after everything upstream, fan-out and fan-in', async () => {
    const h = harness({
      concurrency: 8,
      nodes: [sh('a'), sh('b'), sh('c'), sh('d')],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'a', to: 'c' },
        { from: 'b', to: 'd' },
        { from: 'c', to: 'd' },
      ],
    });
    expect(await h.execution.run()).toEqual({ status: 'completed', outputs: {} });
    expect(h.ran[0]).toBe('a');
    expect(h.ran.slice(1, 3).sort()).toEqual(['b', 'c']);
    expect(h.ran[3]).toBe('d');
    expect(h.events[0]).toMatchObject({ type: 'run.started', attempt: 1, mode: 'start' });
    expect(h.events.at(-1)).toEqual({ type: 'run.completed', outputs: {} });
    expect(h.types('d')).toEqual(['node.started', 'node.completed']);
  });

  it('never runs more steps at once than the concurrency limit', async () => {
    const slow: Behaviour = () => new Promise((r) => setTimeout(() => r({ output: null }), 5));
    const ids = Array.from({ length: 12 }, (_, i) => `n${i}`);
    const h = harness(
      { concurrency: 3, nodes: ids.map((id) => sh(id)) },
      Object.fromEntries(ids.map((id) => [id, slow])),
    );
    await h.execution.run();
    expect(h.ran).toHaveLength(12);
    expect(h.maxActive()).toBe(3);
  });

  it('fills templates from inputs and upstream outputs, and resolves the workflow outputs', async () => {
    const h = harness(
      {
        inputs: { task: { type: 'string' } },
        outputs: { final: '{{nodes.b.output.command}}' },
        nodes: [sh('a', { command: 'plan {{inputs.task}}' }), sh('b', { command: 'do {{nodes.a.output.files[1]}}' })],
        edges: [{ from: 'a', to: 'b' }],
      },
      { a: () => ({ output: { files: ['x.ts', "it's.ts"] } }) },
    );
    expect(await h.execution.run()).toEqual({ status: 'completed', outputs: { final: `do 'it'\\''s.ts'` } });
    expect(h.events.find((e) => e.type === 'node.started' && e.node === 'a')).toMatchObject({
      input: expect.objectContaining({ command: { shell: "plan 'go'" } }),
    });
  });
});

describe('shell command templates', () => {
  it('takes a command that is exactly one reference as the command itself, and quotes values elsewhere', async () => {
    const h = harness({
      inputs: { task: { type: 'string' } },
      nodes: [sh('whole', { command: '{{inputs.task}}' }), sh('part', { command: 'echo {{inputs.task}}' })],
    });
    await h.execution.run();
    const inputs = h.events.filter((e) => e.type === 'node.started').map((e) => (e as { input: object }).input);
    expect(inputs).toEqual([
      expect.objectContaining({ command: { shell: 'go' } }),
      expect.objectContaining({ command: { shell: "echo 'go'" } }),
    ]);
  });

  it('quotes for cmd.exe only what it can quote safely', () => {
    expect(windowsQuote('a b & c')).toBe('"a b & c"');
    expect(() => windowsQuote('50%')).toThrow(/argv form/);
    expect(() => windowsQuote('say "hi"')).toThrow(/argv form/);
    expect(posixQuote("it's")).toBe(`'it'\\''s'`);
    expect(windowsQuote('a & b', 'echo "Title: ')).toBe('a & b');
  });

  it('keeps a value data wherever the author put the reference: bare, in double or in single quotes', () => {
    const value = `x $(touch pwned) \`id\` "q" 'a' \\ y`;
    const scope = plainScope({ inputs: { v: value } });
    for (const command of ['echo {{inputs.v}}', 'echo "Title: {{inputs.v}}"', "echo 'Title: {{inputs.v}}'"]) {
      const line = resolveText(command, scope, { quote: posixQuote });
      const printed = execFileSync('sh', ['-c', line], { encoding: 'utf8', cwd: tmpdir() });
      expect(printed, command).toBe(`${command.includes('Title') ? 'Title: ' : ''}${value}\n`);
    }
  });
});

describe('workflow engine: failures', () => {
  it('retries with exponential backoff and jitter, then succeeds', async () => {
    let calls = 0;
    const h = harness(
      { nodes: [sh('flaky', { retries: { max: 3, backoffMs: 100 } })] },
      {
        flaky: () => {
          calls++;
          if (calls < 3) throw new Error(`boom ${calls}`);
          return { output: 'ok' };
        },
      },
    );
    expect((await h.execution.run()).status).toBe('completed');
    expect(h.types('flaky')).toEqual([
      'node.started',
      'node.retried',
      'node.started',
      'node.retried',
      'node.started',
      'node.completed',
    ]);
    // random 0.5 → three quarters of the ceiling: 100·2^(n-1)·0.75.
    expect(h.delays).toEqual([75, 150]);
    expect(h.events.find((e) => e.type === 'node.retried')).toMatchObject({
      attempt: 2,
      error: { code: 'failed', message: 'boom 1' },
    });
  });

  it('does not retry failures another try cannot fix', async () => {
    const h = harness(
      { nodes: [sh('denied', { retries: { max: 3 } })] },
      {
        denied: () => {
          throw new NodeFailure('policy_denied', 'Not allowed.', false);
        },
      },
    );
    expect(await h.execution.run()).toEqual({
      status: 'failed',
      error: { code: 'policy_denied', message: 'Not allowed.' },
      node: 'denied',
    });
    expect(h.types('denied')).toEqual(['node.started', 'node.failed']);
  });

  it('times a step out through its signal, and stops waiting for one that ignores it', async () => {
    let sawAbort = false;
    const h = harness(
      {
        nodes: [sh('polite', { timeoutMs: 20 }), sh('deaf', { timeoutMs: 20 })],
        edges: [],
      },
      {
        polite: (_i, ctx) =>
          new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => {
              sawAbort = true;
              reject(new Error('aborted'));
            }),
          ),
        deaf: () => new Promise(() => undefined),
      },
    );
    const outcome = await h.execution.run();
    expect(outcome.status).toBe('failed');
    expect(sawAbort).toBe(true);
    const failures = h.events.filter((e) => e.type === 'node.failed');
    expect(failures.map((f) => (f as { error: { code: string } }).error.code)).toEqual(['timeout', 'timeout']);
  });

  it('routes a failure along its failure edge and skips the success path', async () => {
    const h = harness(
      {
        nodes: [sh('test'), sh('fix'), sh('ship'), sh('after', { join: 'any' })],
        edges: [
          { from: 'test', to: 'fix', on: 'failure' },
          { from: 'test', to: 'ship' },
          { from: 'fix', to: 'after' },
          { from: 'ship', to: 'after' },
        ],
      },
      {
        test: () => {
          throw new NodeFailure('exit_code', 'Tests failed.');
        },
      },
    );
    expect((await h.execution.run()).status).toBe('completed');
    expect(h.ran).toEqual(['test', 'fix', 'after']);
    expect(h.events).toContainEqual({
      type: 'node.failed',
      node: 'test',
      error: { code: 'exit_code', message: 'Tests failed.' },
      handled: true,
      metrics: { durationMs: expect.any(Number) },
    });
    expect(h.types('ship')).toEqual(['node.skipped']);
  });

  it('fails the run on an unhandled failure: running steps finish, nothing new starts', async () => {
    let finishSlow: () => void = () => undefined;
    const h = harness(
      {
        concurrency: 4,
        nodes: [sh('bad'), sh('slow'), sh('next'), sh('afterSlow')],
        edges: [
          { from: 'bad', to: 'next' },
          { from: 'slow', to: 'afterSlow' },
        ],
      },
      {
        bad: () => {
          throw new Error('broken');
        },
        slow: () => new Promise((r) => (finishSlow = () => r({ output: 'slow done' }))),
      },
    );
    const done = h.execution.run();
    await until(() => h.types('bad').includes('node.failed'));
    finishSlow();
    expect(await done).toMatchObject({ status: 'failed', node: 'bad', error: { message: 'broken' } });
    expect(h.types('slow')).toEqual(['node.started', 'node.completed']);
    expect(h.ran).not.toContain('next');
    expect(h.ran).not.toContain('afterSlow');
  });
});

describe('workflow engine: conditions, map, loop, sub-workflows', () => {
  it('follows the branch a condition picks and joins branches with join any', async () => {
    const h = harness(
      {
        nodes: [
          sh('test'),
          { id: 'green', kind: 'condition', expression: 'nodes.test.output.exitCode == 0' },
          sh('commit'),
          sh('fix'),
          { id: 'label', kind: 'condition', expression: 'nodes.test.output.exitCode > 0 ? "red" : "ok"' },
          sh('onRed'),
          sh('end', { join: 'any' }),
        ],
        edges: [
          { from: 'test', to: 'green' },
          { from: 'green', to: 'commit', on: 'true' },
          { from: 'green', to: 'fix', on: 'false' },
          { from: 'test', to: 'label' },
          { from: 'label', to: 'onRed', on: 'red' },
          { from: 'commit', to: 'end' },
          { from: 'fix', to: 'end' },
        ],
      },
      { test: () => ({ output: { exitCode: 2 } }) },
    );
    expect((await h.execution.run()).status).toBe('completed');
    expect(h.ran.sort()).toEqual(['end', 'fix', 'onRed', 'test']);
    expect(h.events).toContainEqual(
      expect.objectContaining({ type: 'node.completed', node: 'green', output: false, branch: 'false' }),
    );
    expect(h.types('commit')).toEqual(['node.skipped']);
  });

  it('maps a body over a list with a concurrency limit and collects results in order', async () => {
    const h = harness(
      {
        concurrency: 16,
        nodes: [
          sh('plan'),
          {
            id: 'each',
            kind: 'map',
            items: '{{nodes.plan.output.files}}',
            concurrency: 2,
            result: '{{nodes.impl.output.command}}',
            body: { nodes: [sh('impl', { command: 'edit {{item}} #{{index}}' })], edges: [] },
          },
        ],
        edges: [{ from: 'plan', to: 'each' }],
        outputs: { all: '{{nodes.each.output}}' },
      },
      {
        plan: () => ({ output: { files: ['a', 'b', 'c', 'd', 'e'] } }),
        impl: (input) => new Promise((r) => setTimeout(() => r({ output: { command: input.command.shell } }), 3)),
      },
    );
    const outcome = await h.execution.run();
    expect(outcome).toEqual({
      status: 'completed',
      outputs: { all: ["edit 'a' #'0'", "edit 'b' #'1'", "edit 'c' #'2'", "edit 'd' #'3'", "edit 'e' #'4'"] },
    });
    expect(h.maxActive()).toBe(2);
    expect(h.ran).toContain('each/4/impl');
  });

  it('fails a map when an item fails, and does not start the remaining items', async () => {
    const h = harness(
      {
        nodes: [
          {
            id: 'each',
            kind: 'map',
            items: '{{inputs.list}}',
            concurrency: 1,
            body: { nodes: [sh('impl')], edges: [] },
          },
        ],
        inputs: { list: { type: 'json', default: [1, 2, 3, 4] } },
      },
      {
        'each/1/impl': () => {
          throw new NodeFailure('exit_code', 'no');
        },
      },
    );
    expect(await h.execution.run()).toMatchObject({
      status: 'failed',
      node: 'each',
      error: { code: 'exit_code', message: 'Item 2: no' },
    });
    expect(h.ran).toEqual(['each/0/impl', 'each/1/impl']);
  });

  it('repeats a loop body until its test holds, within its bound', async () => {
    let runs = 0;
    const h = harness(
      {
        nodes: [
          {
            id: 'green',
            kind: 'loop',
            maxIterations: 5,
            until: 'nodes.test.status == "completed"',
            body: {
              nodes: [sh('test'), sh('fix', { command: 'fix pass {{loop.iteration}}: {{nodes.test.error.message}}' })],
              edges: [{ from: 'test', to: 'fix', on: 'failure' }],
            },
          },
        ],
        outputs: { passes: '{{nodes.green.output.iterations}}' },
      },
      {
        test: () => {
          runs++;
          if (runs < 3) throw new NodeFailure('exit_code', `${3 - runs} failing`);
          return { output: 'green' };
        },
      },
    );
    expect(await h.execution.run()).toEqual({ status: 'completed', outputs: { passes: 3 } });
    expect(h.ran).toEqual(['green/1/test', 'green/1/fix', 'green/2/test', 'green/2/fix', 'green/3/test']);
    expect(h.events).toContainEqual(
      expect.objectContaining({
        node: 'green/2/fix',
        type: 'node.started',
        input: expect.objectContaining({ command: { shell: "fix pass '2': '1 failing'" } }),
      }),
    );
  });

  it('fails a loop that reaches its bound, which a failure edge can route', async () => {
    const h = harness({
      nodes: [
        { id: 'again', kind: 'loop', maxIterations: 3, until: 'false', body: { nodes: [sh('step')], edges: [] } },
        sh('giveUp'),
      ],
      edges: [{ from: 'again', to: 'giveUp', on: 'failure' }],
    });
    expect((await h.execution.run()).status).toBe('completed');
    expect(h.ran).toEqual(['again/1/step', 'again/2/step', 'again/3/step', 'giveUp']);
    expect(h.events).toContainEqual(
      expect.objectContaining({
        type: 'node.failed',
        node: 'again',
        error: expect.objectContaining({ code: 'loop_exhausted' }),
      }),
    );
  });

  it('calls another workflow with inputs and reads its outputs', async () => {
    const h = harness(
      {
        inputs: { task: { type: 'string' } },
        nodes: [{ id: 'review', kind: 'workflow', workflow: 'lint', inputs: { path: 'src/{{inputs.task}}' } }],
        outputs: { verdict: '{{nodes.review.output.result}}' },
      },
      {},
      {
        workflows: {
          lint: {
            inputs: { path: { type: 'string' } },
            nodes: [sh('check', { command: 'lint {{inputs.path}}' })],
            outputs: { result: '{{nodes.check.output.command}}' },
          },
        },
      },
    );
    expect(await h.execution.run()).toEqual({ status: 'completed', outputs: { verdict: "lint 'src/go'" } });
    expect(h.ran).toEqual(['review/check']);
  });
});

describe('workflow engine: approval, pause, cancel, resume', () => {
  it('waits at an approval node until approved, then goes on', async () => {
    const h = harness({
      nodes: [sh('plan'), { id: 'ok', kind: 'approval', message: 'Ship {{nodes.plan.output.ran}}?' }, sh('ship')],
      edges: [
        { from: 'plan', to: 'ok' },
        { from: 'ok', to: 'ship' },
      ],
    });
    const done = h.execution.run();
    await until(() => h.execution.status === 'awaiting_approval');
    expect(h.execution.waiting()).toEqual([{ node: 'ok', message: 'Ship plan?' }]);
    expect(h.ran).toEqual(['plan']);
    expect(h.execution.approve('nope', { approved: true })).toBe(false);
    expect(h.execution.approve('ok', { approved: true, comment: 'go' })).toBe(true);
    expect((await done).status).toBe('completed');
    expect(h.ran).toEqual(['plan', 'ship']);
    expect(h.events.filter((e) => e.type === 'run.status')).toEqual([
      { type: 'run.status', status: 'awaiting_approval' },
      { type: 'run.status', status: 'running' },
    ]);
    expect(h.events).toContainEqual(
      expect.objectContaining({ type: 'node.completed', node: 'ok', output: { approved: true, comment: 'go' } }),
    );
  });

  it('fails an approval that is rejected', async () => {
    const h = harness({ nodes: [{ id: 'ok', kind: 'approval' }, sh('ship')], edges: [{ from: 'ok', to: 'ship' }] });
    const done = h.execution.run();
    await until(() => h.execution.waiting().length === 1);
    h.execution.approve('ok', { approved: false, comment: 'not today' });
    expect(await done).toMatchObject({ status: 'failed', error: { code: 'rejected', message: 'Rejected: not today' } });
    expect(h.ran).toEqual([]);
  });

  it('pauses on demand: the running step finishes, the next waits until unpaused', async () => {
    let release: () => void = () => undefined;
    const h = harness(
      { nodes: [sh('a'), sh('b')], edges: [{ from: 'a', to: 'b' }] },
      { a: () => new Promise((r) => (release = () => r({ output: 1 }))) },
    );
    const done = h.execution.run();
    await until(() => h.ran.length === 1);
    h.execution.pause();
    expect(h.execution.status).toBe('paused');
    release();
    await until(() => h.types('a').includes('node.completed'));
    expect(h.types('a')).toEqual(['node.started', 'node.completed']);
    expect(h.ran).toEqual(['a']);
    h.execution.unpause();
    expect((await done).status).toBe('completed');
    expect(h.ran).toEqual(['a', 'b']);
  });

  it('cancels: the running step sees its signal abort, nothing else starts, the run ends cancelled', async () => {
    let aborted = false;
    const h = harness(
      {
        nodes: [sh('long'), sh('next'), { id: 'ask', kind: 'approval' }],
        edges: [{ from: 'long', to: 'next' }],
      },
      {
        long: (_i, ctx) =>
          new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => {
              aborted = true;
              reject(new Error('killed'));
            }),
          ),
      },
    );
    const done = h.execution.run();
    await until(() => h.ran.length === 1 && h.execution.waiting().length === 1);
    h.execution.cancel();
    expect(await done).toEqual({ status: 'cancelled' });
    expect(aborted).toBe(true);
    expect(h.ran).toEqual(['long']);
    expect(h.events.at(-1)).toEqual({ type: 'run.cancelled' });
    expect(h.events).toContainEqual(
      expect.objectContaining({
        type: 'node.failed',
        node: 'long',
        error: expect.objectContaining({ code: 'cancelled' }),
        handled: false,
      }),
    );
  });

  it('reuses earlier outcomes on resume: settled nodes do not run again, inside containers too', async () => {
    const prior = new Map<string, PriorOutcome>([
      ['a', { status: 'completed', output: { v: 1 } }],
      ['each/0/impl', { status: 'completed', output: 'done before' }],
      ['t', { status: 'failed', error: { code: 'x', message: 'handled before' } }],
    ]);
    const h = harness(
      {
        nodes: [
          sh('a'),
          sh('b', { command: 'b {{nodes.a.output.v}}' }),
          { id: 'each', kind: 'map', items: '{{inputs.list}}', body: { nodes: [sh('impl')], edges: [] } },
          sh('t'),
          sh('h'),
        ],
        edges: [
          { from: 'a', to: 'b' },
          { from: 't', to: 'h', on: 'failure' },
        ],
        inputs: { list: { type: 'json', default: [1, 2] } },
      },
      {},
      { prior },
    );
    expect((await h.execution.run()).status).toBe('completed');
    expect(h.ran.sort()).toEqual(['b', 'each/1/impl', 'h']);
    expect(h.events).toContainEqual(
      expect.objectContaining({
        node: 'b',
        type: 'node.started',
        input: expect.objectContaining({ command: { shell: "b '1'" } }),
      }),
    );
  });
});
