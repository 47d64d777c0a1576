import { ancestorsOf, cyclicNodes, indexGraph, type Graph } from './graph';
import { ExpressionError, expressionReferences, parseExpression } from './expression';
import { stepKinds, type StepKind, type TemplateRead, type ValidationContext } from './kinds';
import {
  bodyOf,
  isNodeKind,
  nodeKinds,
  workflowDefinitionSchema,
  type NodeDefinition,
  type SubgraphDefinition,
  type WorkflowDefinition,
} from './schema';
import type { PathSegment, ReferenceRoot } from './scope';
import { zodIssueInWords } from './issue-words';
import { TemplateError, templateReferences, type Reference } from './template';

/** A problem with a workflow, pinned to the node it is on so the canvas can mark it. */
export interface ValidationIssue {
  /** The node's id path (`fix_loop/test` for a node inside a loop body); null: the workflow as a whole. */
  readonly node: string | null;
  /** The field of the node (or workflow) at fault, dotted, when known. */
  readonly field: string | null;
  readonly message: string;
}

export type { ValidationContext } from './kinds';

/** The result: a parsed definition when the file has the right shape, and every issue found. */
export interface ValidationResult {
  readonly definition: WorkflowDefinition | null;
  readonly issues: readonly ValidationIssue[];
}

/** Parses and checks a workflow file's JSON value. Pure. */
export function validateWorkflow(raw: unknown, context: ValidationContext = {}): ValidationResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { definition: null, issues: [{ node: null, field: null, message: 'A workflow is a JSON object.' }] };
  }
  const version = (raw as { version?: unknown }).version;
  if (version !== 1) {
    return {
      definition: null,
      issues: [
        {
          node: null,
          field: 'version',
          message:
            typeof version === 'number' && version > 1
              ? `This workflow is version ${version}, written by a newer Weft. Update Weft to run it.`
              : 'A workflow needs "version": 1.',
        },
      ],
    };
  }
  const kindIssues = unknownKinds(raw);
  const parsed = workflowDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = [...kindIssues];
    for (const issue of parsed.error.issues) {
      const pinned = pin(raw, issue.path as PropertyKey[]);
      // An unknown kind is already reported in words; zod's union error on it adds nothing.
      if (kindIssues.some((k) => k.node !== null && k.node === pinned.node)) continue;
      issues.push({
        ...pinned,
        message: zodIssueInWords(issue, pinned.field, valueAt(raw, issue.path as PropertyKey[])),
      });
    }
    return { definition: null, issues: dedupe(issues) };
  }
  const definition = parsed.data;
  const issues: ValidationIssue[] = [];
  if (definition.nodes.length === 0)
    issues.push({ node: null, field: 'nodes', message: 'A workflow needs at least one node.' });
  for (const [name, value] of Object.entries(definition.outputs)) {
    const refs = safeRefs(value, (m) => issues.push({ node: null, field: `outputs.${name}`, message: m }));
    for (const ref of refs) {
      if (ref.root === 'item' || ref.root === 'index' || ref.root === 'loop') {
        issues.push({
          node: null,
          field: `outputs.${name}`,
          message: `{{${ref.raw}}} exists only inside a map or loop.`,
        });
      }
      if (ref.root === 'inputs') checkInput(ref, definition, null, `outputs.${name}`, issues);
      if (ref.root === 'nodes' && !definition.nodes.some((n) => n.id === ref.path[0])) {
        issues.push({
          node: null,
          field: `outputs.${name}`,
          message: `{{${ref.raw}}} names no node of this workflow.`,
        });
      }
    }
  }
  new Checker(definition, context, issues).graph(definition, '', new Set(), new Set(), []);
  return { definition, issues };
}

/** Unknown `kind` values, found before zod so the message can name the node. */
function unknownKinds(raw: object): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const walk = (nodes: unknown, prefix: string): void => {
    if (!Array.isArray(nodes)) return;
    for (const node of nodes) {
      if (node === null || typeof node !== 'object') continue;
      const { id, kind, body } = node as { id?: unknown; kind?: unknown; body?: { nodes?: unknown } };
      const path = prefix + (typeof id === 'string' ? id : '?');
      if (!isNodeKind(kind)) {
        out.push({
          node: path,
          field: 'kind',
          message: `Unknown node kind ${JSON.stringify(kind ?? null)}; use one of ${nodeKinds.join(', ')}.`,
        });
      }
      if (body && typeof body === 'object') walk(body.nodes, `${path}/`);
    }
  };
  walk((raw as { nodes?: unknown }).nodes, '');
  return out;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Turns a zod issue path into the node it is about and the field within it. */
