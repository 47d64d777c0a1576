import { z } from 'zod';
import type { Envelope } from './errors';

/** A request frame on the browser-mode WebSocket. */
export const wireRequestSchema = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  input: z.unknown().optional(),
});
export type WireRequest = z.infer<typeof wireRequestSchema>;

/** Frames main sends: a reply to one request, or an event for every client. */
export type WireMessage =
  { t: 'res'; id: number | null; reply: Envelope<unknown> } | { t: 'evt'; channel: string; payload: unknown };

/** The path of the WebSocket endpoint in browser mode. */
export const WS_PATH = '/ws';
