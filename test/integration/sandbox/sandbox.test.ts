import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxViolation } from '../../../src/shared/domain/sandbox';
import { SandboxService } from '../../../src/main/sandbox/sandbox-service';
import { CommandRunner } from '../../../src/main/terminal/runner';

const log = pino({ level: 'silent' });

describe('the OS sandbox (bubblewrap), with no policy in front of it', () => {
  // Folders for the whole suite (the fixtures' tempDir is per test).
  const made: string[] = [];
  const dir = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    made.push(d);
    return d;
  };
  const home = dir('weft-home-');
  const dataDir = dir('weft-data-');
  const worktree = join(dataDir, 'worktrees', 'run-1');
  const outside = dir('weft-outside-');
  let server: Server;
  let port = 0;
  const sandbox = new SandboxService({ dataDir, home, log });
  const runner = new CommandRunner();

  beforeAll(async () => {
    mkdirSync(worktree, { recursive: true });
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'id_ed25519'), 'PLANTED-SSH-KEY');
    writeFileSync(join(home, '.netrc'), 'machine x password PLANTED-NETRC');
    writeFileSync(join(dataDir, 'weft.key'), 'PLANTED-WEFT-KEY');
    server = createServer((_req, res) => res.end('hello from loopback'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    runner.dispose();
    await sandbox.dispose();
    server.close();
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('is available on this machine', () => {
    expect(sandbox.status()).toMatchObject({ available: true, mechanism: 'bubblewrap', networkProxy: true });
  });

  it('writes only in the worktree and its private temp folder, and hides secrets', async () => {
    const violations: SandboxViolation[] = [];
    const session = await sandbox.open({
      writable: [worktree],
      // As an agent run keeps its project's checkout readable (here it sits under /tmp, which
      // the sandbox otherwise empties).
      readable: [outside],
      allowedHosts: () => [],
      onViolation: (v) => violations.push(v),
    });
    const script = [
      'echo inside > made.txt',
      `echo escaped > ${outside}/escaped.txt`,
      'echo tmp > "$TMPDIR/t" && cat "$TMPDIR/t"',
      'echo slash > /tmp/weft-escape-probe',
      `cat ${home}/.ssh/id_ed25519`,
      `cat ${home}/.netrc`,
      `cat ${dataDir}/weft.key`,
      `ls -A ${home}/.ssh`,
      'true',
    ].join('; ');
    const result = await runner.run({ command: { shell: script }, cwd: worktree, confinement: session });
    const output = result.stdout + result.stderr;
    expect(readFileSync(join(worktree, 'made.txt'), 'utf8')).toBe('inside\n');
    expect(existsSync(join(outside, 'escaped.txt'))).toBe(false);
    expect(existsSync('/tmp/weft-escape-probe')).toBe(false);
    expect(output).toContain('tmp');
    expect(output).not.toMatch(/PLANTED/);
    expect(violations.map((v) => v.target)).toEqual(
      expect.arrayContaining([`${outside}/escaped.txt`, '/tmp/weft-escape-probe']),
    );
    await session.close();
  });

  it('reaches only allowed hosts, through the proxy, and reports the others', async () => {
    const violations: SandboxViolation[] = [];
    let allowed: string[] = [];
    const session = await sandbox.open({
      writable: [worktree],
      allowedHosts: () => allowed,
      onViolation: (v) => violations.push(v),
    });
    const curl = `curl -sS -m 5 http://127.0.0.1:${port}/`;
    const denied = await runner.run({
      command: { shell: `${curl}; echo; curl -sS -m 5 --noproxy '*' http://127.0.0.1:${port}/ ; echo exit=$?` },
      cwd: worktree,
      confinement: session,
    });
    expect(denied.stdout).not.toContain('hello from loopback');
    expect(violations).toContainEqual({ kind: 'connect', target: `127.0.0.1:${port}` });
    // A name that resolves to this machine is not a way onto its services (DNS rebinding)…
    allowed = ['localhost'];
    const rebound = await runner.run({
      command: { shell: `curl -s -m 5 http://localhost:${port}/` },
      cwd: worktree,
      confinement: session,
    });
    expect(rebound.stdout).not.toContain('hello from loopback');
    // …only the address itself, allowed by the user, is.
    allowed = ['127.0.0.1'];
    const through = await runner.run({ command: { shell: curl }, cwd: worktree, confinement: session });
    expect(through.stdout).toBe('hello from loopback');
    await session.close();
  });

  it('keeps the kernel calls shut that would undo it (seccomp): ptrace of its init, the keyring, new namespaces', async () => {
    const session = await sandbox.open({ writable: [worktree], allowedHosts: () => [] });
    // Without the filter, PTRACE_ATTACH to pid 1 (bubblewrap's init, same uid) succeeds and
    // lets the command clear the signal that ends the sandbox with Weft.
    const probe = [
      'import ctypes',
      'libc = ctypes.CDLL(None, use_errno=True)',
      'def tried(name, result):',
      '    print(name, result, ctypes.get_errno())',
      'tried("ptrace", libc.ptrace(16, 1, 0, 0))',
      'tried("keyctl", libc.syscall(250, 0, -3, 0, 0))',
      'tried("unshare", libc.unshare(0x00020000))',
      'tried("getpid", libc.getpid())',
    ].join('\n');
    const result = await runner.run({
      command: { argv: ['python3', '-c', probe] },
      cwd: worktree,
      confinement: session,
    });
    expect(result.stdout).toContain('ptrace -1 1');
    expect(result.stdout).toContain('keyctl -1 1');
    expect(result.stdout).toContain('unshare -1 1');
    expect(result.stdout).toMatch(/getpid \d+ /);
    await session.close();
  });

  it('hides the shared temp folders: other programs’ sockets and other runs’ proxies are not there', async () => {
    const socketDir = dir('weft-agent-sock-');
    const socketPath = join(socketDir, 'agent.sock');
    const agent = createNetServer((c) => c.end('AGENT-SOCKET-REACHED'));
    await new Promise<void>((resolve) => agent.listen(socketPath, resolve));
    const other = await sandbox.open({ writable: [worktree], allowedHosts: () => ['127.0.0.1'] });
    const session = await sandbox.open({ writable: [worktree], allowedHosts: () => [] });
    try {
      const result = await runner.run({
        command: { shell: `socat - UNIX-CONNECT:${socketPath} </dev/null; ls -A /tmp; echo x > /tmp/new-file` },
        cwd: worktree,
        confinement: session,
      });
      expect(result.stdout).not.toContain('AGENT-SOCKET-REACHED');
      expect(result.stdout).not.toContain('weft-agent-sock-');
      expect(result.stdout).not.toContain(basename(other.tmpDir!));
      expect(result.stderr).toMatch(/Read-only file system/);
    } finally {
      await other.close();
      await session.close();
      agent.close();
    }
  });

  it('keeps .git read-only and secrets hidden inside a writable folder (a repository served or run in place)', async () => {
    const repo = dir('weft-inplace-');
    execFileSync('git', ['init', '-q', repo]);
    mkdirSync(join(repo, '.ssh'));
    const session = await sandbox.open({ writable: [repo], allowedHosts: () => [] });
    const nested = new SandboxService({ dataDir, home: repo, log, extraHidden: [] });
    const inHome = await nested.open({ writable: [repo], allowedHosts: () => [] });
    writeFileSync(join(repo, '.ssh', 'id_ed25519'), 'PLANTED-IN-WRITABLE');
    try {
      const result = await runner.run({
        command: {
          shell:
            "echo '#!/bin/sh' > .git/hooks/pre-commit; git config core.fsmonitor 'touch /tmp/ran'; echo ok > work.txt; echo done",
        },
        cwd: repo,
        confinement: session,
      });
      expect(result.stdout).toContain('done');
      expect(existsSync(join(repo, 'work.txt'))).toBe(true);
      expect(existsSync(join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false);
      expect(readFileSync(join(repo, '.git', 'config'), 'utf8')).not.toContain('fsmonitor');
      const secret = await runner.run({
        command: { shell: 'cat .ssh/id_ed25519; echo end' },
        cwd: repo,
        confinement: inHome,
      });
      expect(secret.stdout).not.toContain('PLANTED');
    } finally {
      await session.close();
      await nested.dispose();
    }
  });

  it('passes no credentials in the environment', async () => {
    const session = await sandbox.open({ writable: [worktree], allowedHosts: () => [] });
    const result = await runner.run({
      command: { argv: ['env'] },
      cwd: worktree,
      env: {
        DATABASE_URL: 'postgres://app:PLANTED-DB@db/app',
        PIP_INDEX_URL: 'https://user:PLANTED-PIP@pypi.example/simple',
        MYSQL_PWD: 'PLANTED-MYSQL',
        CI_JOB_JWT: 'PLANTED-JWT',
        SENTRY_DSN: 'https://PLANTED-SENTRY@o1.ingest',
        OPENAI_API_KEY: 'PLANTED-OPENAI',
        BUILD_MODE: 'kept',
      },
      confinement: session,
    });
    expect(result.stdout).not.toContain('PLANTED');
    expect(result.stdout).toContain('BUILD_MODE=kept');
    await session.close();
  });

  it('without bubblewrap says why and runs nothing confined', async () => {
    const none = new SandboxService({ dataDir, home, log, bwrapPath: null });
    expect(none.status()).toMatchObject({ available: false });
    expect(none.status().reason).toMatch(/bubblewrap/);
    const session = await none.open({ writable: [worktree], allowedHosts: () => [] });
    expect(session.sandboxed).toBe(false);
    expect(session.launch({ shell: 'true' }, worktree, {})).toBeNull();
    await none.dispose();
  });
});
