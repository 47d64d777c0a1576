// The built-in `git` server: status, diff, log, blame, commit and branch in the root's repository.
// The root is the boundary even inside a larger repository: git runs there, every command is
// limited to it (`-- .` or a checked path, literally), and paths are shown relative to it.
// The repository's own programs never run here (git-safety.ts): the model can edit hook scripts,
// `.gitattributes` and, through a shell, the config, and nobody at the UI asked for any of it.
import { z } from 'zod';
import { git as runGit, GitFailure } from '../../git/git-process';
import { NO_HOOKS_PATH, UNTRUSTED_SUBMODULES } from '../../git/git-safety';
import { addAll, projectPrefix, projectStatus, stagedOutside } from '../../git/project-scope';
import { refNameProblem, revisionProblem } from '../../git/refs';
import {
  type BuiltInContext,
  defineTool,
  plural,
  readOnly,
  resolveIn,
  ToolRefusal,
  type BuiltInTool,
} from './tool-kit';

/** Said again on the commit itself, so it holds even if the defaults in git-safety.ts change. */
const NO_HOOKS = ['-c', `core.hooksPath=${NO_HOOKS_PATH}`];

/** Diff output the model reads: no external tools or textconv, names relative to the root. */
const DIFF_OPTIONS = ['--no-color', '--no-ext-diff', '--no-textconv', '--relative', UNTRUSTED_SUBMODULES];

async function refused<T>(what: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (signal.aborted) throw new ToolRefusal(`git ${what} was cancelled.`);
    if (error instanceof ToolRefusal) throw error;
    const text = (error instanceof GitFailure ? error.result.stderr : String((error as Error).message ?? error)).trim();
    if (/not a git repository/i.test(text)) throw new ToolRefusal('The project folder is not a git repository.');
    throw new ToolRefusal(`git ${what} failed: ${text.slice(0, 2000)}`);
  }
}

async function git(ctx: BuiltInContext, args: string[], signal: AbortSignal): Promise<string> {
  return refused(args[0] ?? 'git', signal, async () =>
    (await runGit(ctx.guard.root, args, { signal })).stdout.toString('utf8'),
  );
}

function checkRevision(rev: string): string {
  const problem = revisionProblem(rev);
  if (problem)
    throw new ToolRefusal(`Refused by the ref rule: "${rev.slice(0, 80)}" is not a valid revision (${problem}).`);
  return rev;
}

/** A path argument as git sees it: project-relative, checked by the guard, passed after `--`. */
async function gitPath(ctx: BuiltInContext, path: string): Promise<string> {
  return ctx.guard.relative(await resolveIn(ctx, path, 'read')) || '.';
}

const revArg = z.string().min(1).max(250);

const status = defineTool({
  name: 'status',
  description:
    "Show the working tree status: the branch, how far it is ahead of or behind its upstream, and every changed, staged, untracked or conflicted file, with git's two-letter XY codes (X = index, Y = working tree).",
  input: {},
  annotations: readOnly,
  declaration: { kind: 'read', pathArgs: [] },
  async run(_args, ctx, signal) {
    const s = await refused('status', signal, () => projectStatus(ctx.guard.root, { signal }));
    const head = s.branch ? `On branch ${s.branch}` : 'HEAD is detached';
    const upstream = s.upstream ? ` (upstream ${s.upstream}: ahead ${s.ahead}, behind ${s.behind})` : '';
    const initial = s.head === null ? '\nNo commits yet.' : '';
    if (s.entries.length === 0) return { text: `${head}${upstream}${initial}\nNothing to commit, working tree clean.` };
    const rows = s.entries.map((e) => {
      const xy = e.index === '?' ? '??' : `${e.index}${e.worktree}`.replace(/\./g, ' ');
      const from = e.origPath ? `${e.origPath} -> ` : '';
      return `${xy} ${from}${e.path}${e.conflicted ? '  (conflict)' : ''}`;
    });
    return { text: `${head}${upstream}${initial}\n${rows.join('\n')}` };
  },
});

const diff = defineTool({
  name: 'diff',
  description:
    'Show changes as a unified diff: by default the working tree against the index (unstaged changes); staged: true shows the index against HEAD; rev compares the working tree with a revision (e.g. "HEAD~1", a branch or a commit hash). Untracked files are not included; see git__status.',
  input: {
    staged: z.boolean().optional().describe('Show staged changes (index against HEAD).'),
    rev: revArg.optional().describe('Compare against this revision instead.'),
    path: z.string().min(1).max(4096).optional().describe('Limit to this file or folder.'),
  },
  annotations: readOnly,
  declaration: { kind: 'read', pathArgs: ['path'] },
  async run(args, ctx, signal) {
    const args2 = ['diff', ...DIFF_OPTIONS];
    if (args.staged) args2.push('--cached');
    if (args.rev) args2.push(checkRevision(args.rev));
    args2.push('--', args.path ? await gitPath(ctx, args.path) : '.');
    const out = await git(ctx, args2, signal);
    return { text: out === '' ? 'No differences.' : out };
  },
});

