import { lookup, referenceRoots, type PathSegment, type ReferenceRoot, type ValueScope } from './scope';

// `{{inputs.task}}`, `{{nodes.plan.output.files[0]}}`, `{{item.path}}`. A string that is exactly one
// reference resolves to the value itself (a list stays a list); anywhere else the value is
// inserted as text (objects as JSON). `\{{` writes a literal `{{`.

/** One `{{…}}` reference. */
export interface Reference {
  readonly root: ReferenceRoot;
  readonly path: readonly PathSegment[];
  /** As written, without the braces. */
  readonly raw: string;
}

type Part = { readonly text: string } | { readonly ref: Reference };

/** A template that cannot be parsed or a reference with no value. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly reference?: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Parses `inputs.a.b[0]` into a reference. */
export function parseReference(raw: string): Reference {
  const text = raw.trim();
  const head = IDENT.exec(text);
  if (!head || !(referenceRoots as readonly string[]).includes(head[0])) {
    throw new TemplateError(`{{${text}}} must start with one of ${referenceRoots.join(', ')}.`, text);
  }
  const path: PathSegment[] = [];
  let rest = text.slice(head[0].length);
  while (rest.length > 0) {
    if (rest.startsWith('.')) {
      const name = IDENT.exec(rest.slice(1));
      if (!name) throw new TemplateError(`{{${text}}} has a bad property name.`, text);
      path.push(name[0]);
      rest = rest.slice(1 + name[0].length);
    } else {
      const index = /^\[(\d{1,9})\]/.exec(rest);
      if (!index) throw new TemplateError(`{{${text}}} is not a reference like nodes.plan.output.files[0].`, text);
      path.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    }
  }
  if (head[0] === 'nodes' && typeof path[0] !== 'string') {
    throw new TemplateError(`{{${text}}} must name a node: nodes.<id>.output.`, text);
  }
  return { root: head[0] as ReferenceRoot, path, raw: text };
}

const cache = new Map<string, readonly Part[]>();

/** Splits a template into text and references; parsed templates are cached (they repeat across map items). */
export function parseTemplate(template: string): readonly Part[] {
  const hit = cache.get(template);
  if (hit) return hit;
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('\\{{', i)) {
      text += '{{';
      i += 3;
      continue;
    }
    if (template.startsWith('{{', i)) {
      const end = template.indexOf('}}', i + 2);
      if (end < 0) throw new TemplateError('A {{ has no closing }}.');
      if (text) parts.push({ text });
      text = '';
      parts.push({ ref: parseReference(template.slice(i + 2, end)) });
      i = end + 2;
      continue;
    }
    text += template[i];
    i++;
  }
  if (text) parts.push({ text });
  if (cache.size > 5000) cache.clear();
  cache.set(template, parts);
  return parts;
}

/** True when the string contains a reference (so plain strings skip the resolver). */
export function hasReferences(template: string): boolean {
  return template.includes('{{');
}

/** Every reference in a value: strings are templates, objects and lists are searched. */
export function templateReferences(value: unknown): Reference[] {
  const out: Reference[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (hasReferences(v)) for (const part of parseTemplate(v)) if ('ref' in part) out.push(part.ref);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return out;
}

/** How a value is written into text. */
export function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

export interface ResolveOptions {
  /**
   * Applied to each inserted value in a text template (e.g. shell quoting); `before` is the text
   * the value follows, so a quoter can tell whether it lands inside quotes the author wrote.
   */
  readonly quote?: (text: string, before: string) => string;
}

function valueOf(ref: Reference, scope: ValueScope): unknown {
  const found = lookup(scope, ref.root, ref.path);
  if (!found.found || found.value === undefined) {
    throw new TemplateError(`{{${ref.raw}}} has no value here.`, ref.raw);
  }
  return found.value;
}

/** Resolves one template string. */
export function resolveTemplate(template: string, scope: ValueScope, options: ResolveOptions = {}): unknown {
  if (!hasReferences(template)) return template;
  const parts = parseTemplate(template);
  const only = parts.length === 1 ? parts[0]! : undefined;
  if (only && 'ref' in only && !options.quote) return valueOf(only.ref, scope);
  let out = '';
  for (const part of parts) {
    if ('text' in part) out += part.text;
    else {
      const text = stringify(valueOf(part.ref, scope));
      out += options.quote ? options.quote(text, out) : text;
    }
  }
  return out;
}

/** Resolves a template that must produce text. */
export function resolveText(template: string, scope: ValueScope, options: ResolveOptions = {}): string {
  return stringify(resolveTemplate(template, scope, options));
}

/** Resolves every string in a JSON-like value. */
export function resolveDeep(value: unknown, scope: ValueScope): unknown {
  if (typeof value === 'string') return resolveTemplate(value, scope);
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, scope));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      // defineProperty, so an own `__proto__` key from a JSON file stays data.
      Object.defineProperty(out, key, {
        value: resolveDeep(v, scope),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}
