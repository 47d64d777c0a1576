import { lookup, getPath, referenceRoots, type PathSegment, type ReferenceRoot, type ValueScope } from './scope';
import { stringify } from './template';

// A small expression language for conditions and loop tests, parsed and interpreted here: no eval,
// no access to anything but the scope, no loops, so evaluation is linear in the expression's size.
//
//   nodes.test.output.exitCode == 0 && !contains(nodes.test.output.stdout, 'FAIL')
//   len(nodes.plan.output.files) > 3 ? 'big' : 'small'
//
// Literals: numbers, 'strings' / "strings", true, false, null, [lists]. Names: inputs, nodes, item,
// index, loop. Operators: . [] ! - * / % + < <= > >= == != in && || ?: (and, or, not also read).
// A missing property is null rather than an error, so `nodes.x.output.y == null` is a valid test.

/** A parse or evaluation error; `at` is the character offset for parse errors. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly at?: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** The parsed form of an expression. */
export type Expr =
  | { readonly type: 'literal'; readonly value: unknown }
  | { readonly type: 'list'; readonly items: readonly Expr[] }
  | { readonly type: 'root'; readonly name: ReferenceRoot }
  | { readonly type: 'member'; readonly object: Expr; readonly key: Expr; readonly computed: boolean }
  | { readonly type: 'call'; readonly name: FunctionName; readonly args: readonly Expr[] }
  | { readonly type: 'unary'; readonly op: '!' | '-'; readonly operand: Expr }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly type: 'conditional'; readonly test: Expr; readonly then: Expr; readonly else: Expr };

type BinaryOp = '*' | '/' | '%' | '+' | '-' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'in' | '&&' | '||';

const functions = {
  len: (v: unknown) => {
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (v !== null && typeof v === 'object') return Object.keys(v).length;
    throw new ExpressionError(`len() needs text, a list or an object, not ${describe(v)}.`);
  },
  contains: (a: unknown, b: unknown) => contains(a, b),
  startsWith: (a: unknown, b: unknown) => text(a, 'startsWith').startsWith(text(b, 'startsWith')),
  endsWith: (a: unknown, b: unknown) => text(a, 'endsWith').endsWith(text(b, 'endsWith')),
  lower: (a: unknown) => text(a, 'lower').toLowerCase(),
  upper: (a: unknown) => text(a, 'upper').toUpperCase(),
  trim: (a: unknown) => text(a, 'trim').trim(),
  keys: (a: unknown) => {
    if (a === null || typeof a !== 'object' || Array.isArray(a)) throw new ExpressionError('keys() needs an object.');
    return Object.keys(a);
  },
  exists: (a: unknown) => a !== null && a !== undefined,
  number: (a: unknown) => {
    const n = typeof a === 'number' ? a : typeof a === 'string' && a.trim() !== '' ? Number(a) : NaN;
    if (!Number.isFinite(n)) throw new ExpressionError(`number() cannot read ${describe(a)} as a number.`);
    return n;
  },
  string: (a: unknown) => stringify(a ?? null),
} satisfies Record<string, (...args: unknown[]) => unknown>;
type FunctionName = keyof typeof functions;
const arity: Record<FunctionName, number> = {
  len: 1,
  contains: 2,
  startsWith: 2,
  endsWith: 2,
  lower: 1,
  upper: 1,
  trim: 1,
  keys: 1,
  exists: 1,
  number: 1,
  string: 1,
};

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `the ${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`;
}

function text(v: unknown, fn: string): string {
  if (typeof v !== 'string') throw new ExpressionError(`${fn}() needs text, not ${describe(v)}.`);
  return v;
}

function contains(haystack: unknown, needle: unknown): boolean {
  if (typeof haystack === 'string') return haystack.includes(text(needle, 'contains'));
  if (Array.isArray(haystack)) return haystack.some((item) => equal(item, needle));
  if (haystack !== null && typeof haystack === 'object')
    return typeof needle === 'string' && Object.prototype.hasOwnProperty.call(haystack, needle);
  throw new ExpressionError(`contains() and in need text, a list or an object, not ${describe(haystack)}.`);
}

