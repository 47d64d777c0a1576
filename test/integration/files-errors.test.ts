// Issue #12 part 7: file-system failures reach the UI and the model as their own codes with plain
// words, produced here on real folders (a small tmpfs for a full and a read-only disk, where the
// test may mount one), and by the mapping alone for what this machine cannot produce.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fsError } from '../../src/main/files/fs-errors';
import { runnerShell } from '../../src/main/mcp/runner-shell';
import type { ToolSet } from '../../src/main/mcp/tool-set';
import { CommandRunner } from '../../src/main/terminal/runner';
import { WeftError } from '../../src/shared/ipc/errors';
import { call, openProject, testBackend } from '../helpers/backend';
import { makeRepo } from '../helpers/fixtures';

const utf8 = { name: 'utf8', bom: false };
const isRoot = process.getuid?.() === 0;
const runner = new CommandRunner();
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const undo of cleanups.splice(0).reverse()) undo();
});

async function project(repo = makeRepo()) {
  const b = testBackend();
  const projectId = await openProject(b, repo);
  const write = (path: string, content = 'x') =>
    call(b, 'files.write', { projectId, path, content, encoding: utf8, expectedMtimeMs: null });
  return { b, projectId, repo, write };
}

async function mcp(b: ReturnType<typeof testBackend>, projectId: string, root: string): Promise<ToolSet> {
  const set = await b.mcp.open({ projectId, root, shell: runnerShell(runner) });
  cleanups.push(() => void set.close());
  return set;
}

