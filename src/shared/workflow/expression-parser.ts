// The expression language's tokenizer and parser (precedence climbing); see expression.ts.

import { arity, ExpressionError, functions, type FunctionName } from './expression-functions';
import { referenceRoots, type PathSegment, type ReferenceRoot } from './scope';

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

/** Operators between two operands. */
export type BinaryOp = '*' | '/' | '%' | '+' | '-' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'in' | '&&' | '||';

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
