import { contains, describe, equal, ExpressionError, functions, truthy } from './expression-functions';
import { parseExpression, type Expr } from './expression-parser';
import { lookup, getPath, type ValueScope } from './scope';
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

export { equal, ExpressionError, truthy } from './expression-functions';
export { expressionReferences, parseExpression, type Expr } from './expression-parser';

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
