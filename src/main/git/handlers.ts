import type { NamespaceHandlers } from '../ipc/router';
import type { GitService } from './git-service';

const done = async (work: Promise<void>): Promise<null> => {
  await work;
  return null;
};

/** The `git.*` requests. */
export function gitHandlers(git: GitService): NamespaceHandlers<'git'> {
  return {
    'git.status': ({ projectId }) => git.status(projectId),
    'git.stage': ({ projectId, paths }) => done(git.stage(projectId, paths)),
    'git.unstage': ({ projectId, paths }) => done(git.unstage(projectId, paths)),
    'git.applyPatch': ({ projectId, patch, reverse }) => done(git.applyToIndex(projectId, patch, reverse)),
    'git.commit': ({ projectId, message, amend }) => git.commit(projectId, message, amend),
    'git.branches': ({ projectId }) => git.branches(projectId),
    'git.createBranch': ({ projectId, name, checkout }) => done(git.createBranch(projectId, name, checkout)),
    'git.switchBranch': ({ projectId, name, force }) => done(git.switchBranch(projectId, name, force)),
    'git.log': ({ projectId, limit, rev }) => git.history(projectId, limit, rev),
    'git.stashes': ({ projectId }) => git.stashes(projectId),
    'git.stash': ({ projectId, message, includeUntracked }) => done(git.stash(projectId, message, includeUntracked)),
    'git.stashPop': ({ projectId, index }) => done(git.stashPop(projectId, index)),
    'git.worktrees': ({ projectId }) => git.worktrees(projectId),
    'git.diff': ({ projectId, path, staged }) => git.diff(projectId, path, staged),
    'git.cancel': ({ projectId }) => {
      git.cancel(projectId);
      return null;
    },
    'git.show': ({ projectId, rev, path }) => git.show(projectId, rev, path),
  };
}
