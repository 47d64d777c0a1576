import { type z } from 'zod';
import {
  type branchSchema,
  type stashSchema,
  type worktreeSchema,
  type Commit,
  type RepoStatus,
} from '../../shared/domain/git';
import { WeftError } from '../../shared/ipc/errors';
import type { FileService } from '../files/file-service';
import type { Logger } from '../logging/logger';
import { firstLine, git, GitFailure, type GitOptions } from './git-process';
import { UNTRUSTED_SUBMODULES } from './git-safety';
import {
  addAll,
  changedFiles,
  inProject,
  pathspecInput,
  projectPrefix,
  projectStatus,
  stagedOutside,
} from './project-scope';
import { refNameProblem, revisionProblem } from './refs';

type Branch = z.infer<typeof branchSchema>;
type Stash = z.infer<typeof stashSchema>;
type Worktree = z.infer<typeof worktreeSchema>;

/**
 * The git panel's operations on a project. Every ref is validated before git sees it, every
 * path goes through the project's PathGuard and is passed after `--`, literally.
 *
 * The project folder is the boundary, also when it is a folder inside a larger repository:
 * git runs in the project folder, status, diff, log, stage and stash are limited to it (`-- .`),
 * paths are reported relative to it, a commit is refused while anything outside it is staged,
 * and operations that rewrite the whole working tree (switching branches, popping a stash that
 * touches other folders) are refused there. Open the repository's top folder for those.
 *
 * Until the user trusts the folder (`trusted`), nothing the repository configures runs: no
 * hooks, fsmonitor, filter or merge drivers (see git-safety.ts). In a trusted folder a commit
 * from the panel runs the user's hooks, as the user's own `git commit` would.
 */
export class GitService {
  constructor(
    private readonly files: FileService,
    private readonly log: Logger,
    private readonly trusted: (projectId: string) => boolean = () => false,
  ) {}

  /** One controller per project: `cancel` stops whatever git is doing there (hooks, big stashes). */
  private readonly aborts = new Map<string, AbortController>();

  private signal(projectId: string): AbortSignal {
    let controller = this.aborts.get(projectId);
    if (!controller || controller.signal.aborted) {
      controller = new AbortController();
      this.aborts.set(projectId, controller);
    }
    return controller.signal;
  }

  /** Kills the git processes running for a project; their callers get `cancelled`. */
  cancel(projectId: string): void {
    this.aborts.get(projectId)?.abort();
    this.aborts.delete(projectId);
  }

  private options(projectId: string): GitOptions & { root: string } {
    const { guard } = this.files.forProject(projectId);
    return { root: guard.root, signal: this.signal(projectId), trusted: this.trusted(projectId) };
  }

  /** Runs git in the project folder; failures become WeftErrors a person can read. */
  private async run<T>(projectId: string, what: string, work: (o: GitOptions & { root: string }) => Promise<T>) {
    const options = this.options(projectId);
    try {
      return await work(options);
    } catch (error) {
      if (options.signal?.aborted) throw new WeftError('cancelled', `git ${what} was cancelled.`);
      if (error instanceof WeftError) throw error;
      const text = error instanceof GitFailure ? error.result.stderr.trim() : String(error);
      if (/not a git repository/i.test(text)) {
        throw new WeftError('not_a_git_repository', 'This folder is not a git repository.');
      }
      this.log.warn({ projectId, command: what, err: text.slice(0, 500) }, 'git failed');
      throw new WeftError('git_failed', firstLine(text) || `git ${what} failed.`);
    }
  }

  private text(projectId: string, args: string[], input?: string): Promise<string> {
    return this.run(projectId, args[0] ?? 'git', async (o) =>
      (await git(o.root, args, { ...o, ...(input === undefined ? {} : { input }) })).stdout.toString('utf8'),
    );
  }

  /** Project-relative paths, each checked to be inside the project. */
  private async paths(projectId: string, paths: readonly string[]): Promise<string[]> {
    const { guard } = this.files.forProject(projectId);
    const out: string[] = [];
    for (const p of paths) out.push(guard.relative(await guard.resolve(p)) || '.');
    return out;
  }

  /** Refuses operations that rewrite the whole working tree when the project is only part of it. */
  private async wholeRepository(projectId: string, doing: string): Promise<void> {
    const prefix = await this.run(projectId, 'rev-parse', (o) => projectPrefix(o.root, o));
    if (prefix !== '')
      throw new WeftError(
        'path_outside_project',
        `${doing} changes files outside this project, which is the folder ${prefix.slice(0, -1)} of a larger repository. Open the repository's top folder to do that.`,
      );
  }

  /**
   * The path that limits history to the project: none at the repository's top, where a path
   * would also hide merges that match one parent (a run merged with --no-ff) and empty commits.
   */
  private async scope(projectId: string): Promise<string[]> {
    const prefix = await this.run(projectId, 'rev-parse', (o) => projectPrefix(o.root, o));
    return prefix === '' ? [] : ['.'];
  }

