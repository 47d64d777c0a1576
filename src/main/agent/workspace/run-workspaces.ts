import { existsSync, mkdirSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ChangedFile, FileVersions } from '../../../shared/domain/agent';
import { runIdSchema } from '../../../shared/domain/agent';
import { WeftError } from '../../../shared/ipc/errors';
import { PathGuard } from '../../files/path-guard';
import { isWithin, pathProblem } from '../../files/path-rules';
import type { Logger } from '../../logging/logger';
import { parseWorktreeList } from './diff-parser';
import { asWeftError, git, GitFailure, gitText } from './git-process';
import { currentBranch, dirtyEntries, headCommit, resolveCommit } from './repo-queries';
import { diffTrees, readVersions, snapshotTree } from './run-changes';
import { commitCheckpoint, moveTo, type CheckpointResult, type RunTree } from './run-history';
import { repoPath } from './repo-paths';
import { readMeta, removeMeta, writeMeta } from './run-meta';
import { cherryPickFiles, mergeRun, removeWorktree, type CherryPickResult } from './run-review';

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
  /** From the run's metadata; null when it is missing. */
  readonly baseCommit: string | null;
  readonly baseBranch: string | null;
  /** The worktree is registered but its folder is gone. */
  readonly missing: boolean;
}

/**
 * Isolated git worktrees for agent runs, one per run on its own `weft/<runId>` branch under
 * `worktreesDir`, with checkpoints, rollback and the end-of-run review. It never deletes a
 * worktree or branch holding work the user has neither merged nor discarded, never runs
 * `git clean`, and changes nothing outside `worktreesDir` except through merge and cherry-pick.
 * File paths are relative to the repository's top level, as `changes()` reports them.
 */
export class RunWorkspaces {
  private readonly guard: PathGuard;
  private readonly home: string;
  private readonly queues = new Map<string, Promise<unknown>>();
  private disposed = false;

  constructor(
    worktreesDir: string,
    private readonly log: Logger,
  ) {
    mkdirSync(worktreesDir, { recursive: true });
    this.guard = new PathGuard(worktreesDir);
    this.home = this.guard.root;
  }

