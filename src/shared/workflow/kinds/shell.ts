import { z } from 'zod';
import { resolveText } from '../template';
import { executorKind } from './kind';
import { retryable, template, templateAt, workspaceField, workspaceSchema } from './parts';

/** What a shell step's executor is given. */
export interface ShellInput {
  command: { shell: string } | { argv: string[] };
  cwd?: string;
  env?: Record<string, string>;
  allowFailure: boolean;
  workspace: 'run' | 'own';
}

/** `shell`: one command in the run's worktree. */
export const shellKind = executorKind({
  kind: 'shell',
  schema: z
    .object({
      ...retryable,
      kind: z.literal('shell'),
      /**
       * A shell string, where values from templates are inserted shell-quoted (a string that is
       * exactly one reference, such as `{{inputs.testCommand}}`, is taken as the command itself),
       * or an argv array.
       */
      command: z.union([template.min(1), z.object({ argv: z.array(template).min(1).max(1000) }).strict()]),
      /** Relative to the run's worktree; must stay inside it. */
      cwd: template.optional(),
      env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), template).optional(),
      /** Complete (with the exit code in the output) even when the command exits non-zero. */
      allowFailure: z.boolean().optional(),
      workspace: workspaceSchema.optional(),
    })
    .strict(),
  palette: { title: 'Shell', summary: 'Run a command', accent: 'bg-amber-500', order: 30 },
  defaults: { command: 'echo hello' },
  fields: [
    { key: 'command', label: 'Command', type: 'command', help: 'Inserted values are shell-quoted.', mono: true },
    { key: 'cwd', label: 'Folder', type: 'text', placeholder: 'relative to the worktree', mono: true },
    { key: 'env', label: 'Environment (JSON)', type: 'json', mono: true },
    { key: 'allowFailure', label: 'Complete even when the command fails', type: 'boolean' },
    workspaceField,
  ],
  reads: (node) => [templateAt('command', node.command), templateAt('cwd', node.cwd), templateAt('env', node.env)],
  resolve: (node, scope, quote): ShellInput => {
    // Values from templates go into a shell string quoted, so model output cannot add commands.
    // A command that is one reference and nothing else is the command itself (a test command
    // given as an input), written as the workflow's author chose; anywhere else values are quoted.
    const whole = typeof node.command === 'string' && /^\s*\{\{[^{}]+\}\}\s*$/.test(node.command);
    const command =
      typeof node.command === 'string'
        ? { shell: resolveText(node.command, scope, whole ? {} : { quote }) }
        : { argv: node.command.argv.map((a) => resolveText(a, scope)) };
    const env = node.env
      ? Object.fromEntries(Object.entries(node.env).map(([k, v]) => [k, resolveText(v, scope)]))
      : undefined;
    return {
      command,
      ...(node.cwd !== undefined ? { cwd: resolveText(node.cwd, scope) } : {}),
      ...(env ? { env } : {}),
      allowFailure: node.allowFailure ?? false,
      workspace: node.workspace ?? 'run',
    };
  },
});
