import { describe, expect, it } from 'vitest';
import { evaluateExpression, ExpressionError, parseExpression } from '../../../src/shared/workflow/expression';
import { resolveInputs } from '../../../src/shared/workflow/inputs';
import { plainScope, type NodeView } from '../../../src/shared/workflow/scope';
import {
  parseTemplate,
  resolveDeep,
  resolveTemplate,
  TemplateError,
  templateReferences,
} from '../../../src/shared/workflow/template';
import { starterTemplates } from '../../../src/shared/workflow/templates';
import { validateWorkflow, type ValidationContext } from '../../../src/shared/workflow/validate';

const done = (output: unknown): NodeView => ({ status: 'completed', output, error: null });

const scope = plainScope({
  inputs: { task: 'fix the bug', n: 3 },
  nodes: {
    plan: done({ files: ['a.ts', 'b.ts'], summary: 'two files' }),
    test: done({ exitCode: 1, stdout: 'FAIL src/a.test.ts' }),
    broken: { status: 'failed', output: null, error: { code: 'timeout', message: 'took too long' } },
  },
  item: { path: 'a.ts' },
  index: 0,
});

describe('templates', () => {
  it('keeps the type of a value when the template is exactly one reference', () => {
    expect(resolveTemplate('{{nodes.plan.output.files}}', scope)).toEqual(['a.ts', 'b.ts']);
    expect(resolveTemplate('{{ inputs.n }}', scope)).toBe(3);
    expect(resolveTemplate('{{nodes.plan.output.files[1]}}', scope)).toBe('b.ts');
  });

  it('writes values into text, objects as JSON, and honours \\{{ as a literal', () => {
    expect(resolveTemplate('Task: {{inputs.task}} in {{nodes.plan.output.files}}', scope)).toBe(
      'Task: fix the bug in ["a.ts","b.ts"]',
    );
    expect(resolveTemplate('\\{{inputs.task}} is {{item.path}} #{{index}}', scope)).toBe('{{inputs.task}} is a.ts #0');
  });

  it('refuses a reference with no value rather than sending half a prompt', () => {
    expect(() => resolveTemplate('{{nodes.plan.output.missing}}', scope)).toThrow(TemplateError);
    expect(() => resolveTemplate('{{nodes.nobody.output}}', scope)).toThrow(/nodes.nobody.output/);
    expect(() => resolveTemplate('{{inputs.constructor}}', scope)).toThrow(TemplateError);
    expect(() => resolveTemplate('{{nodes.plan.output.__proto__}}', scope)).toThrow(TemplateError);
  });

  it('reports malformed templates and unknown roots', () => {
    expect(() => parseTemplate('{{inputs.task')).toThrow(/closing/);
    expect(() => parseTemplate('{{process.env.HOME}}')).toThrow(/must start with/);
    expect(() => parseTemplate('{{nodes[0]}}')).toThrow(TemplateError);
  });

  it('applies a quoting function to inserted values only', () => {
    const quote = (t: string) => `'${t.replace(/'/g, `'\\''`)}'`;
    expect(resolveTemplate('echo {{nodes.test.output.stdout}}; ls', scope, { quote })).toBe(
      "echo 'FAIL src/a.test.ts'; ls",
    );
  });

  it('resolves every string in nested arguments and lists their references', () => {
    const args = { path: '{{item.path}}', opts: ['{{index}}', 'x'], n: 2 };
    expect(resolveDeep(args, scope)).toEqual({ path: 'a.ts', opts: [0, 'x'], n: 2 });
    expect(templateReferences(args).map((r) => r.raw)).toEqual(['item.path', 'index']);
  });
});

describe('expressions', () => {
  const ev = (src: string) => evaluateExpression(src, scope);

  it('compares outputs of earlier nodes', () => {
    expect(ev('nodes.test.output.exitCode == 0')).toBe(false);
    expect(ev('nodes.test.output.exitCode != 0 && contains(nodes.test.output.stdout, "FAIL")')).toBe(true);
    expect(ev('len(nodes.plan.output.files) >= 2 ? "many" : "few"')).toBe('many');
    expect(ev("'a.ts' in nodes.plan.output.files")).toBe(true);
    expect(ev('nodes.broken.status == "failed" and nodes.broken.error.code == "timeout"')).toBe(true);
    expect(ev('not (inputs.n > 2)')).toBe(false);
  });

  it('does arithmetic and string joins without coercing types in comparisons', () => {
    expect(ev('inputs.n * 2 + 1')).toBe(7);
    expect(ev('-inputs.n % 2')).toBe(-1);
    expect(ev('"n=" + inputs.n')).toBe('n=3');
    expect(ev('1 == "1"')).toBe(false);
    expect(ev('[1, [2]] == [1, [2]]')).toBe(true);
    expect(ev('upper(trim("  x "))')).toBe('X');
  });

  it('reads a missing property as null', () => {
    expect(ev('nodes.plan.output.nothing == null')).toBe(true);
    expect(ev('nodes.unknown.output')).toBe(null);
    expect(ev('exists(nodes.plan.output.summary)')).toBe(true);
  });

  it('cannot reach anything outside the scope', () => {
    expect(() => parseExpression('process.exit(1)')).toThrow(ExpressionError);
    expect(() => parseExpression('constructor')).toThrow(/Unknown name/);
    expect(ev('nodes.plan.output.constructor')).toBe(null);
    expect(ev('inputs["__proto__"]')).toBe(null);
    expect(() => parseExpression('len(1, 2)')).toThrow(/takes 1/);
  });

  it('reports errors with their position', () => {
    try {
      parseExpression('nodes.test.output.exitCode == ');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
      expect((error as ExpressionError).at).toBe(30);
    }
    expect(() => ev('inputs.task > 1')).toThrow(/compares two numbers or two texts/);
    expect(() => ev('1 / 0')).toThrow(/Division by zero/);
    expect(() => parseExpression('('.repeat(200) + '1' + ')'.repeat(200))).toThrow(/nested too deeply/);
  });
});

function wf(nodes: unknown[], edges: unknown[] = [], extra: object = {}) {
  return { version: 1, inputs: { task: { type: 'string' } }, nodes, edges, ...extra };
}
const shell = (id: string, command = 'true', more: object = {}) => ({ id, kind: 'shell', command, ...more });
const issuesOf = (raw: unknown, context?: ValidationContext) =>
  validateWorkflow(raw, context).issues.map((i) => `${i.node ?? '-'}: ${i.message}`);

describe('validation', () => {
  it('accepts a workflow with every node kind', () => {
    const result = validateWorkflow(
      wf(
        [
          { id: 'plan', kind: 'llm', prompt: 'Plan {{inputs.task}}', outputSchema: { type: 'object' } },
          { id: 'ok', kind: 'approval', message: 'Plan: {{nodes.plan.output}}' },
          {
            id: 'each',
            kind: 'map',
            items: '{{nodes.plan.output.files}}',
            concurrency: 2,
            body: {
              nodes: [{ id: 'impl', kind: 'agent', prompt: 'Change {{item}} ({{index}}) for {{inputs.task}}' }],
              edges: [],
            },
          },
          {
            id: 'green',
            kind: 'loop',
            maxIterations: 5,
            until: 'nodes.test.status == "completed"',
            body: {
              nodes: [
                shell('test', 'npm test'),
                { id: 'fix', kind: 'agent', prompt: 'Fix: {{nodes.test.error.message}}' },
              ],
              edges: [{ from: 'test', to: 'fix', on: 'failure' }],
            },
          },
          { id: 'check', kind: 'condition', expression: 'nodes.green.output.iterations > 1' },
          { id: 'commit', kind: 'git', op: 'commit', message: 'Done: {{inputs.task}}' },
          { id: 'read', kind: 'tool', tool: 'files__read', arguments: { path: 'README.md' } },
          { id: 'sub', kind: 'workflow', workflow: 'review', inputs: { diff: '{{nodes.read.output}}' } },
        ],
        [
          { from: 'plan', to: 'ok' },
          { from: 'ok', to: 'each' },
          { from: 'each', to: 'green' },
          { from: 'green', to: 'check' },
          { from: 'check', to: 'commit', on: 'true' },
          { from: 'check', to: 'read', on: 'false' },
          { from: 'read', to: 'sub' },
        ],
      ),
      { tools: ['files__read'], workflows: ['review'] },
    );
    expect(result.issues).toEqual([]);
    expect(result.definition?.concurrency).toBe(4);
  });

  it('pins cycles to the nodes on them and points at loop nodes', () => {
    const issues = issuesOf(
      wf(
        [shell('a'), shell('b'), shell('c'), shell('d')],
        [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
          { from: 'c', to: 'b' },
          { from: 'd', to: 'd' },
        ],
      ),
    );
    expect(issues).toEqual([
      expect.stringMatching(/^b: .*cycle.*loop node/),
      expect.stringMatching(/^c: .*cycle/),
      expect.stringMatching(/^d: .*cycle/),
    ]);
    expect(issues).toHaveLength(3);
  });

  it('names unknown node kinds, inside bodies too', () => {
    const issues = issuesOf(
      wf([
        { id: 'x', kind: 'teleport' },
        { id: 'm', kind: 'map', items: '[]', body: { nodes: [{ id: 'y', kind: 'python' }], edges: [] } },
      ]),
    );
    expect(issues).toEqual([
      expect.stringMatching(/^x: Unknown node kind "teleport"/),
      expect.stringMatching(/^m\/y: Unknown node kind "python"/),
    ]);
  });

  it('pins schema errors to the node and field', () => {
    const result = validateWorkflow(
      wf([shell('a'), { id: 'b', kind: 'llm' }, { id: 'c', kind: 'shell', command: 'x', bogus: 1 }]),
    );
    expect(result.definition).toBeNull();
    expect(result.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ node: 'b', field: 'prompt' }),
        expect.objectContaining({ node: 'c' }),
      ]),
    );
  });

  it('finds reads of nodes that do not run before, of unknown nodes and of undeclared inputs', () => {
    const issues = issuesOf(
      wf(
        [
          shell('a', 'echo {{nodes.b.output.stdout}}'),
          shell('b', 'echo {{nodes.zzz.output}} {{inputs.nope}}'),
          shell('c', 'echo {{nodes.a.result}}'),
          shell('d', 'echo {{item}}'),
        ],
        [
          { from: 'a', to: 'b' },
          { from: 'a', to: 'c' },
        ],
      ),
    );
    expect(issues).toEqual([
      'a: Reads nodes.b, which does not run before this node; connect it upstream.',
      'b: Reads nodes.zzz, but there is no node "zzz".',
      'b: Reads the input "nope", which the workflow does not declare.',
      'c: Use nodes.a.output (or .status, .error), not nodes.a.result.',
      'd: item exists only inside a map body.',
    ]);
  });

  it('lets a body read its own nodes and upstream outer nodes, not downstream ones', () => {
    const issues = issuesOf(
      wf(
        [
          shell('before'),
          {
            id: 'loop1',
            kind: 'loop',
            maxIterations: 3,
            until: 'nodes.t.output.exitCode == 0 && nodes.after.status == "completed"',
            body: {
              nodes: [
                shell('t', 'run {{nodes.before.output.stdout}} {{loop.iteration}}'),
                shell('u', '{{nodes.after.output}}'),
              ],
              edges: [{ from: 't', to: 'u' }],
            },
          },
          shell('after'),
        ],
        [
          { from: 'before', to: 'loop1' },
          { from: 'loop1', to: 'after' },
        ],
      ),
    );
    expect(issues).toEqual([
      'loop1: Reads nodes.after, which does not run before this node; connect it upstream.',
      'loop1/u: Reads nodes.after, which does not run before this node; connect it upstream.',
    ]);
  });

  it('checks tools, models and called workflows against what exists', () => {
    const raw = wf([
      { id: 't', kind: 'tool', tool: 'files__nuke' },
      { id: 'l', kind: 'llm', prompt: 'x', model: { providerId: 'nobody', model: 'm' } },
      { id: 'g', kind: 'agent', prompt: 'x', model: { providerId: 'anthropic', model: 'claude-none' } },
      { id: 'h', kind: 'agent', prompt: 'x', model: { providerId: 'local', model: 'anything' } },
      { id: 'w', kind: 'workflow', workflow: 'missing' },
      { id: 's', kind: 'workflow', workflow: 'me' },
    ]);
    const issues = issuesOf(raw, {
      tools: ['files__read'],
      models: new Map([
        ['anthropic', ['claude-sonnet']],
        ['local', null],
      ]),
      workflows: ['me'],
      self: 'me',
    });
    expect(issues).toEqual([
      't: There is no tool "files__nuke"; check the MCP servers of this project.',
      'l: There is no model provider "nobody".',
      'g: The provider "anthropic" has no model "claude-none".',
      'w: There is no workflow "missing" in .weft/workflows.',
      's: A workflow cannot call itself.',
    ]);
  });

  it('refuses branch labels on edges of nodes that are not conditions, and bad expressions', () => {
    const issues = issuesOf(
      wf(
        [shell('a'), shell('b'), { id: 'c', kind: 'condition', expression: 'nodes.a.output.exitCode ==' }],
        [
          { from: 'a', to: 'b', on: 'yes' },
          { from: 'a', to: 'c' },
          { from: 'c', to: 'b', on: 'yes' },
          { from: 'c', to: 'ghost' },
        ],
      ),
    );
    expect(issues).toEqual([
      'a: An edge from a shell node is taken on success or failure, not "yes"; only condition nodes have branch labels.',
      'c: An edge goes to "ghost", but there is no step "ghost".',
      'c: The expression ends too early. (at character 27)',
    ]);
  });

  it('refuses a newer version and a non-object', () => {
    expect(issuesOf({ version: 2, nodes: [] })).toEqual([expect.stringMatching(/newer Weft/)]);
    expect(issuesOf([])).toEqual(['-: A workflow is a JSON object.']);
  });
});

describe('run inputs', () => {
  const def = {
    inputs: {
      task: { type: 'string' as const },
      n: { type: 'number' as const, default: 1 },
      dry: { type: 'boolean' as const, default: false },
      cfg: { type: 'json' as const, default: {} },
    },
  };
  it('converts command-line text to declared types and fills defaults', () => {
    expect(resolveInputs(def, { task: 'x', n: '5', dry: 'true', cfg: '{"a":1}' })).toEqual({
      values: { task: 'x', n: 5, dry: true, cfg: { a: 1 } },
      issues: [],
    });
    expect(resolveInputs(def, { task: 'x' }).values).toEqual({ task: 'x', n: 1, dry: false, cfg: {} });
  });
  it('reports missing, unknown and unreadable values', () => {
    expect(resolveInputs(def, { n: 'many', other: '1' }).issues.map((i) => i.message)).toEqual([
      'The workflow has no input "other".',
      'The input "task" is required.',
      'The input "n" must be a number.',
    ]);
  });
});

describe('starter templates', () => {
  it.each(starterTemplates.map((t) => [t.name, t.definition] as const))(
    '%s is a valid workflow',
    (_name, definition) => {
      expect(validateWorkflow(definition, { workflows: [] }).issues).toEqual([]);
    },
  );
});
