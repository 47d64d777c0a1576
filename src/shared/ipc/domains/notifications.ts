import { z } from 'zod';
import { event } from '../define';

/** What a notice is about, so clicking it can bring that thing to the front. */
export const attentionTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('task'), projectId: z.string(), taskId: z.string() }),
  z.object({ type: z.literal('agentRun'), projectId: z.string(), runId: z.string() }),
  z.object({ type: z.literal('workflowRun'), projectId: z.string(), runId: z.string() }),
]);
export type AttentionTarget = z.infer<typeof attentionTargetSchema>;

/** Something that wants the user: a task or run needs approval or review, failed or finished. */
export const noticeSchema = z.object({
  kind: z.enum(['approval', 'review', 'failed', 'done']),
  /** What happened, in a few words ("A task is ready for review"). */
  heading: z.string(),
  /** What it is about and why: the task's title or the run's prompt, then the reason. */
  body: z.string(),
  target: attentionTargetSchema,
});
export type Notice = z.infer<typeof noticeSchema>;

/** Toasts and OS notifications; main decides what deserves one and whether they are on. */
export const notifications = {
  /** A notice for the user (never sent while notifications are turned off in settings). */
  attention: event(noticeSchema),
  /** The user clicked an OS notification the desktop shell showed: bring its task or run to the front. */
  reveal: event(attentionTargetSchema),
} as const;
