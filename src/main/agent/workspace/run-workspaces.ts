import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ChangedFile, FileVersions } from '../../../shared/domain/agent';
import { runIdSchema, workspaceIdSchema } from '../../../shared/domain/agent';
import { WeftError } from '../../../shared/ipc/errors';
import type { Logger } from '../../logging/logger';
import { NO_HOOKS_PATH } from '../../git/git-safety';
import { asWeftError, git, GitFailure, gitText, isWorktreeRace } from './git-process';
import { KeyedQueue } from './keyed-queue';
import { repoPath } from './repo-paths';
import { currentBranch, dirtyEntries, headCommit, isAncestor, resolveCommit } from './repo-queries';
import { archive, uncommittedFiles, unmergedCommits } from './run-archive';
import { diffTrees, readVersions, snapshotTree } from './run-changes';
import { commitCheckpoint, moveTo, type CheckpointResult } from './run-history';
import { RunLocator } from './run-locator';
import { readMeta, removeMeta, writeMeta } from './run-meta';
import { cherryPickFiles, mergeRun, removeWorktree, type CherryPickResult } from './run-review';

export type { CheckpointResult } from './run-history';
export type { CherryPickResult } from './run-review';

/** A new run worktree. */
export interface CreatedWorkspace {
  /** The worktree folder, `<worktreesDir>/<runId>`. */
  readonly path: string;
  /** `weft/<runId>`. */
  readonly branch: string;
  readonly baseCommit: string;
  /** The branch checked out in the project when the run started; null when HEAD was detached. */
  readonly baseBranch: string | null;
  /** The project had uncommitted changes, which the run does not see (it starts from the last commit). */
  readonly dirtyAtStart: boolean;
}

/** A run worktree or kept run branch found in a repository, for recovery after a crash. */
export interface RunWorkspaceInfo {
  readonly runId: string;
  readonly branch: string;
  /** The worktree folder, or null for a branch kept without one. */
  readonly path: string | null;
  readonly head: string;
  /** From the run's metadata; null when it is missing (e.g. kept as a branch). */
  readonly baseCommit: string | null;
  readonly baseBranch: string | null;
  /** The worktree is registered but its folder is gone. */
  readonly missing: boolean;
}

/** What identifies a run at the end of its review. */
export interface RunPlace {
  readonly projectRoot: string;
  /** The run's worktree path as `create` returned it (it may already be gone for `remove`/`discard`). */
  readonly path: string;
  /** `weft/<runId>`. */
  readonly branch: string;
}

/**
 * Isolated git worktrees for agent runs, one per run on its own `weft/<runId>` branch under
 * `worktreesDir`, with checkpoints, rollback and the end-of-run review. It never deletes a
 * worktree or branch holding work the user has neither merged nor discarded, never runs
 * `git clean`, and writes to the user's working tree only in `merge` and `cherryPick`.
 * File paths are relative to the repository's top level, as `changes()` reports them.
 */
export class RunWorkspaces {
  private readonly places: RunLocator;
  private readonly queue = new KeyedQueue();
  private disposed = false;

  constructor(
    worktreesDir: string,
    private readonly log: Logger,
  ) {
    this.places = new RunLocator(worktreesDir);
  }

