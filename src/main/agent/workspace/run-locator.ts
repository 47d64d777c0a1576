import { existsSync, mkdirSync } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { workspaceIdSchema } from '../../../shared/domain/agent';
import { WeftError } from '../../../shared/ipc/errors';
import { PathGuard } from '../../files/path-guard';
import { isWithin, pathProblem } from '../../files/path-rules';
import { parseWorktreeList, type WorktreeRecord } from './diff-parser';
import { pinGitDir, pinnedGitDir } from '../../git/git-process';
import { git, gitText } from './git-process';
import { currentBranch } from './repo-queries';
import type { RunTree } from './run-history';
import { readMeta } from './run-meta';

/**
 * Turns the paths callers pass into checked places: a run worktree is exactly
 * `<worktreesDir>/<runId>` (symlinks followed, a worktree root, on `weft/<runId>`), a project
 * is the real top level of a git repository outside the worktrees folder.
 */
export class RunLocator {
  private readonly guard: PathGuard;
  /** The worktrees folder, as a real path. */
  readonly home: string;

  constructor(worktreesDir: string) {
    mkdirSync(worktreesDir, { recursive: true });
    this.guard = new PathGuard(worktreesDir);
    this.home = this.guard.root;
  }

  /** Where run `runId`'s worktree lives. */
  pathOf(runId: string): string {
    return join(this.home, runId);
  }

  /** The run id a worktree path names, checked to be `<worktreesDir>/<runId>` exactly (lexically). */
  runIdOfPath(path: string): string {
    if (pathProblem(path)) throw new WeftError('invalid_input', 'The worktree path is not valid.');
    const runId = basename(path);
    if (dirname(path) !== this.home || !workspaceIdSchema.safeParse(runId).success)
      throw new WeftError('path_outside_project', `${path.slice(0, 200)} is not one of Weft's run worktrees.`);
    return runId;
  }

  /** A live run worktree from a path. */
  async runTree(path: string): Promise<RunTree> {
    const real = await this.guard.resolve(path).catch((error: unknown) => {
      if (error instanceof WeftError && error.code === 'path_outside_project')
        throw new WeftError('path_outside_project', `${path.slice(0, 200)} is not one of Weft's run worktrees.`);
      throw error;
    });
    const runId = this.runIdOfPath(real);
    if (!existsSync(real)) throw new WeftError('path_not_found', `The worktree of run ${runId} no longer exists.`);
    const meta = await readMeta(this.home, runId);
    if (meta) await this.pin(meta.repoRoot, real);
    const top = await gitText(real, ['rev-parse', '--show-toplevel']).catch(() => '');
    if (!top || (await realpath(top)) !== real)
      throw new WeftError('path_outside_project', `${real} is not a git worktree.`);
    const branch = `weft/${runId}`;
    if ((await currentBranch(real)) !== branch)
      throw new WeftError('invalid_ref', `The worktree of run ${runId} is not on its branch ${branch}.`);
    return { path: real, runId, branch, home: this.home };
  }

  /**
   * Pins the git folder of the run worktree at `path` (see pinGitDir), found from the repository's
   * side: the administrative folder under its common git folder whose `gitdir` names `path/.git`.
   * `top` comes from Weft (the project, or the run's metadata), never from the worktree.
   */
  async pin(top: string, path: string): Promise<void> {
    if (pinnedGitDir(path)) return;
    const common = await gitText(top, ['rev-parse', '--path-format=absolute', '--git-common-dir']).catch(() => '');
    if (!common) return;
    const admin = join(await realpath(common), 'worktrees');
    const link = join(path, '.git');
    for (const name of await readdir(admin).catch(() => [] as string[])) {
      const named = (await readFile(join(admin, name, 'gitdir'), 'utf8').catch(() => '')).trim();
      if (named && resolve(named) === link) {
        pinGitDir(path, join(admin, name));
        return;
      }
    }
  }

  /** The top level of the project's repository (real path); refused for folders that are no repository. */
  async repoTop(projectRoot: string): Promise<string> {
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
  async sameRepo(top: string, run: RunTree): Promise<void> {
    const common = async (dir: string) =>
      realpath(await gitText(dir, ['rev-parse', '--path-format=absolute', '--git-common-dir']));
    if ((await common(top)) !== (await common(run.path)))
      throw new WeftError('invalid_input', `Run ${run.runId} does not belong to this repository.`);
  }

  /** The run id of a `weft/<runId>` branch name, or `invalid_ref`. */
  runIdOfBranch(branch: string): string {
    const runId = branch.startsWith('weft/') ? branch.slice('weft/'.length) : '';
    if (!workspaceIdSchema.safeParse(runId).success)
      throw new WeftError('invalid_ref', `${branch.slice(0, 80)} is not a Weft run branch.`);
    return runId;
  }

  /** The repository's worktrees as git lists them. */
  async worktrees(top: string): Promise<WorktreeRecord[]> {
    const list = parseWorktreeList((await git(top, ['worktree', 'list', '--porcelain', '-z'])).stdout.toString('utf8'));
    // git prints '/' separators on Windows too; compare in the platform's form.
    return list.map((w) => ({ ...w, path: resolve(w.path) }));
  }

  /**
   * The registered worktree of run `runId` under the worktrees folder, or null. Refuses when its
   * branch is checked out somewhere else, or a folder of that name is no worktree of the repository:
   * Weft leaves such places alone.
   */
  async registered(top: string, runId: string): Promise<WorktreeRecord | null> {
    const path = this.pathOf(runId);
    const branch = `weft/${runId}`;
    const found = (await this.worktrees(top)).find((w) => w.path === path || w.branch === branch) ?? null;
    if (found && (found.path !== path || found.branch !== branch))
      throw new WeftError('invalid_input', `${branch} is checked out outside Weft's worktrees; Weft leaves it alone.`);
    if (!found && existsSync(path))
      throw new WeftError('invalid_input', `${path} is not a worktree of this repository; Weft leaves it alone.`);
    return found;
  }
}
