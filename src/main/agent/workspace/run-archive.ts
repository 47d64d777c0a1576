// What a kept run holds that exists nowhere else, and putting it somewhere safe before clean-up.
import { git, gitText } from './git-process';
import { dirtyEntries } from './repo-queries';

/** The ref a run's unmerged work is kept under once its branch is cleaned up. */
export const archiveRef = (runId: string): string => `refs/weft/archive/${runId}`;

/** Commits on `tip` that the project's checked-out branch does not have. */
export async function unmergedCommits(top: string, tip: string): Promise<number> {
  return Number(await gitText(top, ['rev-list', '--count', tip, '--not', 'HEAD'])) || 0;
}

/** Changed, staged and untracked files in a run worktree (none when it is gone). */
export async function uncommittedFiles(path: string | null): Promise<number> {
  return path ? (await dirtyEntries(path)).length : 0;
}

/** Points the archive ref at `tip` (created or moved); the commits stay reachable from it. */
export async function archive(top: string, runId: string, tip: string): Promise<string> {
  const ref = archiveRef(runId);
  await git(top, ['update-ref', '-m', 'weft: run archived at clean-up', ref, tip]);
  return ref;
}