/** Structural equality without type coercion (1 == '1' is false). */
export function equal(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  return (
    ak.length === bk.length &&
    ak.every(
      (k) =>
        Object.prototype.hasOwnProperty.call(b, k) &&
        equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

/** Truthiness: false, null, 0, '' and NaN are false; everything else is true. */
export function truthy(v: unknown): boolean {
  return !(v === false || v === null || v === undefined || v === 0 || v === '' || Number.isNaN(v));
}

// ---- tokens

type Token =
  | { kind: 'num'; value: number; at: number }
  | { kind: 'str'; value: string; at: number }
  | { kind: 'ident'; value: string; at: number }
  | { kind: 'op'; value: string; at: number }
  | { kind: 'end'; at: number };

const OPERATORS = [
  '&&',
  '||',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '?',
  ':',
  '.',
  ',',
  '(',
  ')',
  '[',
  ']',
];
const KEYWORD_OPS: Record<string, string> = { and: '&&', or: '||', not: '!' };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i))!;
      tokens.push({ kind: 'num', value: Number(m[0]), at: i });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= src.length) throw new ExpressionError('A string has no closing quote.', i);
        const d = src[j]!;
        if (d === c) break;
        if (d === '\\') {
          const e = src[j + 1];
          const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
          if (e === undefined || !Object.prototype.hasOwnProperty.call(escapes, e))
            throw new ExpressionError('Unknown escape in a string.', j);
          value += escapes[e];
          j += 2;
          continue;
        }
        value += d;
        j++;
      }
      tokens.push({ kind: 'str', value, at: i });
      i = j + 1;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (ident) {
      const op = Object.prototype.hasOwnProperty.call(KEYWORD_OPS, ident[0]) ? KEYWORD_OPS[ident[0]] : undefined;
      tokens.push(op ? { kind: 'op', value: op, at: i } : { kind: 'ident', value: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExpressionError(`Unexpected character "${c}".`, i);
    tokens.push({ kind: 'op', value: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', at: src.length });
  return tokens;
}

// ---- parser (precedence climbing)

const MAX_DEPTH = 64;

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    return this.tokens[this.pos++]!;
  }
  private isOp(value: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.value === value;
  }
  private expectOp(value: string): void {
    const t = this.next();
    if (t.kind !== 'op' || t.value !== value) throw new ExpressionError(`Expected "${value}".`, t.at);
  }

  parseAll(): Expr {
    const expr = this.expression();
    const t = this.peek();
    if (t.kind !== 'end') throw new ExpressionError('Unexpected text after the expression.', t.at);
    return expr;
  }

  private expression(): Expr {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError('The expression is nested too deeply.', this.peek().at);
    try {
      const test = this.binary(0);
      if (!this.isOp('?')) return test;
      this.next();
      const then = this.expression();
      this.expectOp(':');
      return { type: 'conditional', test, then, else: this.expression() };
    } finally {
      this.depth--;
    }
  }

  private static readonly levels: readonly (readonly string[])[] = [
    ['||'],
    ['&&'],
    ['==', '!='],
    ['<', '<=', '>', '>=', 'in'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private binary(level: number): Expr {
    if (level >= Parser.levels.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      const op = t.kind === 'op' ? t.value : t.kind === 'ident' && t.value === 'in' ? 'in' : null;
      if (op === null || !Parser.levels[level]!.includes(op)) return left;
      this.next();
      left = { type: 'binary', op: op as BinaryOp, left, right: this.binary(level + 1) };
    }
  }

  private unary(): Expr {
    if (this.isOp('!') || this.isOp('-')) {
      const op = this.next() as { value: '!' | '-' };
      if (++this.depth > MAX_DEPTH) throw new ExpressionError('The expression is nested too deeply.', this.peek().at);
      try {
        return { type: 'unary', op: op.value, operand: this.unary() };
      } finally {
        this.depth--;
      }
    }
    return this.postfix(this.primary());
  }

  private postfix(expr: Expr): Expr {
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const t = this.next();
        if (t.kind !== 'ident') throw new ExpressionError('Expected a property name after ".".', t.at);
        expr = { type: 'member', object: expr, key: { type: 'literal', value: t.value }, computed: false };
      } else if (this.isOp('[')) {
        this.next();
        const key = this.expression();
        this.expectOp(']');
        expr = { type: 'member', object: expr, key, computed: true };
      } else return expr;
    }
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        return { type: 'literal', value: t.value };
      case 'str':
        return { type: 'literal', value: t.value };
      case 'ident': {
        if (t.value === 'true' || t.value === 'false') return { type: 'literal', value: t.value === 'true' };
        if (t.value === 'null') return { type: 'literal', value: null };
        if (Object.prototype.hasOwnProperty.call(functions, t.value) && this.isOp('(')) {
          this.next();
          const args: Expr[] = [];
          if (!this.isOp(')')) {
            do args.push(this.expression());
            while (this.isOp(',') && this.next());
          }
          this.expectOp(')');
          const name = t.value as FunctionName;
          if (args.length !== arity[name])
            throw new ExpressionError(`${name}() takes ${arity[name]} argument(s), not ${args.length}.`, t.at);
          return { type: 'call', name, args };
        }
        if ((referenceRoots as readonly string[]).includes(t.value))
          return { type: 'root', name: t.value as ReferenceRoot };
        throw new ExpressionError(
          `Unknown name "${t.value}": use ${referenceRoots.join(', ')} or a function (${Object.keys(functions).join(', ')}).`,
          t.at,
        );
      }
      case 'op':
        if (t.value === '(') {
          const inner = this.expression();
          this.expectOp(')');
          return inner;
        }
        if (t.value === '[') {
          const items: Expr[] = [];
          if (!this.isOp(']')) {
            do items.push(this.expression());
            while (this.isOp(',') && this.next());
          }
          this.expectOp(']');
          return { type: 'list', items };
        }
        throw new ExpressionError(`Unexpected "${t.value}".`, t.at);
      case 'end':
        throw new ExpressionError('The expression ends too early.', t.at);
    }
  }
}

const parsed = new Map<string, Expr>();

/** Parses an expression (cached), or throws ExpressionError with the offset of the problem. */
export function parseExpression(src: string): Expr {
  const hit = parsed.get(src);
  if (hit) return hit;
  if (src.length > 4000) throw new ExpressionError('The expression is longer than 4,000 characters.');
  const expr = new Parser(tokenize(src)).parseAll();
  if (parsed.size > 2000) parsed.clear();
  parsed.set(src, expr);
  return expr;
}

/** The static references of an expression (`nodes.test.output` → root nodes, path [test, output]). */
export function expressionReferences(expr: Expr): { root: ReferenceRoot; path: PathSegment[] }[] {
  const out: { root: ReferenceRoot; path: PathSegment[] }[] = [];
  const chain = (e: Expr): { root: ReferenceRoot; path: PathSegment[] } | null => {
    if (e.type === 'root') return { root: e.name, path: [] };
    if (e.type === 'member') {
      const base = chain(e.object);
      if (!base) return null;
      if (!e.computed || e.key.type === 'literal') {
        const key = (e.key as { value: unknown }).value;
        if (typeof key === 'string' || typeof key === 'number') return { root: base.root, path: [...base.path, key] };
      }
      return base;
    }
    return null;
  };
  const walk = (e: Expr): void => {
    switch (e.type) {
      case 'literal':
        return;
      case 'root':
      case 'member': {
        const ref = chain(e);
        if (ref) out.push(ref);
        if (e.type === 'member') {
          if (!ref) walk(e.object);
          if (e.computed) walk(e.key);
        }
        return;
      }
      case 'list':
        e.items.forEach(walk);
        return;
      case 'call':
        e.args.forEach(walk);
        return;
      case 'unary':
        walk(e.operand);
        return;
      case 'binary':
        walk(e.left);
        walk(e.right);
        return;
      case 'conditional':
        walk(e.test);
        walk(e.then);
        walk(e.else);
        return;
    }
  };
  walk(expr);
  return out;
}

function num(v: unknown, op: string): number {
  if (typeof v !== 'number') throw new ExpressionError(`"${op}" needs numbers, not ${describe(v)}.`);
  return v;
}

function compare(a: unknown, b: unknown, op: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new ExpressionError(`"${op}" compares two numbers or two texts, not ${describe(a)} and ${describe(b)}.`);
}

/** Evaluates a parsed expression against a scope. */
export function evaluate(expr: Expr, scope: ValueScope): unknown {
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'list':
      return expr.items.map((item) => evaluate(item, scope));
    case 'root':
      return lookup(scope, expr.name, []).value ?? (expr.name === 'nodes' ? {} : null);
    case 'member': {
      // Resolve `nodes.<id>` through the scope rather than a materialised object of every node.
      if (expr.object.type === 'root' && expr.object.name === 'nodes') {
        const id = evaluate(expr.key, scope);
        return typeof id === 'string' ? (scope.node(id) ?? null) : null;
      }
      const object = evaluate(expr.object, scope);
      const key = evaluate(expr.key, scope);
      if (typeof key !== 'string' && typeof key !== 'number') return null;
      return getPath(object, [key]).value ?? null;
    }
    case 'call': {
      const args = expr.args.map((a) => evaluate(a, scope));
      return (functions[expr.name] as (...a: unknown[]) => unknown)(...args);
    }
    case 'unary': {
      const v = evaluate(expr.operand, scope);
      return expr.op === '!' ? !truthy(v) : -num(v, '-');
    }
    case 'conditional':
      return truthy(evaluate(expr.test, scope)) ? evaluate(expr.then, scope) : evaluate(expr.else, scope);
    case 'binary': {
      if (expr.op === '&&') return truthy(evaluate(expr.left, scope)) && truthy(evaluate(expr.right, scope));
      if (expr.op === '||') return truthy(evaluate(expr.left, scope)) || truthy(evaluate(expr.right, scope));
      const a = evaluate(expr.left, scope);
      const b = evaluate(expr.right, scope);
      switch (expr.op) {
        case '==':
          return equal(a, b);
        case '!=':
          return !equal(a, b);
        case '<':
          return compare(a, b, '<') < 0;
        case '<=':
          return compare(a, b, '<=') <= 0;
        case '>':
          return compare(a, b, '>') > 0;
        case '>=':
          return compare(a, b, '>=') >= 0;
        case 'in':
          return contains(b, a);
        case '+':
          if (typeof a === 'string' || typeof b === 'string') return stringify(a ?? null) + stringify(b ?? null);
          return num(a, '+') + num(b, '+');
        case '-':
          return num(a, '-') - num(b, '-');
        case '*':
          return num(a, '*') * num(b, '*');
        case '/':
        case '%': {
          const d = num(b, expr.op);
          if (d === 0) throw new ExpressionError('Division by zero.');
          return expr.op === '/' ? num(a, '/') / d : num(a, '%') % d;
        }
      }
    }
  }
}

/** Parses and evaluates in one step. */
export function evaluateExpression(src: string, scope: ValueScope): unknown {
  return evaluate(parseExpression(src), scope);
}
