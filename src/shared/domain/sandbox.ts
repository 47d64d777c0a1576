import { z } from 'zod';

/** Whether this machine confines what runs execute, and if not, why not. */
export const sandboxStatusSchema = z.object({
  available: z.boolean(),
  mechanism: z.enum(['bubblewrap', 'seatbelt']).nullable(),
  /** Plain words for the user when `available` is false. */
  reason: z.string().nullable(),
  /** True when allowed hosts can be reached through Weft's proxy (else the network is simply off). */
  networkProxy: z.boolean(),
});
export type SandboxStatus = z.infer<typeof sandboxStatusSchema>;

/** Something a confined command tried and the sandbox stopped. */
export const sandboxViolationSchema = z.object({
  kind: z.enum(['write', 'connect']),
  /** The path it tried to write, or the host (and port) it tried to reach. */
  target: z.string(),
});
export type SandboxViolation = z.infer<typeof sandboxViolationSchema>;