  async status(projectId: string): Promise<RepoStatus> {
    // Untracked files are listed one by one, as VS Code does, so each can be opened and staged.
    return this.run(projectId, 'status', (o) => projectStatus(o.root, o));
  }

  async stage(projectId: string, paths: readonly string[]): Promise<void> {
    const rel = await this.paths(projectId, paths);
    await this.run(projectId, 'add', (o) => addAll(o.root, o, [], rel));
  }

  async unstage(projectId: string, paths: readonly string[]): Promise<void> {
    const rel = await this.paths(projectId, paths);
    const hasHead = (await this.status(projectId)).head !== null;
    // Before the first commit there is no HEAD to reset to; drop the paths from the index instead.
    if (hasHead) await this.text(projectId, ['reset', '-q', 'HEAD', '--', ...rel]);
    else await this.text(projectId, ['rm', '-r', '-q', '--cached', '--', ...rel]);
  }

  /**
   * Applies a patch of selected hunks to the index (stage), or in reverse (unstage). Run in the
   * project folder, git applies only the parts of the patch under it and refuses `..` in names.
   */
  async applyToIndex(projectId: string, patch: string, reverse: boolean): Promise<void> {
    const args = ['apply', '--cached', '--recount', '--whitespace=nowarn', ...(reverse ? ['--reverse'] : []), '-'];
    try {
      await this.text(projectId, args, patch);
    } catch (error) {
      if (error instanceof WeftError && error.code === 'git_failed')
        throw new WeftError('git_failed', error.message || 'The selected change did not apply.');
      throw error;
    }
  }

  async commit(projectId: string, message: string, amend: boolean): Promise<{ hash: string }> {
    if (message.trim() === '' && !amend) throw new WeftError('invalid_input', 'Write a commit message first.');
    const status = await this.status(projectId);
    const staged = status.entries.some((e) => e.index !== '.' && e.index !== '?');
    if (!staged && !amend) throw new WeftError('nothing_to_commit', 'Stage some changes before committing.');
    const outside = await this.run(projectId, 'diff', (o) => stagedOutside(o.root, o));
    if (outside.length > 0)
      throw new WeftError(
        'path_outside_project',
        `${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ` and ${outside.length - 5} more` : ''} ${outside.length === 1 ? 'is' : 'are'} staged outside this project folder. Unstage ${outside.length === 1 ? 'it' : 'them'}, or commit from the repository's top folder.`,
      );
    const args = ['commit', '-q', ...(amend ? ['--amend'] : []), ...(message.trim() ? ['-m', message] : ['--no-edit'])];
    await this.text(projectId, args);
    return { hash: (await this.text(projectId, ['rev-parse', 'HEAD'])).trim() };
  }

