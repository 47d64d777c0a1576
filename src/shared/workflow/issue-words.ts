import type { z } from 'zod';

// Zod's own messages ("Invalid input", "Too small: expected string to have >=1 characters")
// say neither what was wrong nor where. A workflow is written by people, so each schema
// problem is told as "<field> <rule>" and shown after the step it is on.

type ZodIssue = z.core.$ZodIssue;

/** A problem as it is shown: which step (or edge, or the workflow), then what is wrong. */
export function describeIssue(issue: { node: string | null; field: string | null; message: string }): string {
  if (issue.node !== null) return `Step \`${issue.node}\`: ${issue.message}`;
  const edge = /^edges\.(\d+)/.exec(issue.field ?? '');
  if (edge) return `Edge ${Number(edge[1]) + 1}: ${issue.message}`;
  // A workflow-level field names itself at the start ("concurrency must be …"); say whose it is.
  if (issue.field !== null && issue.message.startsWith(issue.field)) return `Workflow: ${issue.message}`;
  return issue.message;
}

/** The rule a zod issue broke, in words, naming the field (`field` as pinned to its node). */
export function zodIssueInWords(issue: ZodIssue, field: string | null, value: unknown): string {
  const name = fieldName(field);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `${name} is required.`;
      return `${name} must be ${article(issue.expected)}, not ${kindOf(value)}.`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? `${name} cannot be empty.`
          : `${name} must be at least ${issue.minimum} characters long.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `${name} needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}.`;
      return `${name} must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string') return `${name} must be at most ${issue.maximum} characters long.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${name} has more than ${issue.maximum} items.`;
      return `${name} must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}.`;
    case 'invalid_format':
      // A schema's own regex message already says the rule ("letters, digits and _ …").
      return issue.message && !/^Invalid/.test(issue.message)
        ? `${name} must be ${issue.message}.`
        : `${name} has the wrong format.`;
    case 'invalid_value':
      return `${name} must be ${oneOf(issue.values)}${value === undefined ? '' : `, not ${JSON.stringify(value)}`}.`;
    case 'unrecognized_keys':
      return `${issue.keys.map((k) => `"${k}"`).join(', ')} ${issue.keys.length === 1 ? 'is not a field' : 'are not fields'} here; remove ${issue.keys.length === 1 ? 'it' : 'them'} or check the spelling.`;
    case 'invalid_union':
      if (value === undefined) return `${name} is required.`;
      return field === 'command'
        ? 'command must be a non-empty command line or { "argv": [ … ] }.'
        : `${name} has a value of the wrong shape.`;
    case 'invalid_key':
      return `${name} has a key that is not allowed.`;
    case 'invalid_element':
      return `${name} has an element that is not allowed.`;
    case 'not_multiple_of':
      return `${name} must be a multiple of ${issue.divisor}.`;
    default:
      return `${name}: ${issue.message}.`;
  }
}

function fieldName(field: string | null): string {
  if (field === null) return 'This entry';
  // Inside an edge the reader thinks of "to" and "from", not "edges.0.to".
  const edge = /^edges\.\d+\.(.+)$/.exec(field);
  return edge ? edge[1]! : field;
}

function article(type: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'an object',
    record: 'an object',
  };
  return words[type] ?? `a ${type}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  if (shown.length === 1) return shown[0]!;
  return `one of ${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}
