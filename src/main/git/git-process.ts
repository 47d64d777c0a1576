import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WeftError } from '../../shared/ipc/errors';
import { gitInvocation } from './git-safety';

/** What one git process printed and how it ended. */
export interface GitResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export interface GitOptions {
  /** Exit codes that are answers rather than failures (e.g. 1 from `diff --quiet`). */
  readonly okCodes?: readonly number[];
  /** Bytes for git's stdin (patches). */
  readonly input?: string | Buffer;
  /** Variables added to the scrubbed environment (identity, a temporary index). */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** The repository's own programs (hooks, filters, fsmonitor) may run; false unless the user trusts the folder. */
  readonly trusted?: boolean;
}

/**
 * Runs git directly (stdin for patches, binary output kept) with what git-safety.ts adds to
 * every git Weft runs: the scrubbed environment, literal pathspecs (a file called `*` or
 * `:(top)x` never widens an operation) and, unless trusted, none of the repository's programs.
 */
export async function git(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  const pinned = pinnedEnv(cwd);
  const call = await gitInvocation(cwd, args, { trusted: options.trusted ?? false }, pinned);
  if (options.signal?.aborted) throw new WeftError('cancelled', `git ${args[0]} was cancelled.`);
  const run = () => runGitProcess(cwd, args, call.args, { ...call.env, ...pinned, ...options.env }, options);
  const sub = subcommand(args);
  if (sub !== 'worktree' && sub !== 'branch') return run();
  // A listing or a `branch` command dies on a half-made entry before it changes anything, so it
  // is safe to run again once the other process (the user's git, another Weft) has finished it.
  const again = sub === 'branch' || subcommand(args.slice(args.indexOf('worktree') + 1)) === 'list';
  return oneAtATimeIn(repositoryKey(cwd, pinned.GIT_DIR), async () => {
    if (options.signal?.aborted) throw new WeftError('cancelled', `git ${args[0]} was cancelled.`);
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (!again || attempt >= 3 || !isWorktreeRace(error)) throw error;
        await new Promise((done) => setTimeout(done, 25 * attempt));
      }
    }
  });
}

/**
 * `git worktree add` writes a new entry under `.git/worktrees/` in steps, and every other git
 * that lists worktrees meanwhile (another `worktree add`, `worktree list`, `branch -D` checking
 * the branch is not checked out) dies reading its empty `commondir`. A board starting four tasks
 * at once failed some of them, so this process runs those commands one at a time per repository
 * (each takes tens of milliseconds; a slow one in one repository never holds up another).
 */
const queues = new Map<string, Promise<unknown>>();

/** Runs `work` after the work queued before it for the same repository (other repositories never wait). */
function oneAtATimeIn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const next = (queues.get(key) ?? Promise.resolve()).then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

/**
 * The repository's common git folder (where `worktrees/` lives), found from `cwd` on disk without
 * running git: a worktree's `.git` file names its folder, whose `commondir` names the common one.
 * Falls back to `cwd` itself, which still serialises the usual callers (they pass the top folder).
 */
export function repositoryKey(cwd: string, gitDir?: string): string {
  const cached = gitDir ? undefined : repositoryKeys.get(cwd);
  if (cached) return cached;
  let key = cwd;
  try {
    let dir = gitDir ?? null;
    for (let at = resolve(cwd); dir === null;) {
      const dotGit = join(at, '.git');
      if (existsSync(dotGit)) {
        dir = statSync(dotGit).isDirectory()
          ? dotGit
          : resolve(at, /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim() ?? '.git');
        break;
      }
      const up = dirname(at);
      if (up === at) break;
      at = up;
    }
    if (dir !== null) {
      const common = join(dir, 'commondir');
      key = existsSync(common) ? resolve(dir, readFileSync(common, 'utf8').trim()) : dir;
    }
  } catch {
    // Unreadable: the folder itself is the key.
  }
  if (!gitDir) {
    if (repositoryKeys.size > 1000) repositoryKeys.clear();
    repositoryKeys.set(cwd, key);
  }
  return key;
}
const repositoryKeys = new Map<string, string>();