  /** Creates `weft/<runId>` at the project's HEAD and checks it out in `<worktreesDir>/<runId>`. */
  async create(args: { projectRoot: string; runId: string }): Promise<CreatedWorkspace> {
    const runId = checkRunId(args.runId);
    const top = await this.repoTop(args.projectRoot);
    return this.serial(top, async () => {
      const baseCommit = await headCommit(top);
      if (!baseCommit)
        throw new WeftError(
          'git_failed',
          'This repository has no commits yet. Make a first commit so an agent run has a starting point.',
        );
      const branch = `weft/${runId}`;
      const path = join(this.home, runId);
      if (existsSync(path) || (await readMeta(this.home, runId)))
        throw new WeftError('already_exists', `A worktree for run ${runId} already exists.`);
      const exists = await git(top, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], { okCodes: [1] });
      if (exists.code === 0) throw new WeftError('already_exists', `The branch ${branch} already exists.`);
      const baseBranch = await currentBranch(top);
      const dirtyAtStart = (await dirtyEntries(top)).length > 0;
      await this.run('Creating the run worktree', () =>
        // The user's hooks (post-checkout) are not run for a worktree only Weft uses.
        git(top, [
          '-c',
          `core.hooksPath=${this.noHooks}`,
          'worktree',
          'add',
          '--quiet',
          '-b',
          branch,
          path,
          baseCommit,
        ]),
      );
      await writeMeta(this.home, { runId, repoRoot: top, branch, baseCommit, baseBranch, visited: [] });
      this.log.info({ runId, repo: top, baseCommit, baseBranch, dirtyAtStart }, 'run worktree created');
      return { path, branch, baseCommit, baseBranch, dirtyAtStart };
    });
  }

  /** Commits all changes in the run worktree as a checkpoint; null when nothing changed. */
  async checkpoint(args: { path: string; message: string }): Promise<CheckpointResult | null> {
    const run = await this.runTree(args.path);
    return this.serial(run.path, () => this.run('Saving a checkpoint', () => commitCheckpoint(run, args.message)));
  }

  /** Files changed from commit `from` to commit `to`, or to the worktree as it is now when `to` is null. */
  async changes(args: { path: string; from: string; to: string | null }): Promise<ChangedFile[]> {
    const run = await this.runTree(args.path);
    const from = await resolveCommit(run.path, args.from);
    const to = args.to === null ? null : await resolveCommit(run.path, args.to);
    return this.run('Listing the changes', async () => diffTrees(run.path, from, to ?? (await snapshotTree(run.path))));
  }

  /** One file at `from` and at `to` (null: on disk now), for the diff view; large or binary files are flagged. */
  async fileVersions(args: { path: string; from: string; to: string | null; file: string }): Promise<FileVersions> {
    const run = await this.runTree(args.path);
    const from = await resolveCommit(run.path, args.from);
    const to = args.to === null ? null : await resolveCommit(run.path, args.to);
    const { rel, absolute } = await repoPath(run.path, args.file);
    return this.run('Reading the file versions', () =>
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
    const run = await this.runTree(args.path);
    return this.serial(run.path, async () => {
      const result = await this.run('Rolling back', () =>
        moveTo(run, args.to, 'Uncommitted changes saved before a rollback'),
      );
      this.log.info({ runId: run.runId, to: args.to, from: result.fromCommit }, 'run rolled back');
      return result;
    });
  }

  /** Undoes a rollback: moves back to the `fromCommit` it returned (itself undoable the same way). */
  async undo(args: { path: string; to: string }): Promise<{ fromCommit: string }> {
    const run = await this.runTree(args.path);
    return this.serial(run.path, async () => {
      const result = await this.run('Undoing the rollback', () =>
        moveTo(run, args.to, 'Uncommitted changes saved before undoing a rollback'),
      );
      this.log.info({ runId: run.runId, to: args.to, from: result.fromCommit }, 'run rollback undone');
      return result;
    });
  }

  /**
   * Merges the run branch into the project's current branch with a merge commit. Refused unless
   * `baseBranch` is checked out, the run's worktree has nothing uncheckpointed, and none of the
   * files the run changed has uncommitted changes in the project. A conflict leaves the project
   * as it was and names the files.
   */
  async merge(args: { projectRoot: string; branch: string; baseBranch: string }): Promise<{ commit: string }> {
    const top = await this.repoTop(args.projectRoot);
    const run = await this.runOfBranch(top, args.branch);
    return this.serial(top, async () => {
      const result = await this.run('Merging the run', () => mergeRun(top, run, args.branch, args.baseBranch));
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
    const top = await this.repoTop(args.projectRoot);
    const run = await this.runTree(args.path);
    await this.sameRepo(top, run);
    return this.serial(top, async () => {
      const result = await this.run('Applying the selected files', () =>
        cherryPickFiles(top, run, args.baseCommit, args.files),
      );
      this.log.info(
        { runId: run.runId, applied: result.applied.length, conflicted: result.conflicted.length },
        'run files applied',
      );
      return result;
    });
  }

  /** Removes the worktree and keeps the branch (uncommitted work is checkpointed first). */
  async keepAsBranch(args: {
    projectRoot: string;
    path: string;
    branch: string;
  }): Promise<{ branch: string; commit: string }> {
    const { top, run } = await this.finishing(args);
    return this.serial(top, async () => {
      await this.run('Saving the last changes', () =>
        commitCheckpoint(run, 'Uncommitted changes kept with the branch'),
      );
      const commit = (await headCommit(run.path))!;
      await this.run('Removing the worktree', () => removeWorktree(top, run.path));
      await removeMeta(this.home, run.runId);
      this.log.info({ runId: run.runId, branch: run.branch, commit }, 'run kept as a branch');
      return { branch: run.branch, commit };
    });
  }

  /** Throws the run away at the user's request: its worktree (forced) and its branch (`-D`). */
  async discard(args: { projectRoot: string; path: string; branch: string }): Promise<void> {
    const top = await this.repoTop(args.projectRoot);
    const runId = this.runIdOfPath(args.path);
    if (args.branch !== `weft/${runId}`)
      throw new WeftError('invalid_ref', `${args.branch.slice(0, 80)} is not the branch of run ${runId}.`);
    await this.serial(top, async () => {
      const path = join(this.home, runId);
      const registered = (await this.worktrees(top)).find((w) => w.path === path || w.branch === args.branch);
      if (registered && registered.path !== path)
        throw new WeftError(
          'invalid_input',
          `${args.branch} is checked out outside Weft's worktrees; Weft leaves it alone.`,
        );
      if (existsSync(path) && !registered)
        throw new WeftError('invalid_input', `${path} is not a worktree of this repository; Weft leaves it alone.`);
      if (registered) await this.run('Removing the worktree', () => removeWorktree(top, path));
      const branch = await git(top, ['show-ref', '--verify', '--quiet', `refs/heads/${args.branch}`], { okCodes: [1] });
      if (branch.code === 0)
        await this.run('Deleting the run branch', () => git(top, ['branch', '-D', '--', args.branch]));
      await removeMeta(this.home, runId);
      this.log.info({ runId, branch: args.branch }, 'run discarded');
    });
  }

  /**
   * Removes the worktree and branch of a run whose work is in the project's current branch
   * (after `merge`); `unmerged_changes` if the branch or the worktree holds anything more.
   */
  async remove(args: { projectRoot: string; path: string; branch: string }): Promise<void> {
    const { top, run } = await this.finishing(args);
    await this.serial(top, async () => {
      if ((await dirtyEntries(run.path)).length > 0)
        throw new WeftError('unmerged_changes', 'The run worktree has changes that are not checkpointed or merged.');
      const tip = (await headCommit(run.path))!;
      const merged = await git(top, ['merge-base', '--is-ancestor', tip, 'HEAD'], { okCodes: [1] });
      if (merged.code !== 0)
        throw new WeftError(
          'unmerged_changes',
          `${run.branch} has commits that are not merged into the current branch; merge or discard the run first.`,
        );
      await this.run('Removing the worktree', () => removeWorktree(top, run.path));
      // -d, not -D: git checks once more that nothing is lost.
      await this.run('Deleting the run branch', () => git(top, ['branch', '-d', '--', run.branch])).catch((error) => {
        throw error instanceof WeftError && error.code === 'git_failed'
          ? new WeftError('unmerged_changes', `${run.branch} is not fully merged, so it was kept.`)
          : error;
      });
      await removeMeta(this.home, run.runId);
      this.log.info({ runId: run.runId, branch: run.branch }, 'merged run removed');
    });
  }

  /** Weft's run worktrees and kept run branches in a repository. */
  async list(projectRoot: string): Promise<RunWorkspaceInfo[]> {
    const top = await this.repoTop(projectRoot);
    const out: RunWorkspaceInfo[] = [];
    const seen = new Set<string>();
    for (const w of await this.worktrees(top)) {
      if (!w.branch?.startsWith('weft/') || dirname(w.path) !== this.home || !w.head) continue;
      const runId = basename(w.path);
      if (w.branch !== `weft/${runId}`) continue;
      const meta = await readMeta(this.home, runId);
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
      if (seen.has(branch) || !runIdSchema.safeParse(runId).success) continue;
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
    try {
      await this.runTree(path);
      return true;
    } catch {
      return false;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.queues.clear();
  }

  /** A hooks folder that never exists, so git finds no hooks to run. */
  private get noHooks(): string {
    return join(this.home, '.no-hooks');
  }

  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.disposed) throw new WeftError('cancelled', 'Weft is shutting down.');
    try {
      return await fn();
    } catch (error) {
      if (error instanceof GitFailure)
        this.log.warn({ args: error.args.slice(0, 6), err: error.result.stderr.slice(0, 500) }, 'git failed');
      throw asWeftError(error, what);
    }
  }

  /** One operation at a time per repository or worktree: git's own locks would fail the second. */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  /** The run id a worktree path names, checked to be `<worktreesDir>/<runId>` exactly. */
  private runIdOfPath(path: string): string {
    const problem = pathProblem(path);
    if (problem) throw new WeftError('invalid_input', 'The worktree path is not valid.');
    const runId = basename(path);
    if (dirname(path) !== this.home || !runIdSchema.safeParse(runId).success)
      throw new WeftError('path_outside_project', `${path.slice(0, 200)} is not one of Weft's run worktrees.`);
    return runId;
  }

  /** A run worktree from a path: inside the worktrees folder (symlinks followed), a worktree root, on its branch. */
  private async runTree(path: string): Promise<RunTree> {
    const real = await this.guard.resolve(path).catch((error: unknown) => {
      if (error instanceof WeftError && error.code === 'path_outside_project')
        throw new WeftError('path_outside_project', `${path.slice(0, 200)} is not one of Weft's run worktrees.`);
      throw error;
    });
    const runId = this.runIdOfPath(real);
    if (!existsSync(real)) throw new WeftError('path_not_found', `The worktree of run ${runId} no longer exists.`);
    const top = await gitText(real, ['rev-parse', '--show-toplevel']).catch(() => '');
    if (!top || (await realpath(top)) !== real)
      throw new WeftError('path_outside_project', `${real} is not a git worktree.`);
    const branch = `weft/${runId}`;
    if ((await currentBranch(real)) !== branch)
      throw new WeftError('invalid_ref', `The worktree of run ${runId} is not on its branch ${branch}.`);
    return { path: real, runId, branch, home: this.home };
  }

  /** The top level of the project's repository (real path); refused for folders that are no repository. */
  private async repoTop(projectRoot: string): Promise<string> {
    if (pathProblem(projectRoot)) throw new WeftError('invalid_input', 'The project path is not valid.');
    const root = await realpath(projectRoot).catch(() => {
      throw new WeftError('path_not_found', `${projectRoot.slice(0, 200)} does not exist.`);
    });
    const top = await gitText(root, ['rev-parse', '--show-toplevel']).catch(() => '');
    if (!top) throw new WeftError('not_a_git_repository', 'Agent runs need a git repository; this folder is not one.');
    const real = await realpath(top);
    if (isWithin(this.home, real, this.guard.flavour))
      throw new WeftError('invalid_input', 'A run worktree cannot itself be used as a project for runs.');
    return real;
  }

  /** Run worktrees of one repository share its object store; refuse mixing two repositories. */
  private async sameRepo(top: string, run: RunTree): Promise<void> {
    const common = async (dir: string) =>
      realpath(await gitText(dir, ['rev-parse', '--path-format=absolute', '--git-common-dir']));
    if ((await common(top)) !== (await common(run.path)))
      throw new WeftError('invalid_input', `Run ${run.runId} does not belong to this repository.`);
  }

  private async finishing(args: {
    projectRoot: string;
    path: string;
    branch: string;
  }): Promise<{ top: string; run: RunTree }> {
    const top = await this.repoTop(args.projectRoot);
    const run = await this.runTree(args.path);
    if (args.branch !== run.branch)
      throw new WeftError('invalid_ref', `${args.branch.slice(0, 80)} is not the branch of run ${run.runId}.`);
    await this.sameRepo(top, run);
    return { top, run };
  }

  /** The worktree checked out on a run branch, if it still exists (to refuse merging uncheckpointed work). */
  private async runOfBranch(top: string, branch: string): Promise<RunTree | null> {
    const runId = branch.startsWith('weft/') ? branch.slice(5) : '';
    if (!runIdSchema.safeParse(runId).success)
      throw new WeftError('invalid_ref', `${branch.slice(0, 80)} is not a Weft run branch.`);
    const w = (await this.worktrees(top)).find((x) => x.branch === branch);
    if (!w || !existsSync(w.path) || dirname(w.path) !== this.home) return null;
    return this.runTree(w.path);
  }

  private async worktrees(top: string) {
    const out = await this.run('Listing worktrees', () => git(top, ['worktree', 'list', '--porcelain', '-z']));
    return parseWorktreeList(out.stdout.toString('utf8'));
  }
}

function checkRunId(runId: string): string {
  if (!runIdSchema.safeParse(runId).success)
    throw new WeftError('invalid_input', `"${runId.slice(0, 40)}" is not a run id.`);
  return runId;
}
