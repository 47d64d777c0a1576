import { z } from 'zod';
import { event, request } from '../define';

/** One log line as the Logs panel shows it. */
export const logEntrySchema = z.object({
  time: z.number(),
  level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']),
  msg: z.string(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

/** The main process's log, for the Logs panel. */
export const logs = {
  recent: request(z.object({ limit: z.number().int().min(1).max(1000) }), z.array(logEntrySchema)),
  entry: event(logEntrySchema),
} as const;