  /** Creates `weft/<runId>` at the project's HEAD and checks it out in `<worktreesDir>/<runId>`. */
  async create(args: { projectRoot: string; runId: string }): Promise<CreatedWorkspace> {
    if (!runIdSchema.safeParse(args.runId).success)
      throw new WeftError('invalid_input', `"${args.runId.slice(0, 40)}" is not a run id.`);
    const runId = args.runId;
    const top = await this.places.repoTop(args.projectRoot);
    return this.serial([top], async () => {
      const baseCommit = await headCommit(top);
      if (!baseCommit)
        throw new WeftError(
          'git_failed',
          'This repository has no commits yet. Make a first commit so an agent run has a starting point.',
        );
      const branch = `weft/${runId}`;
      const path = this.places.pathOf(runId);
      if (existsSync(path) || (await readMeta(this.home, runId)))
        throw new WeftError('already_exists', `A worktree for run ${runId} already exists.`);
      if (await this.branchExists(top, branch))
        throw new WeftError('already_exists', `The branch ${branch} already exists.`);
      const baseBranch = await currentBranch(top);
      const dirtyAtStart = (await dirtyEntries(top)).length > 0;
      // The user's hooks (post-checkout) are not run for a worktree only Weft uses.
      const add = ['-c', `core.hooksPath=${NO_HOOKS_PATH}`, 'worktree', 'add', '--quiet'];
      await this.git('Creating the run worktree', () =>
        git(top, [...add, '-b', branch, path, baseCommit]).catch(async (error: unknown) => {
          // Another process's half-made worktree killed git, maybe after it made the branch.
          if (!isWorktreeRace(error) || existsSync(path)) throw error;
          if (await this.branchExists(top, branch)) return git(top, [...add, path, branch]);
          return git(top, [...add, '-b', branch, path, baseCommit]);
        }),
      );
      await this.places.pin(top, path);
      await writeMeta(this.home, { runId, repoRoot: top, branch, baseCommit, baseBranch, visited: [] });
      this.log.info({ runId, repo: top, baseCommit, baseBranch, dirtyAtStart }, 'run worktree created');
      return { path, branch, baseCommit, baseBranch, dirtyAtStart };
    });
  }

  /** Commits all changes in the run worktree as a checkpoint; null when nothing changed. */
  async checkpoint(args: { path: string; message: string }): Promise<CheckpointResult | null> {
    const run = await this.places.runTree(args.path);
    return this.serial([run.path], () => this.git('Saving a checkpoint', () => commitCheckpoint(run, args.message)));
  }

  /** Files changed from commit `from` to commit `to`, or to the worktree as it is now when `to` is null. */
  async changes(args: { path: string; from: string; to: string | null }): Promise<ChangedFile[]> {
    const run = await this.places.runTree(args.path);
    const from = await resolveCommit(run.path, args.from);
    const to = args.to === null ? null : await resolveCommit(run.path, args.to);
    return this.git('Listing the changes', async () => diffTrees(run.path, from, to ?? (await snapshotTree(run.path))));
  }

  /** One file at `from` and at `to` (null: on disk now), for the diff view; large or binary files are flagged. */
  async fileVersions(args: { path: string; from: string; to: string | null; file: string }): Promise<FileVersions> {
    const run = await this.places.runTree(args.path);
    const from = await resolveCommit(run.path, args.from);
    const to = args.to === null ? null : await resolveCommit(run.path, args.to);
    const { rel, absolute } = await repoPath(run.path, args.file);
    return this.git('Reading the file versions', () =>
      readVersions(run.path, from, to, rel, absolute, async () => {
        const changed = await diffTrees(run.path, from, to ?? (await snapshotTree(run.path)));
        return changed.find((c) => c.path === rel && c.oldPath)?.oldPath ?? null;
      }),
    );
  }

  /**
   * Moves the run worktree back to commit `to` (on the run's history), after checkpointing any
   * uncommitted work. `fromCommit` is where it was, which `undo` returns to.
   */
  async rollback(args: { path: string; to: string }): Promise<{ fromCommit: string }> {
    return this.move(args, 'Rolling back', 'Uncommitted changes saved before a rollback');
  }

  /** Undoes a rollback: moves back to the `fromCommit` it returned (itself undoable the same way). */
  async undo(args: { path: string; to: string }): Promise<{ fromCommit: string }> {
    return this.move(args, 'Undoing the rollback', 'Uncommitted changes saved before undoing a rollback');
  }