function pin(raw: unknown, path: readonly PropertyKey[]): { node: string | null; field: string | null } {
  let value: unknown = raw;
  let node: string | null = null;
  let fieldStart = 0;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const next = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    if (path[i - 1] === 'nodes' && typeof key === 'number' && next !== null && typeof next === 'object') {
      const id = (next as { id?: unknown }).id;
      node = (node ? `${node}/` : '') + (typeof id === 'string' ? id : `#${key}`);
      fieldStart = i + 1;
    }
    value = next;
  }
  const field = path
    .slice(fieldStart)
    .map((k) => String(k))
    .join('.');
  return { node, field: field || null };
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.node}\0${i.field}\0${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function safeRefs(value: unknown, report: (message: string) => void): Reference[] {
  try {
    return templateReferences(value);
  } catch (error) {
    if (error instanceof TemplateError) {
      report(error.message);
      return [];
    }
    throw error;
  }
}

function checkInput(
  ref: { root: ReferenceRoot; path: readonly PathSegment[]; raw?: string },
  definition: WorkflowDefinition,
  node: string | null,
  field: string,
  issues: ValidationIssue[],
): void {
  const name = ref.path[0];
  if (name === undefined) return;
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(definition.inputs, name)) {
    issues.push({ node, field, message: `Reads the input "${String(name)}", which the workflow does not declare.` });
  }
}

/** A node's kind, loosely typed: TypeScript cannot tie a node of a union to its own kind's entry. */
const kindOf = (node: NodeDefinition): StepKind => stepKinds[node.kind];

/** The parts of a node that templates or expressions are read from, and in which scope. */
const readsOf = (node: NodeDefinition): readonly TemplateRead[] => kindOf(node).reads(node);

class Checker {
  constructor(
    private readonly definition: WorkflowDefinition,
    private readonly context: ValidationContext,
    private readonly issues: ValidationIssue[],
  ) {}

  private report(node: string | null, field: string | null, message: string): void {
    this.issues.push({ node, field, message });
  }

  /**
   * Checks one graph. `outer`: ids of enclosing graphs that run before this one (readable);
   * `enclosing`: every id of enclosing graphs (not to be reused); `vars`: item/index/loop here.
   */
  graph(
    sub: SubgraphDefinition,
    prefix: string,
    outer: ReadonlySet<string>,
    enclosing: ReadonlySet<string>,
    vars: readonly ReferenceRoot[],
  ): void {
    const graph = indexGraph(sub.nodes, sub.edges);
    const seen = new Set<string>();
    for (const node of sub.nodes) {
      if (seen.has(node.id)) this.report(prefix + node.id, 'id', `Two nodes are called "${node.id}".`);
      else if (enclosing.has(node.id))
        this.report(prefix + node.id, 'id', `"${node.id}" is also the id of a node outside this body; rename one.`);
      seen.add(node.id);
    }
    this.edges(graph, prefix);
    for (const i of [...cyclicNodes(graph)].sort((a, b) => a - b)) {
      this.report(
        prefix + graph.nodes[i]!.id,
        null,
        'This node is part of a cycle. To repeat steps, put them in a loop node with a bound.',
      );
    }
    const allIds = new Set([...enclosing, ...seen]);
    graph.nodes.forEach((node, i) => {
      const path = prefix + node.id;
      let upstream: Set<string> | null = null;
      const before = (): Set<string> => {
        upstream ??= new Set([...ancestorsOf(graph, i)].map((a) => graph.nodes[a]!.id));
        return upstream;
      };
      for (const read of readsOf(node)) {
        if (read.value === undefined) continue;
        const refs = this.refsOf(read, path);
        for (const ref of refs) {
          const body = bodyOf(node);
          const innerIds = read.inner && body ? new Set(body.nodes.map((n) => n.id)) : null;
          const innerVars: ReferenceRoot[] = read.inner ? [...vars, node.kind === 'map' ? 'item' : 'loop'] : [...vars];
          if (read.inner && node.kind === 'map') innerVars.push('index');
          this.reference(ref, path, read.field, {
            readable: (id) => innerIds?.has(id) || before().has(id) || outer.has(id),
            exists: (id) => allIds.has(id) || (innerIds?.has(id) ?? false),
            vars: innerVars,
          });
        }
      }
      this.nodeSpecific(node, path);
      if (node.kind === 'map' || node.kind === 'loop') {
        const visible = new Set([...outer, ...before()]);
        this.graph(node.body, `${path}/`, visible, allIds, [
          ...vars,
          ...(node.kind === 'map' ? (['item', 'index'] as const) : (['loop'] as const)),
        ]);
      }
    });
  }

