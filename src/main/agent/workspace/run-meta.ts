import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** What Weft remembers about a run's worktree next to it, so a restart can still check rollbacks. */
const runMetaSchema = z.object({
  runId: z.string(),
  /** The repository's top level the worktree belongs to. */
  repoRoot: z.string(),
  branch: z.string(),
  baseCommit: z.string(),
  baseBranch: z.string().nullable(),
  /** Every commit the worktree was moved away from by a rollback or its undo: the reachable history. */
  visited: z.array(z.string()),
});
export type RunMeta = z.infer<typeof runMetaSchema>;

/** `<worktreesDir>/<runId>.json`, beside the worktree folder of the same name. */
export function metaPath(worktreesDir: string, runId: string): string {
  return join(worktreesDir, `${runId}.json`);
}

export async function readMeta(worktreesDir: string, runId: string): Promise<RunMeta | null> {
  try {
    const parsed = runMetaSchema.safeParse(JSON.parse(await readFile(metaPath(worktreesDir, runId), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written to a temporary name and renamed, so a crash never leaves half a file. */
export async function writeMeta(worktreesDir: string, meta: RunMeta): Promise<void> {
  const target = metaPath(worktreesDir, meta.runId);
  const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify(meta, null, 2));
  await rename(temp, target);
}

export async function removeMeta(worktreesDir: string, runId: string): Promise<void> {
  await rm(metaPath(worktreesDir, runId), { force: true });
}