  /**
   * Merges the run branch into the project's current branch with a merge commit. Refused unless
   * `baseBranch` is checked out, the run's worktree has nothing uncheckpointed, and none of the
   * files the run changed has uncommitted changes in the project. A conflict leaves the project
   * as it was and names the files.
   */
  async merge(args: { projectRoot: string; branch: string; baseBranch: string }): Promise<{ commit: string }> {
    const top = await this.places.repoTop(args.projectRoot);
    const runId = this.places.runIdOfBranch(args.branch);
    const w = await this.places.registered(top, runId);
    const run = w && existsSync(w.path) ? await this.places.runTree(w.path) : null;
    return this.serial([top, ...(run ? [run.path] : [])], async () => {
      const result = await this.git('Merging the run', () => mergeRun(top, run, args.branch, args.baseBranch));
      this.log.info({ branch: args.branch, into: args.baseBranch, commit: result.commit }, 'run merged');
      return result;
    });
  }

  /**
   * Applies the run's changes to `files` (from `baseCommit` to the run branch's last checkpoint)
   * onto the project's working tree as uncommitted changes. Files with local changes are refused.
   */
  async cherryPick(args: {
    projectRoot: string;
    path: string;
    baseCommit: string;
    files: readonly string[];
  }): Promise<CherryPickResult> {
    const top = await this.places.repoTop(args.projectRoot);
    const run = await this.places.runTree(args.path);
    await this.places.sameRepo(top, run);
    return this.serial([top, run.path], async () => {
      const result = await this.git('Applying the selected files', () =>
        cherryPickFiles(top, run, args.baseCommit, args.files),
      );
      this.log.info({ runId: run.runId, ...result }, 'run files applied');
      return result;
    });
  }

  /** Removes the worktree and keeps the branch (uncommitted work is checkpointed first). */
  async keepAsBranch(args: RunPlace): Promise<{ branch: string; commit: string }> {
    const top = await this.places.repoTop(args.projectRoot);
    const run = await this.places.runTree(args.path);
    if (args.branch !== run.branch)
      throw new WeftError('invalid_ref', `${args.branch.slice(0, 80)} is not the branch of run ${run.runId}.`);
    await this.places.sameRepo(top, run);
    return this.serial([top, run.path], async () => {
      await this.git('Saving the last changes', () =>
        commitCheckpoint(run, 'Uncommitted changes kept with the branch'),
      );
      const commit = (await headCommit(run.path))!;
      await this.git('Removing the worktree', () => removeWorktree(top, run.path));
      await removeMeta(this.home, run.runId);
      this.log.info({ runId: run.runId, branch: run.branch, commit }, 'run kept as a branch');
      return { branch: run.branch, commit };
    });
  }

  /** Throws the run away at the user's request: its worktree (forced) and its branch (`-D`). */
  async discard(args: RunPlace): Promise<void> {
    const { top, runId, path } = await this.ending(args);
    await this.serial([top, path], async () => {
      if (await this.places.registered(top, runId))
        await this.git('Removing the worktree', () => removeWorktree(top, path));
      if (await this.branchExists(top, args.branch))
        await this.git('Deleting the run branch', () => git(top, ['branch', '-D', '--', args.branch]));
      await removeMeta(this.home, runId);
      this.log.info({ runId, branch: args.branch }, 'run discarded');
    });
  }