  async branches(projectId: string): Promise<Branch[]> {
    const out = await this.text(projectId, [
      'for-each-ref',
      '--format=%(refname:short)%00%(HEAD)%00%(upstream:short)',
      'refs/heads',
    ]);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name = '', head, upstream] = line.split('\0');
        return { name, current: head === '*', upstream: upstream || null };
      });
  }

  async createBranch(projectId: string, name: string, checkout: boolean): Promise<void> {
    checkRef(name);
    if (checkout) await this.wholeRepository(projectId, 'Switching branches');
    await this.text(projectId, ['branch', '--', name]);
    if (checkout) await this.switchBranch(projectId, name, false);
  }

  /** Switches branch; refuses while tracked files have changes unless `force` (which keeps them via git's merge). */
  async switchBranch(projectId: string, name: string, force: boolean): Promise<void> {
    checkRef(name);
    await this.wholeRepository(projectId, 'Switching branches');
    if (!force) {
      const dirty = (await this.status(projectId)).entries.filter(
        (e) => e.index !== '?' && (e.index !== '.' || e.worktree !== '.'),
      );
      if (dirty.length > 0) {
        throw new WeftError(
          'uncommitted_changes',
          `${dirty.length} file${dirty.length === 1 ? ' has' : 's have'} uncommitted changes. Commit or stash them first.`,
        );
      }
    }
    await this.text(projectId, ['switch', ...(force ? ['--merge'] : []), name]);
  }

  async history(projectId: string, limit: number, rev: string | null): Promise<Commit[]> {
    if (rev !== null) checkRevision(rev);
    if ((await this.status(projectId)).head === null) return [];
    const out = await this.text(projectId, [
      'log',
      `--max-count=${limit}`,
      '--format=%H%x00%h%x00%s%x00%an%x00%at%x00%D%x1e',
      ...(rev ? [rev] : []),
      '--',
      ...(await this.scope(projectId)),
    ]);
    return out
      .split('\x1e')
      .map((r) => r.trim())
      .filter(Boolean)
      .map((r) => {
        const [hash = '', shortHash = '', subject = '', author = '', at = '0', refs = ''] = r.split('\0');
        return { hash, shortHash, subject, author, date: Number(at) * 1000, refs };
      });
  }

  async stashes(projectId: string): Promise<Stash[]> {
    const out = await this.text(projectId, ['stash', 'list', '--format=%gs']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((message, index) => ({ index, message }));
  }

  async stash(projectId: string, message: string, includeUntracked: boolean): Promise<void> {
    // Run at the repository's top with the project as the path: git 2.39's `stash push -- .` in a
    // subfolder stashes the subfolder but resets the whole tree, losing changes outside it.
    await this.run(projectId, 'stash', async (o) => {
      const prefix = await projectPrefix(o.root, o);
      const top =
        prefix === ''
          ? o.root
          : (await git(o.root, ['rev-parse', '--show-toplevel'], o)).stdout.toString('utf8').trim();
      const args = [
        'stash',
        'push',
        ...(includeUntracked ? ['--include-untracked'] : []),
        '-m',
        message || 'Weft stash',
      ];
      if (o.trusted) {
        await git(top, [...args, '--', prefix === '' ? '.' : prefix.replace(/\/$/, '')], o);
        return;
      }
      const files = await changedFiles(o.root, o, includeUntracked);
      if (files.length === 0) return;
      const named = [...args, '--pathspec-from-file=-', '--pathspec-file-nul'];
      await git(top, named, { ...o, input: pathspecInput(files) });
    });
  }

  async stashPop(projectId: string, index: number): Promise<void> {
    const stash = `stash@{${index}}`;
    const prefix = await this.run(projectId, 'rev-parse', (o) => projectPrefix(o.root, o));
    if (prefix !== '') {
      // A stash made outside Weft may hold files of other folders; popping it would write them.
      const names = await this.text(projectId, [
        'stash',
        'show',
        '--name-only',
        '--no-renames',
        '--include-untracked',
        '-z',
        '--no-ext-diff',
        '--no-textconv',
        stash,
      ]);
      const outside = names.split('\0').filter((p) => p !== '' && inProject(prefix, p) === null);
      if (outside.length > 0)
        throw new WeftError(
          'path_outside_project',
          `That stash also changes ${outside.slice(0, 5).join(', ')}, outside this project folder. Pop it from the repository's top folder.`,
        );
    }
    await this.text(projectId, ['stash', 'pop', stash]);
  }

  async worktrees(projectId: string): Promise<Worktree[]> {
    const out = await this.text(projectId, ['worktree', 'list', '--porcelain']);
    return out
      .split('\n\n')
      .filter((b) => b.trim())
      .map((block) => {
        const get = (key: string) =>
          block
            .split('\n')
            .find((l) => l.startsWith(`${key} `))
            ?.slice(key.length + 1) ?? null;
        return {
          path: get('worktree') ?? '',
          head: get('HEAD'),
          branch: get('branch')?.replace(/^refs\/heads\//, '') ?? null,
        };
      });
  }

  /**
   * Unified diff of one path, for staging hunk by hunk; untracked files diff against nothing.
   * Names stay relative to the repository's top with `a/` `b/` prefixes whatever the config says,
   * which is what `applyToIndex` (run in the project folder) expects back.
   */
  async diff(projectId: string, path: string, staged: boolean): Promise<string> {
    const [rel] = await this.paths(projectId, [path]);
    return this.text(projectId, [
      'diff',
      ...(this.trusted(projectId) ? [] : [UNTRUSTED_SUBMODULES]),
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--no-relative',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      ...(staged ? ['--cached'] : []),
      '--',
      rel!,
    ]);
  }

  /**
   * A file's content at a revision, or in the index when `rev` is null; '' when it does not exist
   * there. `REV:./path` is read relative to the folder git runs in, the project folder, so a
   * project inside a larger repository shows its own file, not one at the repository's top.
   */
  async show(projectId: string, rev: string | null, path: string): Promise<string> {
    if (rev !== null) checkRevision(rev);
    const [rel] = await this.paths(projectId, [path]);
    if (rel === '.') return '';
    try {
      return await this.run(projectId, 'show', async (o) =>
        (await git(o.root, ['show', '--no-textconv', `${rev ?? ''}:./${rel}`], o)).stdout.toString('utf8'),
      );
    } catch (error) {
      const text = (error as Error).message;
      if (/does not exist|exists on disk, but not in|invalid object name|bad revision|unknown revision/i.test(text))
        return '';
      throw error;
    }
  }

  dispose(): void {
    for (const controller of this.aborts.values()) controller.abort();
    this.aborts.clear();
  }
}

function checkRef(name: string): void {
  const problem = refNameProblem(name);
  if (problem) throw new WeftError('invalid_ref', `"${name.slice(0, 80)}" is not a valid branch name: ${problem}.`);
}

function checkRevision(rev: string): void {
  const problem = revisionProblem(rev);
  if (problem) throw new WeftError('invalid_ref', `"${rev.slice(0, 80)}" is not a valid revision: ${problem}.`);
}
