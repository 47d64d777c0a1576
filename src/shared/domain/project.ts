import { z } from 'zod';

/** A repository folder the user has opened, as remembered in the recent list. */
export const projectSchema = z.object({
  id: z.string(),
  path: z.string(),
  name: z.string(),
  isGitRepo: z.boolean(),
  /** The branch checked out, when the folder is a git repository with a named HEAD. */
  branch: z.string().nullable(),
  lastOpenedAt: z.number().int(),
});
export type Project = z.infer<typeof projectSchema>;

/** Ids are opaque strings; this keeps a stray path from being passed where an id belongs. */
export const projectIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a project id');