  /**
   * Removes the worktree (if still there) and branch of a run whose work is in the project's
   * current branch, after `merge`; `unmerged_changes` if either holds anything more.
   */
  async remove(args: RunPlace): Promise<void> {
    const { top, runId, path } = await this.ending(args);
    await this.serial([top, path], async () => {
      const registered = await this.places.registered(top, runId);
      if (registered && existsSync(path) && (await dirtyEntries(path)).length > 0)
        throw new WeftError('unmerged_changes', 'The run worktree has changes that are not checkpointed or merged.');
      if (!(await this.branchExists(top, args.branch)))
        throw new WeftError('invalid_ref', `The branch ${args.branch} no longer exists.`);
      const tip = await resolveCommit(top, `refs/heads/${args.branch}`);
      if (!(await isAncestor(top, tip, 'HEAD')))
        throw new WeftError(
          'unmerged_changes',
          `${args.branch} has commits that are not merged into the current branch; merge or discard the run first.`,
        );
      if (registered) await this.git('Removing the worktree', () => removeWorktree(top, path));
      // -d, not -D: git checks once more that nothing is lost.
      await this.git('Deleting the run branch', () => git(top, ['branch', '-d', '--', args.branch])).catch(
        (error: unknown) => {
          throw error instanceof WeftError && error.code === 'git_failed'
            ? new WeftError('unmerged_changes', `${args.branch} is not fully merged, so it was kept.`)
            : error;
        },
      );
      await removeMeta(this.home, runId);
      this.log.info({ runId, branch: args.branch }, 'merged run removed');
    });
  }

  /**
   * Removes the worktree and branch of a run that left nothing behind: its branch still at the
   * commit it started from and its worktree clean (ignored files aside). Anything else is kept for
   * the user's review; returns whether it was removed.
   */
  async removeIfUnchanged(args: { projectRoot: string; runId: string }): Promise<boolean> {
    const top = await this.places.repoTop(args.projectRoot);
    const w = await this.places.registered(top, args.runId);
    if (!w || !existsSync(w.path)) return false;
    const run = await this.places.runTree(w.path);
    return this.serial([top, run.path], async () => {
      const meta = await readMeta(this.home, run.runId);
      if (!meta || (await headCommit(run.path)) !== meta.baseCommit) return false;
      if ((await dirtyEntries(run.path)).length > 0) return false;
      await this.git('Removing the worktree', () => removeWorktree(top, run.path));
      // The tip is the commit the run started from, so deleting the name loses nothing.
      await this.git('Deleting the run branch', () => git(top, ['branch', '-D', '--', run.branch]));
      await removeMeta(this.home, run.runId);
      this.log.info({ runId: run.runId, branch: run.branch }, 'run changed nothing; worktree and branch removed');
      return true;
    });
  }

  /** What a kept run holds that the project's current branch does not: commits and uncommitted files. */
  async pending(args: { projectRoot: string; runId: string }): Promise<{ commits: number; files: number }> {
    const top = await this.places.repoTop(args.projectRoot);
    const w = await this.places.registered(top, args.runId);
    const path = w && existsSync(w.path) ? (await this.places.runTree(w.path)).path : null;
    const tip = await resolveCommit(top, `refs/heads/weft/${args.runId}`);
    return this.git('Reading the run', async () => ({
      commits: await unmergedCommits(top, tip),
      files: await uncommittedFiles(path),
    }));
  }

  /**
   * Cleans a run up at the user's request without losing anything: uncommitted work is
   * checkpointed, and a branch with commits the current branch lacks is archived under
   * `refs/weft/archive/<runId>` before the worktree and branch go. Returns the archive ref, if any.
   */
  async archiveAndRemove(args: { projectRoot: string; runId: string }): Promise<{ archived: string | null }> {
    const top = await this.places.repoTop(args.projectRoot);
    const branch = `weft/${args.runId}`;
    const path = this.places.pathOf(args.runId);
    return this.serial([top, path], async () => {
      const registered = await this.places.registered(top, args.runId);
      if (registered && existsSync(path)) {
        const run = await this.places.runTree(path);
        await this.git('Saving the last changes', () =>
          commitCheckpoint(run, 'Uncommitted changes archived at clean-up'),
        );
      }
      let archived: string | null = null;
      if (await this.branchExists(top, branch)) {
        const tip = await resolveCommit(top, `refs/heads/${branch}`);
        if ((await unmergedCommits(top, tip)) > 0)
          archived = await this.git('Archiving the run', () => archive(top, args.runId, tip));
      }
      if (registered) await this.git('Removing the worktree', () => removeWorktree(top, path));
      if (await this.branchExists(top, branch))
        await this.git('Deleting the run branch', () => git(top, ['branch', '-D', '--', branch]));
      await removeMeta(this.home, args.runId);
      this.log.info({ runId: args.runId, archived }, 'run cleaned up');
      return { archived };
    });
  }

