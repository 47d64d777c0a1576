import { spawn } from 'node:child_process';
import { simpleGit, type SimpleGit } from 'simple-git';
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
import { allowedGitVariables, gitEnvironment } from './git-env';
import { refNameProblem, revisionProblem } from './refs';
import { parseStatusV2 } from './status-parser';

type Branch = z.infer<typeof branchSchema>;
type Stash = z.infer<typeof stashSchema>;
type Worktree = z.infer<typeof worktreeSchema>;

/**
 * The git panel's operations on a project. Every ref is validated before git sees it, every
 * path goes through the project's PathGuard and is passed after `--`.
 */
export class GitService {
  constructor(
    private readonly files: FileService,
    private readonly log: Logger,
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

  private git(projectId: string): SimpleGit {
    const { guard } = this.files.forProject(projectId);
    return simpleGit({
      baseDir: guard.root,
      maxConcurrentProcesses: 4,
      allowEnvironment: allowedGitVariables,
      abort: this.signal(projectId),
    }).env(gitEnvironment(process.env));
  }

  private async run(projectId: string, args: string[]): Promise<string> {
    const signal = this.signal(projectId);
    try {
      return await this.git(projectId).raw(args);
    } catch (error) {
      if (signal.aborted) throw new WeftError('cancelled', `git ${args[0]} was cancelled.`);
      const text = String((error as Error).message ?? error).trim();
      if (/not a git repository/i.test(text)) {
        throw new WeftError('not_a_git_repository', 'This folder is not a git repository.');
      }
      this.log.warn({ projectId, command: args[0], err: text.slice(0, 500) }, 'git failed');
      throw new WeftError('git_failed', firstLine(text) || `git ${args[0]} failed.`);
    }
  }

  /** Project-relative paths, each checked to be inside the project. */
  private async paths(projectId: string, paths: readonly string[]): Promise<string[]> {
    const { guard } = this.files.forProject(projectId);
    const out: string[] = [];
    for (const p of paths) out.push(guard.relative(await guard.resolve(p)) || '.');
    return out;
  }

  async status(projectId: string): Promise<RepoStatus> {
    // Untracked files are listed one by one, as VS Code does, so each can be opened and staged.
    return parseStatusV2(
      await this.run(projectId, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all']),
    );
  }

  async stage(projectId: string, paths: readonly string[]): Promise<void> {
    await this.run(projectId, ['add', '-A', '--', ...(await this.paths(projectId, paths))]);
  }

  async unstage(projectId: string, paths: readonly string[]): Promise<void> {
    const rel = await this.paths(projectId, paths);
    const hasHead = (await this.status(projectId)).head !== null;
    // Before the first commit there is no HEAD to reset to; drop the paths from the index instead.
    if (hasHead) await this.run(projectId, ['reset', '-q', 'HEAD', '--', ...rel]);
    else await this.run(projectId, ['rm', '-r', '-q', '--cached', '--', ...rel]);
  }

  /** Applies a patch of selected hunks to the index (stage), or in reverse (unstage). */
  async applyToIndex(projectId: string, patch: string, reverse: boolean): Promise<void> {
    const { guard } = this.files.forProject(projectId);
    const args = ['apply', '--cached', '--recount', '--whitespace=nowarn', ...(reverse ? ['--reverse'] : []), '-'];
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      // simple-git's raw() has no stdin, and the patch must not touch the disk; spawn git directly.
      const child = spawn('git', args, { cwd: guard.root, env: gitEnvironment(process.env) });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stderr: err }));
      child.stdin.end(patch);
    });
    if (code !== 0) throw new WeftError('git_failed', firstLine(stderr) || 'The selected change did not apply.');
  }

  async commit(projectId: string, message: string, amend: boolean): Promise<{ hash: string }> {
    if (message.trim() === '' && !amend) throw new WeftError('invalid_input', 'Write a commit message first.');
    const status = await this.status(projectId);
    const staged = status.entries.some((e) => e.index !== '.' && e.index !== '?');
    if (!staged && !amend) throw new WeftError('nothing_to_commit', 'Stage some changes before committing.');
    const args = ['commit', '-q', ...(amend ? ['--amend'] : []), ...(message.trim() ? ['-m', message] : ['--no-edit'])];
    await this.run(projectId, args);
    return { hash: (await this.run(projectId, ['rev-parse', 'HEAD'])).trim() };
  }

  async branches(projectId: string): Promise<Branch[]> {
    const out = await this.run(projectId, [
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
    await this.run(projectId, ['branch', name]);
    if (checkout) await this.switchBranch(projectId, name, false);
  }

  /** Switches branch; refuses while tracked files have changes unless `force` (which keeps them via git's merge). */
  async switchBranch(projectId: string, name: string, force: boolean): Promise<void> {
    checkRef(name);
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
    await this.run(projectId, ['switch', ...(force ? ['--merge'] : []), name]);
  }

  async history(projectId: string, limit: number, rev: string | null): Promise<Commit[]> {
    if (rev !== null) checkRevision(rev);
    if ((await this.status(projectId)).head === null) return [];
    const out = await this.run(projectId, [
      'log',
      `--max-count=${limit}`,
      '--format=%H%x00%h%x00%s%x00%an%x00%at%x00%D%x1e',
      ...(rev ? [rev] : []),
      '--',
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
    const out = await this.run(projectId, ['stash', 'list', '--format=%gs']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((message, index) => ({ index, message }));
  }

  async stash(projectId: string, message: string, includeUntracked: boolean): Promise<void> {
    await this.run(projectId, [
      'stash',
      'push',
      ...(includeUntracked ? ['--include-untracked'] : []),
      '-m',
      message || 'Weft stash',
    ]);
  }

  async stashPop(projectId: string, index: number): Promise<void> {
    await this.run(projectId, ['stash', 'pop', `stash@{${index}}`]);
  }

  async worktrees(projectId: string): Promise<Worktree[]> {
    const out = await this.run(projectId, ['worktree', 'list', '--porcelain']);
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

  /** Unified diff of one path, for staging hunk by hunk; untracked files diff against nothing. */
  async diff(projectId: string, path: string, staged: boolean): Promise<string> {
    const [rel] = await this.paths(projectId, [path]);
    return this.run(projectId, ['diff', '--no-color', '--no-ext-diff', ...(staged ? ['--cached'] : []), '--', rel!]);
  }

  /** A file's content at a revision, or in the index when `rev` is null; '' when it does not exist there. */
  async show(projectId: string, rev: string | null, path: string): Promise<string> {
    if (rev !== null) checkRevision(rev);
    const [rel] = await this.paths(projectId, [path]);
    try {
      return await this.git(projectId).show([`${rev ?? ''}:${rel}`]);
    } catch (error) {
      const text = String((error as Error).message);
      if (/does not exist|exists on disk, but not in|invalid object name|bad revision|unknown revision/i.test(text))
        return '';
      throw new WeftError('git_failed', firstLine(text));
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

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.replace(/^(fatal|error): /, '').trim())
      .find(Boolean) ?? ''
  );
}