/** A small tmpfs with a git repository in it, or null where this process may not mount. */
function smallDisk(sizeKb: number): string | null {
  if (!isRoot || process.platform !== 'linux') return null;
  const dir = mkdtempSync(join(tmpdir(), 'weft-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmdirSync(dir);
    return null;
  }
  cleanups.push(() => {
    execFileSync('umount', ['-l', dir]);
    rmdirSync(dir);
  });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  return dir;
}

describe('files: file-system errors say what happened', () => {
  it('a missing file, a missing folder on the way, and a missing folder to list', async () => {
    const { b, projectId, write } = await project();
    expect(await call(b, 'files.read', { projectId, path: 'nope.txt' })).toMatchObject({
      ok: false,
      error: { code: 'path_not_found', message: 'nope.txt does not exist.' },
    });
    expect(await write('no/such/folder/x.txt')).toMatchObject({
      ok: false,
      error: { code: 'path_not_found', message: 'A folder in the path no/such/folder/x.txt does not exist.' },
    });
    expect(await call(b, 'files.list', { projectId, dir: 'nowhere' })).toMatchObject({
      ok: false,
      error: { code: 'path_not_found' },
    });
  });

  it('a file where a folder is expected, and a folder where a file is expected', async () => {
    const { b, projectId, repo, write } = await project();
    mkdirSync(join(repo, 'dir'));
    expect(await write('README.md/x.txt')).toMatchObject({ ok: false, error: { code: 'not_a_directory' } });
    expect(await call(b, 'files.create', { projectId, path: 'README.md/x.txt', kind: 'file' })).toMatchObject({
      ok: false,
      error: { code: 'not_a_directory' },
    });
    expect(await call(b, 'files.list', { projectId, dir: 'README.md' })).toMatchObject({
      ok: false,
      error: { code: 'not_a_directory' },
    });
    expect(await call(b, 'files.read', { projectId, path: 'dir' })).toMatchObject({
      ok: false,
      error: { code: 'is_a_directory', message: 'dir is a folder, not a file.' },
    });
    expect(await write('dir')).toMatchObject({ ok: false, error: { code: 'is_a_directory' } });

    const set = await mcp(b, projectId, repo);
    const signal = new AbortController().signal;
    const under = await set.call('files__write', { path: 'README.md/x.txt', content: 'x' }, signal);
    expect(under).toMatchObject({ isError: true });
    expect(under.text).toContain('(not_a_directory)');
    const missing = await set.call('files__read', { path: 'nope.txt' }, signal);
    expect(missing.text).toBe('nope.txt does not exist. (path_not_found)');
  });

  it('a name too long for the filesystem, and a name that exists', async () => {
    const { b, projectId } = await project();
    const long = `${'a'.repeat(300)}.txt`;
    expect(await call(b, 'files.create', { projectId, path: long, kind: 'file' })).toMatchObject({
      ok: false,
      error: { code: 'name_too_long' },
    });
    expect(await call(b, 'files.create', { projectId, path: 'README.md', kind: 'file' })).toMatchObject({
      ok: false,
      error: { code: 'already_exists' },
    });
    expect(await call(b, 'files.create', { projectId, path: 'README.md', kind: 'dir' })).toMatchObject({
      ok: false,
      error: { code: 'already_exists' },
    });
  });

  it.runIf(isRoot && process.platform === 'linux')(
    'a file the system will not let anyone change (EPERM)',
    async (ctx) => {
      const { b, projectId, repo, write } = await project();
      const locked = join(repo, 'locked.txt');
      writeFileSync(locked, 'keep');
      try {
        execFileSync('chattr', ['+i', locked], { stdio: 'ignore' });
        execFileSync('chattr', ['+i', repo], { stdio: 'ignore' });
      } catch {
        ctx.skip();
      }
      cleanups.push(() => execFileSync('chattr', ['-i', locked, repo]));
      expect(await write('locked.txt')).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
      expect(await call(b, 'files.create', { projectId, path: 'new.txt', kind: 'file' })).toMatchObject({
        ok: false,
        error: { code: 'permission_denied', message: 'The system does not let Weft create new.txt.' },
      });
    },
  );

  it.runIf(!isRoot && process.platform !== 'win32')('a file Weft may not read (EACCES)', async () => {
    const { b, projectId, repo } = await project();
    writeFileSync(join(repo, 'private.txt'), 'x');
    chmodSync(join(repo, 'private.txt'), 0o000);
    expect(await call(b, 'files.read', { projectId, path: 'private.txt' })).toMatchObject({
      ok: false,
      error: { code: 'permission_denied' },
    });
  });

  it('a full disk (ENOSPC), through the contract and MCP', async (ctx) => {
    const disk = smallDisk(512);
    if (!disk) return ctx.skip();
    const { b, projectId, write } = await project(disk);
    try {
      for (let i = 0; ; i++) writeFileSync(join(disk, `fill-${i}`), Buffer.alloc(64 * 1024));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    const reply = await write('big.txt', 'y'.repeat(256 * 1024));
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'disk_full', message: 'There is no space left on the disk to write big.txt.' },
    });
    expect(existsSync(join(disk, 'big.txt'))).toBe(false);
    const set = await mcp(b, projectId, disk);
    const answer = await set.call(
      'files__write',
      { path: 'big2.txt', content: 'y'.repeat(256 * 1024) },
      new AbortController().signal,
    );
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('(disk_full)');
    expect(existsSync(join(disk, 'big2.txt'))).toBe(false);
  });

  it('a read-only disk (EROFS), through the contract and MCP', async (ctx) => {
    const disk = smallDisk(1024);
    if (!disk) return ctx.skip();
    writeFileSync(join(disk, 'a.txt'), 'a');
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    const { b, projectId, write } = await project(disk);
    expect(await write('a.txt')).toMatchObject({ ok: false, error: { code: 'read_only_filesystem' } });
    expect(await call(b, 'files.create', { projectId, path: 'new', kind: 'dir' })).toMatchObject({
      ok: false,
      error: { code: 'read_only_filesystem' },
    });
    const set = await mcp(b, projectId, disk);
    const answer = await set.call('files__delete', { path: 'a.txt' }, new AbortController().signal);
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('(read_only_filesystem)');
    // Reading still works.
    expect(await call(b, 'files.read', { projectId, path: 'a.txt' })).toMatchObject({ ok: true });
  });

  it('maps every errno it knows, and leaves others alone', () => {
    const errno = (code: string) => Object.assign(new Error(code), { code });
    const cases: [string, string][] = [
      ['ENOENT', 'path_not_found'],
      ['ENOTDIR', 'not_a_directory'],
      ['EISDIR', 'is_a_directory'],
      ['EACCES', 'permission_denied'],
      ['EPERM', 'permission_denied'],
      ['ENOSPC', 'disk_full'],
      ['EDQUOT', 'disk_full'],
      ['EROFS', 'read_only_filesystem'],
      ['ENAMETOOLONG', 'name_too_long'],
      ['EEXIST', 'already_exists'],
      ['ELOOP', 'path_changed'],
    ];
    for (const [code, mapped] of cases) {
      const error = fsError(errno(code), 'src/a.ts', 'write');
      expect(error, code).toBeInstanceOf(WeftError);
      expect((error as WeftError).code, code).toBe(mapped);
      expect((error as WeftError).message, code).toContain('src/a.ts');
    }
    const odd = errno('EIO');
    expect(fsError(odd, 'x')).toBe(odd);
  });
});
