import type { JsonValue, WorkflowDefinition } from './schema';
import type { ValidationIssue } from './validate';

/**
 * The values a run starts with: given values (text from the command line is converted to the
 * declared type), defaults for the rest. Missing or unreadable values are issues, so a run never
 * starts half-specified.
 */
export function resolveInputs(
  definition: Pick<WorkflowDefinition, 'inputs'>,
  given: Readonly<Record<string, unknown>>,
): { values: Record<string, JsonValue>; issues: ValidationIssue[] } {
  const values: Record<string, JsonValue> = {};
  const issues: ValidationIssue[] = [];
  for (const name of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(definition.inputs, name)) {
      issues.push({ node: null, field: `inputs.${name}`, message: `The workflow has no input "${name}".` });
    }
  }
  for (const [name, spec] of Object.entries(definition.inputs)) {
    const has = Object.prototype.hasOwnProperty.call(given, name);
    if (!has) {
      if (spec.default === undefined) {
        issues.push({ node: null, field: `inputs.${name}`, message: `The input "${name}" is required.` });
      } else values[name] = spec.default as JsonValue;
      continue;
    }
    const raw = given[name];
    const converted = convert(raw, spec.type);
    if (converted === undefined) {
      issues.push({
        node: null,
        field: `inputs.${name}`,
        message: `The input "${name}" must be ${spec.type === 'json' ? 'JSON' : `a ${spec.type}`}.`,
      });
    } else values[name] = converted;
  }
  return { values, issues };
}

function convert(raw: unknown, type: 'string' | 'number' | 'boolean' | 'json'): JsonValue | undefined {
  switch (type) {
    case 'string':
      return typeof raw === 'string' ? raw : undefined;
    case 'number': {
      if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
      if (typeof raw !== 'string' || raw.trim() === '') return undefined;
      const n = Number(raw);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'yes' || raw === '1') return true;
      if (raw === 'false' || raw === 'no' || raw === '0') return false;
      return undefined;
    case 'json':
      if (typeof raw !== 'string') return raw as JsonValue;
      try {
        return JSON.parse(raw) as JsonValue;
      } catch {
        return undefined;
      }
  }
}