const log = defineTool({
  name: 'log',
  description: 'Show commit history, newest first: short hash, date, author and subject per commit.',
  input: {
    limit: z.number().int().min(1).max(500).optional().describe('How many commits (20).'),
    rev: revArg.optional().describe('Start from this revision instead of HEAD.'),
    path: z.string().min(1).max(4096).optional().describe('Only commits that touch this file or folder.'),
  },
  annotations: readOnly,
  declaration: { kind: 'read', pathArgs: ['path'] },
  async run(args, ctx, signal) {
    const argv = ['log', `--max-count=${args.limit ?? 20}`, '--date=short', '--format=%h %ad %an%x09%s'];
    if (args.rev) argv.push(checkRevision(args.rev));
    // At the repository's top no path is given: one would also hide merges that match a parent.
    const scope = (await refused('rev-parse', signal, () => projectPrefix(ctx.guard.root, { signal }))) ? ['.'] : [];
    argv.push('--', ...(args.path ? [await gitPath(ctx, args.path)] : scope));
    let out: string;
    try {
      out = await git(ctx, argv, signal);
    } catch (error) {
      if (/does not have any commits yet/i.test((error as Error).message)) return { text: 'No commits yet.' };
      throw error;
    }
    return { text: out.trim() === '' ? 'No commits.' : out.trimEnd() };
  },
});

const blame = defineTool({
  name: 'blame',
  description: 'Show who last changed each line of a file: short hash, author, date, line number and text.',
  input: {
    path: z.string().min(1).max(4096).describe('File path, relative to the project root.'),
    start_line: z.number().int().min(1).optional().describe('First line (1-based).'),
    end_line: z.number().int().min(1).optional().describe('Last line (inclusive).'),
    rev: revArg.optional().describe('Blame the file as of this revision.'),
  },
  annotations: readOnly,
  declaration: { kind: 'read', pathArgs: ['path'] },
  async run(args, ctx, signal) {
    const argv = ['blame', '--no-textconv', '--date=short'];
    if (args.start_line || args.end_line) {
      const start = args.start_line ?? 1;
      if (args.end_line !== undefined && args.end_line < start) throw new ToolRefusal('end_line is before start_line.');
      argv.push('-L', `${start},${args.end_line ?? ''}`);
    }
    if (args.rev) argv.push(checkRevision(args.rev));
    argv.push('--', await gitPath(ctx, args.path));
    return { text: (await git(ctx, argv, signal)).trimEnd() };
  },
});

const commit = defineTool({
  name: 'commit',
  description:
    'Record a commit. Stages the given paths first (paths), or every change including untracked files (all: true); otherwise commits what is already staged. ' +
    'Fails when nothing is staged. Answers the new commit hash and the files it changed.',
  input: {
    message: z.string().min(1).max(10_000).describe('The commit message.'),
    paths: z.array(z.string().min(1).max(4096)).max(1000).optional().describe('Files or folders to stage first.'),
    all: z.boolean().optional().describe('Stage every change, untracked files included.'),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  declaration: { kind: 'git', pathArgs: ['paths'] },
  async run(args, ctx, signal) {
    if (args.message.trim() === '') throw new ToolRefusal('The commit message is empty.');
    if (args.paths && args.paths.length > 0) {
      const rel: string[] = [];
      for (const p of args.paths) rel.push(await gitPath(ctx, p));
      await refused('add', signal, () => addAll(ctx.guard.root, { signal }, [], rel));
    } else if (args.all) {
      await refused('add', signal, () => addAll(ctx.guard.root, { signal }));
    }
    const s = await refused('status', signal, () => projectStatus(ctx.guard.root, { signal, untracked: false }));
    const staged = s.entries.filter((e) => e.index !== '.' && e.index !== '?');
    if (staged.length === 0)
      throw new ToolRefusal('Nothing is staged, so there is nothing to commit. Pass paths or all: true.');
    const outside = await refused('diff', signal, () => stagedOutside(ctx.guard.root, { signal }));
    if (outside.length > 0)
      throw new ToolRefusal(
        `Refused: ${plural(outside.length, 'file')} outside the project folder ${outside.length === 1 ? 'is' : 'are'} staged (${outside.slice(0, 5).join(', ')}), and a commit would record ${outside.length === 1 ? 'it' : 'them'}. The user has to unstage ${outside.length === 1 ? 'it' : 'them'} first.`,
      );
    // The model can edit hook scripts (e.g. .husky/pre-commit); a commit must not run them unasked.
    await git(ctx, [...NO_HOOKS, 'commit', '-q', '--no-verify', '-m', args.message], signal);
    const stat = await git(ctx, ['show', '--stat', ...DIFF_OPTIONS, '--format=%H%n%s', 'HEAD'], signal);
    return { text: `Committed ${plural(staged.length, 'file')}:\n${stat.trimEnd()}` };
  },
});

const branch = defineTool({
  name: 'branch',
  description:
    'List local branches (the current one marked with *), or create a branch (action "create" with name, optionally from start_point). Creating does not switch to it.',
  input: {
    action: z.enum(['list', 'create']).optional().describe('"list" (default) or "create".'),
    name: z.string().min(1).max(250).optional().describe('The new branch name, for "create".'),
    start_point: revArg.optional().describe('Where the new branch starts (HEAD).'),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  declaration: { kind: 'git', pathArgs: [] },
  async run(args, ctx, signal) {
    if ((args.action ?? 'list') === 'list') {
      const out = await git(ctx, ['branch', '--list', '--no-color', '--format=%(HEAD) %(refname:short)'], signal);
      return { text: out.trim() === '' ? 'No branches yet.' : out.trimEnd() };
    }
    if (!args.name) throw new ToolRefusal('Creating a branch needs a name.');
    const problem = refNameProblem(args.name);
    if (problem)
      throw new ToolRefusal(
        `Refused by the ref rule: "${args.name.slice(0, 80)}" is not a valid branch name (${problem}).`,
      );
    const argv = ['branch', '--', args.name];
    if (args.start_point) argv.push(checkRevision(args.start_point));
    await git(ctx, argv, signal);
    return { text: `Created branch ${args.name}${args.start_point ? ` at ${args.start_point}` : ''}.` };
  },
});

/** The git server's tools. */
export const gitTools: readonly BuiltInTool[] = [status, diff, log, blame, commit, branch];
