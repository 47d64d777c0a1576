import { z } from 'zod';
import { branchSchema, commitSchema, repoStatusSchema, stashSchema, worktreeSchema } from '../../domain/git';
import { projectIdSchema } from '../../domain/project';
import { event, request } from '../define';

const project = { projectId: projectIdSchema };
const paths = z.array(z.string().min(1).max(4096)).min(1).max(10000);
/** Branch and revision names are checked against git's rules in main, not here, for a clearer error. */
const refName = z.string().min(1).max(250);

/** The git panel. */
export const git = {
  status: request(z.object(project), repoStatusSchema),
  stage: request(z.object({ ...project, paths }), z.null()),
  unstage: request(z.object({ ...project, paths }), z.null()),
  /** Stages (or with reverse, unstages) the hunks in a unified-diff patch. */
  applyPatch: request(z.object({ ...project, patch: z.string().max(10_000_000), reverse: z.boolean() }), z.null()),
  commit: request(
    z.object({ ...project, message: z.string().max(100_000), amend: z.boolean() }),
    z.object({ hash: z.string() }),
  ),
  branches: request(z.object(project), z.array(branchSchema)),
  createBranch: request(z.object({ ...project, name: refName, checkout: z.boolean() }), z.null()),
  switchBranch: request(z.object({ ...project, name: refName, force: z.boolean() }), z.null()),
  log: request(
    z.object({ ...project, limit: z.number().int().min(1).max(1000), rev: refName.nullable() }),
    z.array(commitSchema),
  ),
  stashes: request(z.object(project), z.array(stashSchema)),
  stash: request(z.object({ ...project, message: z.string().max(1000), includeUntracked: z.boolean() }), z.null()),
  stashPop: request(z.object({ ...project, index: z.number().int().min(0) }), z.null()),
  worktrees: request(z.object(project), z.array(worktreeSchema)),
  /** The unified diff of one path: working tree against the index, or with staged, the index against HEAD. */
  diff: request(z.object({ ...project, path: z.string().min(1).max(4096), staged: z.boolean() }), z.string()),
  /** A file at a revision, or in the index when rev is null ('' if absent there): the diff's left side. */
  show: request(z.object({ ...project, rev: refName.nullable(), path: z.string().min(1).max(4096) }), z.string()),
  /** Stops the git operations running for the project (a slow hook, a huge stash). */
  cancel: request(z.object(project), z.null()),
  /** Git's state moved (commit, checkout, index): refresh status and log. */
  changed: event(z.object({ projectId: z.string() })),
} as const;
