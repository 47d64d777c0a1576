// What templates and expressions can read: the run's inputs, settled upstream nodes and the
// variables of the enclosing map item or loop pass.

/** The roots a reference may start with. `item`/`index` exist inside a map body, `loop` inside a loop body. */
export const referenceRoots = ['inputs', 'nodes', 'item', 'index', 'loop'] as const;
export type ReferenceRoot = (typeof referenceRoots)[number];

/** A node as templates and expressions see it. */
export interface NodeView {
  readonly status: 'completed' | 'failed' | 'skipped';
  readonly output: unknown;
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** Values visible at one place of a run. */
export interface ValueScope {
  /** `inputs`, `item`, `index` or `loop`; undefined where it does not exist. */
  variable(name: Exclude<ReferenceRoot, 'nodes'>): unknown;
  /** A settled node visible from here (this scope or an enclosing one), else undefined. */
  node(id: string): NodeView | undefined;
}

/** A path segment: a property name or a list index. */
export type PathSegment = string | number;

// Never walk into the prototype chain: a workflow file must not reach `constructor` or `__proto__`.
function own(value: unknown, key: PathSegment): { found: boolean; value: unknown } {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && key === 'length') return { found: true, value: value.length };
    return { found: false, value: undefined };
  }
  if (Array.isArray(value)) {
    if (key === 'length') return { found: true, value: value.length };
    const index = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : NaN;
    if (!Number.isInteger(index) || index < 0 || index >= value.length) return { found: false, value: undefined };
    return { found: true, value: value[index] };
  }
  const name = String(key);
  if (!Object.prototype.hasOwnProperty.call(value, name)) return { found: false, value: undefined };
  return { found: true, value: (value as Record<string, unknown>)[name] };
}

/** Follows `path` into a JSON value through own properties only. */
export function getPath(value: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown } {
  let current: { found: boolean; value: unknown } = { found: true, value };
  for (const key of path) {
    current = own(current.value, key);
    if (!current.found) return current;
  }
  return current;
}

/** Looks a reference up: `nodes.<id>.<rest>` or `<root>.<rest>`. */
export function lookup(
  scope: ValueScope,
  root: ReferenceRoot,
  path: readonly PathSegment[],
): { found: boolean; value: unknown } {
  if (root === 'nodes') {
    const [id, ...rest] = path;
    if (typeof id !== 'string') return { found: false, value: undefined };
    const view = scope.node(id);
    if (view === undefined) return { found: false, value: undefined };
    return getPath(view, rest);
  }
  const base = scope.variable(root);
  if (base === undefined) return { found: false, value: undefined };
  return getPath(base, path);
}

/** A scope over plain objects, for tests and simple callers. */
export function plainScope(values: {
  inputs?: Record<string, unknown>;
  nodes?: Record<string, NodeView>;
  item?: unknown;
  index?: number;
  loop?: { iteration: number };
}): ValueScope {
  return {
    variable: (name) => values[name],
    node: (id) =>
      values.nodes && Object.prototype.hasOwnProperty.call(values.nodes, id) ? values.nodes[id] : undefined,
  };
}
