// The built-in `shell` server: one command line at a time, through the host's ShellExecutor.
import { z } from 'zod';
import { defineTool, kindOf, resolveIn, ToolRefusal, type BuiltInTool } from './tool-kit';

/** How long a command may run when the model does not say. */
export const DEFAULT_SHELL_TIMEOUT_MS = 120_000;
/** The longest a command may run. */
export const MAX_SHELL_TIMEOUT_MS = 600_000;

const run = defineTool({
  name: 'run',
  description:
    'Run a shell command line (sh -c on POSIX, cmd on Windows) non-interactively in the project, and answer its exit code and output (stdout and stderr; long output keeps its start and end). ' +
    `No input can be typed; commands that wait for input fail. Ends the command and everything it started after timeout_ms (default ${DEFAULT_SHELL_TIMEOUT_MS / 1000} s, at most ${MAX_SHELL_TIMEOUT_MS / 1000} s). ` +
    'The command may change files and reach the network.',
  input: {
    command: z.string().min(1).max(32_768).describe('The command line, e.g. "npm test -- --run".'),
    cwd: z
      .string()
      .min(1)
      .max(4096)
      .optional()
      .describe('Working folder relative to the project root; the root when omitted.'),
    timeout_ms: z.number().int().min(1000).max(MAX_SHELL_TIMEOUT_MS).optional().describe('Time limit in milliseconds.'),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  declaration: { kind: 'execute', pathArgs: ['cwd'], commandArg: 'command', cwdArg: 'cwd' },
  async run(args, ctx, signal) {
    const cwd = args.cwd === undefined ? ctx.guard.root : await resolveIn(ctx, args.cwd, 'read');
    if ((await kindOf(cwd)) !== 'dir') throw new ToolRefusal(`The working folder ${args.cwd} does not exist.`);
    const timeoutMs = args.timeout_ms ?? DEFAULT_SHELL_TIMEOUT_MS;
    const started = Date.now();
    const result = await ctx.shell.run({ command: args.command, cwd, timeoutMs, signal });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const ending = result.timedOut
      ? `[Timed out after ${Math.round(timeoutMs / 1000)} s; the command and its children were ended.]`
      : signal.aborted
        ? '[Cancelled.]'
        : result.exitCode !== null
          ? `[Exit code ${result.exitCode} · ${seconds} s]`
          : `[Ended by ${result.signal ?? 'a signal'} · ${seconds} s]`;
    const output = result.output === '' ? '(no output)' : result.output.replace(/\s+$/, '');
    return { text: `${output}\n${ending}`, isError: result.timedOut || result.exitCode !== 0 };
  },
});

/** The shell server's tools. */
export const shellTools: readonly BuiltInTool[] = [run];