  private refsOf(
    read: { field: string; value: unknown; expression: boolean },
    path: string,
  ): { root: ReferenceRoot; path: readonly PathSegment[]; raw: string }[] {
    if (!read.expression) return safeRefs(read.value, (m) => this.report(path, read.field, m));
    try {
      const expr = parseExpression(read.value as string);
      return expressionReferences(expr).map((r) => ({ ...r, raw: [r.root, ...r.path].join('.') }));
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const where = error.at !== undefined ? ` (at character ${error.at + 1})` : '';
      this.report(path, read.field, `${error.message}${where}`);
      return [];
    }
  }

  private reference(
    ref: { root: ReferenceRoot; path: readonly PathSegment[]; raw: string },
    path: string,
    field: string,
    scope: { readable: (id: string) => boolean; exists: (id: string) => boolean; vars: readonly ReferenceRoot[] },
  ): void {
    switch (ref.root) {
      case 'inputs':
        checkInput(ref, this.definition, path, field, this.issues);
        return;
      case 'item':
      case 'index':
        if (!scope.vars.includes(ref.root)) this.report(path, field, `${ref.raw} exists only inside a map body.`);
        return;
      case 'loop':
        if (!scope.vars.includes('loop')) this.report(path, field, `${ref.raw} exists only inside a loop body.`);
        return;
      case 'nodes': {
        const id = ref.path[0];
        if (typeof id !== 'string') return;
        if (!scope.exists(id)) this.report(path, field, `Reads nodes.${id}, but there is no node "${id}".`);
        else if (!scope.readable(id))
          this.report(path, field, `Reads nodes.${id}, which does not run before this node; connect it upstream.`);
        const part = ref.path[1];
        if (part !== undefined && part !== 'output' && part !== 'status' && part !== 'error')
          this.report(path, field, `Use nodes.${id}.output (or .status, .error), not nodes.${id}.${String(part)}.`);
        return;
      }
    }
  }

  private edges(graph: Graph, prefix: string): void {
    graph.edges.forEach((edge, i) => {
      const from = graph.index.get(edge.from);
      const to = graph.index.get(edge.to);
      const where = from !== undefined ? prefix + edge.from : to !== undefined ? prefix + edge.to : null;
      if (from === undefined)
        this.report(where, `edges.${i}`, `An edge comes from "${edge.from}", but there is no step "${edge.from}".`);
      if (to === undefined)
        this.report(where, `edges.${i}`, `An edge goes to "${edge.to}", but there is no step "${edge.to}".`);
      if (from === undefined) return;
      const on = edge.on ?? 'success';
      const kind = graph.nodes[from]!.kind;
      if (!stepKinds[kind].branches && on !== 'success' && on !== 'failure') {
        this.report(
          prefix + edge.from,
          `edges.${i}`,
          `An edge from a ${kind} node is taken on success or failure, not "${on}"; only condition nodes have branch labels.`,
        );
      }
    });
  }

  private nodeSpecific(node: NodeDefinition, path: string): void {
    kindOf(node).check?.(node, this.context, (field, message) => this.report(path, field, message));
    if (bodyOf(node)?.nodes.length === 0) {
      this.report(path, 'body', `A ${node.kind} node needs at least one node in its body.`);
    }
  }
}
