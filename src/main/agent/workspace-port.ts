import type { ChangedFile, FileVersions } from '../../shared/domain/agent';

/** What agent runs need from git worktree isolation (RunWorkspaces in `workspace/`). */
export interface RunWorkspacesPort {
  create(input: { projectRoot: string; runId: string }): Promise<{
    path: string;
    branch: string;
    baseCommit: string;
    baseBranch: string | null;
    dirtyAtStart: boolean;
  }>;
  checkpoint(input: { path: string; message: string }): Promise<{ commit: string; files: ChangedFile[] } | null>;
  changes(input: { path: string; from: string; to: string | null }): Promise<ChangedFile[]>;
  fileVersions(input: { path: string; from: string; to: string | null; file: string }): Promise<FileVersions>;
  rollback(input: { path: string; to: string }): Promise<{ fromCommit: string }>;
  undo(input: { path: string; to: string }): Promise<unknown>;
  merge(input: { projectRoot: string; branch: string; baseBranch: string }): Promise<unknown>;
  cherryPick(input: {
    projectRoot: string;
    path: string;
    baseCommit: string;
    files: readonly string[];
  }): Promise<{ applied: readonly string[]; conflicted: readonly string[] }>;
  keepAsBranch(input: { projectRoot: string; path: string; branch: string }): Promise<unknown>;
  discard(input: { projectRoot: string; path: string; branch: string }): Promise<void>;
  /** True when `path` is one of the run worktrees. */
  exists(path: string): Promise<boolean>;
  /** Removes the worktree and the (fully merged) branch after a merge. */
  remove(input: { projectRoot: string; path: string; branch: string }): Promise<void>;
}
