import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { runnerShell } from '../../../src/main/mcp/runner-shell';
import type { ToolSet } from '../../../src/main/mcp/tool-set';
import { CommandRunner } from '../../../src/main/terminal/runner';
import { openProject, testBackend } from '../../helpers/backend';
import { makeRepo, tempDir } from '../../helpers/fixtures';
import { alive } from '../../helpers/processes';
import { until } from '../../helpers/until';

const runner = new CommandRunner();
const open: ToolSet[] = [];
afterEach(async () => {
  for (const set of open.splice(0)) await set.close();
});

async function toolsFor(repo: string): Promise<ToolSet> {
  const backend = testBackend();
  const projectId = await openProject(backend, repo);
  const set = await backend.mcp.open({ projectId, root: repo, shell: runnerShell(runner) });
  open.push(set);
  return set;
}

const signal = () => new AbortController().signal;

describe('built-in MCP servers, served in process', () => {
  it('offers namespaced tools with true annotations and the argument names the policy reads', async () => {
    const set = await toolsFor(makeRepo());
    const names = set.tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'files__read',
        'files__list',
        'files__glob',
        'files__search',
        'files__edit',
        'files__write',
        'files__move',
        'files__delete',
        'git__status',
        'git__diff',
        'git__log',
        'git__blame',
        'git__commit',
        'git__branch',
        'shell__run',
        'search__search',
      ]),
    );
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    const byName = new Map(set.tools.map((t) => [t.name, t]));
    expect(byName.get('files__read')).toMatchObject({
      server: 'files',
      tool: 'read',
      builtIn: true,
      readOnly: true,
      destructive: false,
      openWorld: false,
    });
    expect(byName.get('files__delete')).toMatchObject({ readOnly: false, destructive: true, openWorld: false });
    expect(byName.get('shell__run')).toMatchObject({ readOnly: false, destructive: true, openWorld: true });
    const shellProps = (byName.get('shell__run')!.inputSchema as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(shellProps)).toEqual(expect.arrayContaining(['command', 'cwd']));
    const moveProps = (byName.get('files__move')!.inputSchema as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(moveProps)).toEqual(['from', 'to']);
  });

  it('reads files with line numbers and ranges, and refuses a path outside the root naming the rule', async () => {
    const repo = makeRepo();
    writeFileSync(join(repo, 'a.txt'), 'one\ntwo\nthree\nfour\n');
    const outside = tempDir('weft-outside-');
    writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET');
    symlinkSync(join(outside, 'secret.txt'), join(repo, 'link.txt'));
    const set = await toolsFor(repo);

    const all = await set.call('files__read', { path: 'a.txt' }, signal());
    expect(all).toEqual({ isError: false, text: '     1\tone\n     2\ttwo\n     3\tthree\n     4\tfour' });
    const range = await set.call('files__read', { path: 'a.txt', start_line: 2, end_line: 3 }, signal());
    expect(range.text).toBe('     2\ttwo\n     3\tthree');

    for (const path of ['../secret.txt', join(outside, 'secret.txt'), 'link.txt']) {
      const refused = await set.call('files__read', { path }, signal());
      expect(refused.isError, path).toBe(true);
      expect(refused.text).toContain('path_outside_project');
      expect(refused.text).not.toContain('TOP SECRET');
    }
    const write = await set.call('files__write', { path: '../escape.txt', content: 'x' }, signal());
    expect(write.isError).toBe(true);
    expect(write.text).toContain('path_outside_project');
    expect(existsSync(join(repo, '..', 'escape.txt'))).toBe(false);
    const hook = await set.call('files__write', { path: '.git/hooks/pre-commit', content: '#!/bin/sh' }, signal());
    expect(hook.isError).toBe(true);
    expect(hook.text).toContain('git_internals');
    const shellOutside = await set.call('shell__run', { command: 'pwd', cwd: '..' }, signal());
    expect(shellOutside.isError).toBe(true);
    expect(shellOutside.text).toContain('path_outside_project');
  });

  it('edits by exact replacement with a diff, and fails clearly when the text is absent or not unique', async () => {
    const repo = makeRepo();
    writeFileSync(join(repo, 'code.ts'), 'const a = 1;\nconst b = 2;\nconst a2 = 1;\n');
    const set = await toolsFor(repo);

    const edited = await set.call(
      'files__edit',
      { path: 'code.ts', old_string: 'const b = 2;', new_string: 'const b = 3;' },
      signal(),
    );
    expect(edited.isError).toBe(false);
    expect(edited.text).toContain('Edited code.ts (+1 −1)');
    expect(edited.text).toContain(
      '--- a/code.ts\n+++ b/code.ts\n@@ -1,3 +1,3 @@\n const a = 1;\n-const b = 2;\n+const b = 3;\n const a2 = 1;\n',
    );
    expect(readFileSync(join(repo, 'code.ts'), 'utf8')).toBe('const a = 1;\nconst b = 3;\nconst a2 = 1;\n');

    const absent = await set.call('files__edit', { path: 'code.ts', old_string: 'const c', new_string: 'x' }, signal());
    expect(absent).toMatchObject({ isError: true });
    expect(absent.text).toContain('old_string was not found in code.ts');

    const twice = await set.call('files__edit', { path: 'code.ts', old_string: '= 1;', new_string: '= 5;' }, signal());
    expect(twice.isError).toBe(true);
    expect(twice.text).toContain('occurs 2 times in code.ts (lines 1, 3)');
    expect(readFileSync(join(repo, 'code.ts'), 'utf8')).toBe('const a = 1;\nconst b = 3;\nconst a2 = 1;\n');

    const all = await set.call(
      'files__edit',
      { path: 'code.ts', old_string: '= 1;', new_string: '= 5;', replace_all: true },
      signal(),
    );
    expect(all.text).toContain('Replaced 2 occurrences in code.ts (+2 −2)');
  });

  it('writes, lists, globs, searches, moves and deletes inside the root', async () => {
    const repo = makeRepo();
    writeFileSync(join(repo, '.gitignore'), 'build/\n');
    mkdirSync(join(repo, 'build'));
    writeFileSync(join(repo, 'build', 'out.ts'), 'export const needle = 1;\n');
    const set = await toolsFor(repo);

    const created = await set.call(
      'files__write',
      { path: 'src/deep/new.ts', content: 'export const needle = 2;\n' },
      signal(),
    );
    expect(created.text).toContain('Created src/deep/new.ts (1 line)');
    expect(created.text).toContain('--- /dev/null\n+++ b/src/deep/new.ts\n@@ -0,0 +1,1 @@\n+export const needle = 2;');

    const listed = await set.call('files__list', {}, signal());
    expect(listed.text).toContain('src/');
    expect(listed.text).toContain('build/  (ignored by .gitignore)');
    expect(listed.text).not.toContain('.git/');

    const globbed = await set.call('files__glob', { pattern: '**/*.ts' }, signal());
    expect(globbed.text).toBe('src/deep/new.ts');

    const found = await set.call('search__search', { query: 'NEEDLE', include: '*.ts' }, signal());
    expect(found.text).toContain('src/deep/new.ts:1: export const needle = 2;');
    expect(found.text).not.toContain('build/out.ts');
    const regex = await set.call('files__search', { pattern: 'needle = \\d', path: 'src' }, signal());
    expect(regex.text).toContain('src/deep/new.ts:1:');
    const caseSensitive = await set.call('search__search', { query: 'NEEDLE', case_sensitive: true }, signal());
    expect(caseSensitive.text).toContain('No matches');

    const moved = await set.call('files__move', { from: 'src/deep/new.ts', to: 'lib/new.ts' }, signal());
    expect(moved.text).toBe('Moved src/deep/new.ts → lib/new.ts.');
    const over = await set.call('files__move', { from: 'README.md', to: 'lib/new.ts' }, signal());
    expect(over.isError).toBe(true);

    const folder = await set.call('files__delete', { path: 'lib' }, signal());
    expect(folder.isError).toBe(true);
    expect(folder.text).toContain('recursive: true');
    const deleted = await set.call('files__delete', { path: 'lib', recursive: true }, signal());
    expect(deleted.text).toBe('Deleted the folder lib and its contents.');
    expect(existsSync(join(repo, 'lib'))).toBe(false);
  });

  it('runs git status, diff, commit, log, blame and branch', async () => {
    const repo = makeRepo();
    execFileSync('git', ['-C', repo, 'config', 'user.name', 'Weft Test']);
    execFileSync('git', ['-C', repo, 'config', 'user.email', 'test@weft.invalid']);
    writeFileSync(join(repo, 'README.md'), '# fixture\nmore\n');
    writeFileSync(join(repo, 'new.txt'), 'hello\n');
    // Hooks the model could have written: a commit by the agent must not run them.
    for (const hook of ['pre-commit', 'post-commit']) {
      writeFileSync(join(repo, '.git', 'hooks', hook), `#!/bin/sh\ntouch "${join(repo, '..', `${hook}-ran`)}"\n`);
      chmodSync(join(repo, '.git', 'hooks', hook), 0o755);
    }
    const set = await toolsFor(repo);

    const status = await set.call('git__status', {}, signal());
    expect(status.text).toContain('On branch main');
    expect(status.text).toContain(' M README.md');
    expect(status.text).toContain('?? new.txt');

    const diff = await set.call('git__diff', {}, signal());
    expect(diff.text).toContain('+more');

    const nothing = await set.call('git__commit', { message: 'x' }, signal());
    expect(nothing.isError).toBe(true);
    expect(nothing.text).toContain('Nothing is staged');
    const commit = await set.call('git__commit', { message: 'Add more', all: true }, signal());
    expect(commit.isError).toBe(false);
    expect(commit.text).toContain('Committed 2 files');
    expect(existsSync(join(repo, '..', 'pre-commit-ran'))).toBe(false);
    expect(existsSync(join(repo, '..', 'post-commit-ran'))).toBe(false);

    const log = await set.call('git__log', { limit: 5 }, signal());
    expect(log.text.split('\n')).toHaveLength(2);
    expect(log.text).toContain('Add more');
    const blame = await set.call('git__blame', { path: 'README.md', start_line: 2, end_line: 2 }, signal());
    expect(blame.text).toContain('more');
    expect(blame.text).toContain('Weft Test');

    const created = await set.call('git__branch', { action: 'create', name: 'feature/x' }, signal());
    expect(created.text).toBe('Created branch feature/x.');
    const bad = await set.call('git__branch', { action: 'create', name: '--upload-pack=evil' }, signal());
    expect(bad.isError).toBe(true);
    expect(bad.text).toContain('ref rule');
    const listed = await set.call('git__branch', {}, signal());
    expect(listed.text).toContain('* main');
    expect(listed.text).toContain('feature/x');
    const badRev = await set.call('git__log', { rev: '--output=/tmp/x' }, signal());
    expect(badRev.isError).toBe(true);
  });

  it('runs a shell command in the root with a timeout, and cancels through the signal', async () => {
    const repo = makeRepo();
    mkdirSync(join(repo, 'sub'));
    const set = await toolsFor(repo);
    const ran = await set.call('shell__run', { command: 'pwd; echo oops >&2; exit 3', cwd: 'sub' }, signal());
    expect(ran.isError).toBe(true);
    expect(ran.text).toContain(`${join(repo, 'sub')}`);
    expect(ran.text).toContain('oops');
    expect(ran.text).toContain('[Exit code 3');

    const slow = await set.call('shell__run', { command: 'sleep 30', timeout_ms: 1000 }, signal());
    expect(slow.isError).toBe(true);
    expect(slow.text).toContain('Timed out after 1 s');

    // Cancelling reaches the server through MCP and ends the command: it never gets to write.
    // The shell notes its pid first, so the test cancels a command that is running and can see
    // that the shell which would write is gone.
    const pidFile = join(repo, 'shell.pid');
    const controller = new AbortController();
    const pending = set.call(
      'shell__run',
      { command: 'echo $$ > shell.pid; sleep 2 && touch late.txt' },
      controller.signal,
    );
    await until(
      () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'),
      10_000,
      () => 'never ran',
    );
    const shellPid = Number(readFileSync(pidFile, 'utf8'));
    const cancelledAt = Date.now();
    controller.abort();
    const cancelled = await pending;
    expect(cancelled.isError).toBe(true);
    expect(cancelled.text).toContain('cancelled');
    expect(Date.now() - cancelledAt).toBeLessThan(1500);
    await until(
      () => !alive(shellPid),
      10_000,
      () => `the shell ${shellPid} outlived the cancellation`,
    );
    expect(existsSync(join(repo, 'late.txt'))).toBe(false);
  });

  it('answers unknown tools and bad arguments as errors, never by throwing', async () => {
    const set = await toolsFor(makeRepo());
    expect(await set.call('files__nope', {}, signal())).toMatchObject({ isError: true });
    const bad = await set.call('files__read', { path: 42 }, signal());
    expect(bad.isError).toBe(true);
    expect(bad.text).toContain('path');
  });
});
