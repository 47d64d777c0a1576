import { z } from 'zod';

/**
 * Whether the user trusts the authors of a folder: `trusted` runs what the repository defines
 * (hooks, MCP servers, setup and check commands, workflows); `restricted` runs none of it; null
 * means not asked yet and counts as restricted.
 */
export const folderTrustSchema = z.enum(['trusted', 'restricted']).nullable();
export type FolderTrust = z.infer<typeof folderTrustSchema>;

/** A repository folder the user has opened, as remembered in the recent list. */
export const projectSchema = z.object({
  id: z.string(),
  path: z.string(),
  name: z.string(),
  isGitRepo: z.boolean(),
  /** The branch checked out, when the folder is a git repository with a named HEAD. */
  branch: z.string().nullable(),
  lastOpenedAt: z.number().int(),
  trust: folderTrustSchema,
  /** False also while trust is null; true for a folder trusted only for this process (the CLI). */
  trusted: z.boolean(),
  /** Hosts sandboxed commands of the project may reach (see allowed-hosts.ts). */
  allowedHosts: z.array(z.string()),
});
export type Project = z.infer<typeof projectSchema>;

/** Ids are opaque strings; this keeps a stray path from being passed where an id belongs. */
export const projectIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a project id');

/** What `projects.trustChanged` carries: the stored choice and whether the project counts as trusted now. */
export const trustChangeSchema = z.object({
  projectId: z.string(),
  trust: folderTrustSchema,
  trusted: z.boolean(),
});
export type TrustChange = z.infer<typeof trustChangeSchema>;