/** git's subcommand: the first argument that is not a global option (`-c key=value`, `-C dir`). */
function subcommand(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c' || a === '-C') i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/**
 * True when git died on a worktree entry another process was still writing (git 2.39 reports
 * `failed to read .git/worktrees/<name>/commondir: Success`). Such a `worktree add -b` may have
 * made its branch before dying, but never the worktree folder.
 */
export function isWorktreeRace(error: unknown): boolean {
  return (
    error instanceof GitFailure &&
    /failed to read .*[\\/]worktrees[\\/][^\\/]+[\\/](commondir|gitdir)\b/i.test(error.result.stderr)
  );
}

/**
 * One git process with its invocation already worked out (`argv`, `env`): stdin written, stdout
 * kept as bytes, stderr capped, the exit code judged against `okCodes`. `args` names the call in errors.
 */
export function runGitProcess(
  cwd: string,
  args: readonly string[],
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  options: Pick<GitOptions, 'okCodes' | 'input' | 'signal'> = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', argv, {
      cwd,
      env,
      signal: options.signal,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 64_000) err += d.toString();
    });
    child.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).name === 'AbortError')
        reject(new WeftError('cancelled', `git ${args[0]} was cancelled.`));
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        reject(new WeftError('spawn_failed', 'git is not installed or not on the PATH.'));
      else reject(error);
    });
    child.on('close', (code) => {
      const result = { code: code ?? -1, stdout: Buffer.concat(out), stderr: err };
      if (code === 0 || (code !== null && options.okCodes?.includes(code))) resolve(result);
      else reject(new GitFailure(args, result));
    });
    child.stdin.on('error', () => {
      // git may exit before reading all of stdin; its exit code tells what happened.
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Run worktrees and the git folders Weft created them with. A worktree's `.git` is a file inside
 * it that names its git folder, and a run may rewrite it to point at a folder (and config) of its
 * own making; Weft's git in a pinned worktree is told where the real one is instead of reading it.
 */
const pinnedGitDirs = new Map<string, string>();

export function pinGitDir(workTree: string, gitDir: string): void {
  pinnedGitDirs.set(workTree, gitDir);
}

export function unpinGitDir(workTree: string): void {
  pinnedGitDirs.delete(workTree);
}

export function pinnedGitDir(workTree: string): string | null {
  return pinnedGitDirs.get(workTree) ?? null;
}

function pinnedEnv(cwd: string): Record<string, string> {
  const gitDir = pinnedGitDirs.get(cwd);
  return gitDir ? { GIT_DIR: gitDir, GIT_WORK_TREE: cwd } : {};
}

/** A git process that exited with an unexpected code; callers translate it to a WeftError. */
export class GitFailure extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: GitResult,
  ) {
    super(`git ${args[0]} exited with ${result.code}: ${firstLine(result.stderr)}`);
    this.name = 'GitFailure';
  }
}

/** The first meaningful line of git's complaint, without its `fatal:` prefix. */
export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.replace(/^(fatal|error): /, '').trim())
      .find(Boolean) ?? ''
  );
}

/** Turns anything git threw into a WeftError a user can read. */
export function asWeftError(error: unknown, what: string): WeftError {
  if (error instanceof WeftError) return error;
  if (error instanceof GitFailure) {
    const text = firstLine(error.result.stderr);
    if (/not a git repository/i.test(text))
      return new WeftError('not_a_git_repository', 'This folder is not a git repository.');
    return new WeftError('git_failed', text ? `${what}: ${text}` : `${what} failed.`);
  }
  return new WeftError('git_failed', `${what} failed.`);
}

/** stdout as text, trimmed. */
export async function gitText(cwd: string, args: readonly string[], options?: GitOptions): Promise<string> {
  return (await git(cwd, args, options)).stdout.toString('utf8').trim();
}
