import { z } from 'zod';
import { errorDataSchema } from '../ipc/errors';

/** One terminal tab as main owns it: an interactive shell, or a read-only command-runner run. */
export const terminalInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** `shell`: an interactive pty; `run`: a non-interactive command shown read-only. */
  kind: z.enum(['shell', 'run']),
  projectId: z.string(),
  cwd: z.string(),
  status: z.enum(['running', 'exited', 'failed']),
  pid: z.number().nullable(),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  /** Why the process could not start or was stopped, for the tab to show. */
  error: errorDataSchema.nullable(),
  /** The command exactly as it runs (argv quoted for display, or the shell string verbatim). */
  command: z.string(),
  cols: z.number().int(),
  rows: z.number().int(),
  createdAt: z.number(),
});
export type TerminalInfo = z.infer<typeof terminalInfoSchema>;

/** A non-interactive command: an argv array, or a shell string the user sees verbatim. */
export const commandSpecSchema = z.union([
  z.object({ argv: z.array(z.string().max(32_768)).min(1).max(1000) }),
  z.object({ shell: z.string().min(1).max(32_768) }),
]);
export type CommandSpec = z.infer<typeof commandSpecSchema>;

/** How a command-runner run ended. */
export interface RunResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** Head and tail of stdout, the middle elided with a marker when over the cap. */
  readonly stdout: string;
  readonly stderr: string;
  readonly truncated: boolean;
  readonly durationMs: number;
  readonly pid: number | null;
}
