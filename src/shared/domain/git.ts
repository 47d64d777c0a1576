import { z } from 'zod';

/** One changed path as git reports it: X is the index (staged) side, Y the working tree. */
export const statusEntrySchema = z.object({
  path: z.string(),
  origPath: z.string().nullable(),
  /** Porcelain letters: M modified, A added, D deleted, R renamed, C copied, U unmerged, ? untracked, . unchanged. */
  index: z.string().length(1),
  worktree: z.string().length(1),
  conflicted: z.boolean(),
});
export type StatusEntry = z.infer<typeof statusEntrySchema>;

export const repoStatusSchema = z.object({
  branch: z.string().nullable(),
  head: z.string().nullable(),
  upstream: z.string().nullable(),
  ahead: z.number(),
  behind: z.number(),
  entries: z.array(statusEntrySchema),
});
export type RepoStatus = z.infer<typeof repoStatusSchema>;

export const commitSchema = z.object({
  hash: z.string(),
  shortHash: z.string(),
  subject: z.string(),
  author: z.string(),
  date: z.number(),
  refs: z.string(),
});
export type Commit = z.infer<typeof commitSchema>;

export const branchSchema = z.object({ name: z.string(), current: z.boolean(), upstream: z.string().nullable() });
export const stashSchema = z.object({ index: z.number(), message: z.string() });
export const worktreeSchema = z.object({
  path: z.string(),
  branch: z.string().nullable(),
  head: z.string().nullable(),
});
