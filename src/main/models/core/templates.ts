import { WeftError } from '../../../shared/ipc/errors';

const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

/** The variable names a template uses, in order of first appearance. */
export function templateVariables(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE)].map((m) => m[1]!))];
}

/** Fills `{{name}}` placeholders; every variable must be given, so a prompt is never sent half-made. */
export function renderTemplate(name: string, body: string, values: Readonly<Record<string, string>>): string {
  const missing = templateVariables(body).filter((v) => !Object.hasOwn(values, v));
  if (missing.length > 0) {
    throw new WeftError(
      'template_variable_missing',
      `The template "${name}" needs ${missing.map((m) => `{{${m}}}`).join(', ')}.`,
    );
  }
  return body.replace(VARIABLE, (_m, key: string) => values[key]!);
}
