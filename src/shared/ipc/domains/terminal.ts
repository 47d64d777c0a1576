import { z } from 'zod';
import { projectIdSchema } from '../../domain/project';
import { commandSpecSchema, terminalInfoSchema } from '../../domain/terminal';
import { event, none, pathInput, request } from '../define';

const id = z.object({ id: z.string().min(1).max(64) });
const size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };

/**
 * Terminals owned by main (node-pty + a headless xterm keeping the screen). Events go to
 * every window, so each payload names its session.
 */
export const terminal = {
  /** Starts the user's shell in the project root or in `cwd`, which must lie inside it. */
  create: request(
    z.object({ projectId: projectIdSchema, cwd: pathInput.optional(), name: z.string().max(80).optional(), ...size }),
    terminalInfoSchema,
  ),
  list: request(none, z.array(terminalInfoSchema)),
  /** The screen and scrollback serialised, and the output offset it reaches, to restore a view. */
  snapshot: request(id, z.object({ info: terminalInfoSchema, data: z.string(), offset: z.number() })),
  write: request(id.extend({ data: z.string().max(1_000_000) }), z.null()),
  resize: request(id.extend(size), z.null()),
  /** The renderer has drawn `chars` more characters of output (flow control). */
  ack: request(id.extend({ chars: z.number().int().min(0).max(1e9) }), z.null()),
  rename: request(id.extend({ name: z.string().min(1).max(80) }), terminalInfoSchema),
  /** Ends the process (a run is cancelled); the tab stays, with its output, to restart or read. */
  kill: request(id, z.null()),
  restart: request(id, terminalInfoSchema),
  /** Ends the process and forgets the tab. */
  close: request(id, z.null()),
  /** Runs a command non-interactively in a read-only tab named `title`. */
  run: request(
    z.object({
      projectId: projectIdSchema,
      title: z.string().min(1).max(80),
      command: commandSpecSchema,
      cwd: pathInput.optional(),
      timeoutMs: z.number().int().min(1).max(86_400_000).optional(),
    }),
    terminalInfoSchema,
  ),
  /** Output of one session; `offset` is where `data` starts in the session's whole output. */
  data: event(z.object({ id: z.string(), offset: z.number(), data: z.string() })),
  changed: event(terminalInfoSchema),
  removed: event(z.object({ id: z.string() })),
} as const;
