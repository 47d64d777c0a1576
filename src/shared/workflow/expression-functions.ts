// The values and functions of the expression language (see expression.ts).

import { stringify } from './template';

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

/** The functions expressions may call. */
export const functions = {
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
export type FunctionName = keyof typeof functions;
export const arity: Record<FunctionName, number> = {
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

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `the ${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`;
}

function text(v: unknown, fn: string): string {
  if (typeof v !== 'string') throw new ExpressionError(`${fn}() needs text, not ${describe(v)}.`);
  return v;
}

export function contains(haystack: unknown, needle: unknown): boolean {
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