  /** Weft's run worktrees and kept run branches in a repository. */
  async list(projectRoot: string): Promise<RunWorkspaceInfo[]> {
    const top = await this.places.repoTop(projectRoot);
    const out: RunWorkspaceInfo[] = [];
    const seen = new Set<string>();
    for (const w of await this.git('Listing worktrees', () => this.places.worktrees(top))) {
      const runId = basename(w.path);
      if (dirname(w.path) !== this.home || w.branch !== `weft/${runId}` || !w.head) continue;
      const meta = await readMeta(this.home, runId);
      if (!w.prunable && existsSync(w.path)) await this.places.pin(top, w.path);
      seen.add(w.branch);
      out.push({
        runId,
        branch: w.branch,
        path: w.path,
        head: w.head,
        baseCommit: meta?.baseCommit ?? null,
        baseBranch: meta?.baseBranch ?? null,
        missing: w.prunable || !existsSync(w.path),
      });
    }
    const refs = await gitText(top, ['for-each-ref', '--format=%(refname:short)%00%(objectname)', 'refs/heads/weft/']);
    for (const line of refs.split('\n').filter(Boolean)) {
      const [branch = '', head = ''] = line.split('\0');
      const runId = branch.slice('weft/'.length);
      if (seen.has(branch) || !workspaceIdSchema.safeParse(runId).success) continue;
      const meta = await readMeta(this.home, runId);
      out.push({
        runId,
        branch,
        path: null,
        head,
        baseCommit: meta?.baseCommit ?? null,
        baseBranch: meta?.baseBranch ?? null,
        missing: false,
      });
    }
    return out;
  }

  /** True when `path` is a live run worktree under the worktrees folder. */
  async exists(path: string): Promise<boolean> {
    return this.places.runTree(path).then(
      () => true,
      () => false,
    );
  }

  /** New calls are refused; git processes already running finish (they are short). */
  dispose(): void {
    this.disposed = true;
  }

  private get home(): string {
    return this.places.home;
  }

  private async move(args: { path: string; to: string }, what: string, why: string): Promise<{ fromCommit: string }> {
    const run = await this.places.runTree(args.path);
    return this.serial([run.path], async () => {
      const result = await this.git(what, () => moveTo(run, args.to, why));
      this.log.info({ runId: run.runId, to: args.to, from: result.fromCommit }, what);
      return result;
    });
  }

  /** The checked project, run id and worktree path for `discard` and `remove`, which work after a crash too. */
  private async ending(args: RunPlace): Promise<{ top: string; runId: string; path: string }> {
    const top = await this.places.repoTop(args.projectRoot);
    const runId = this.places.runIdOfPath(args.path);
    if (args.branch !== `weft/${runId}`)
      throw new WeftError('invalid_ref', `${args.branch.slice(0, 80)} is not the branch of run ${runId}.`);
    return { top, runId, path: this.places.pathOf(runId) };
  }

  private async branchExists(top: string, branch: string): Promise<boolean> {
    return (await git(top, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], { okCodes: [1] })).code === 0;
  }

  private async git<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.disposed) throw new WeftError('cancelled', 'Weft is shutting down.');
    try {
      return await fn();
    } catch (error) {
      if (error instanceof GitFailure)
        this.log.warn({ args: error.args.slice(0, 6), err: error.result.stderr.slice(0, 500) }, 'git failed');
      throw asWeftError(error, what);
    }
  }

  /** Holds the queues of every key in order (project before worktree), so operations on one place never overlap. */
  private serial<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const [first, ...rest] = keys;
    if (first === undefined) return fn();
    return this.queue.run(first, () => this.serial(rest, fn));
  }
}
