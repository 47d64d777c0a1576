import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxViolation } from '../../src/shared/domain/sandbox';
import { SandboxService } from '../../src/main/sandbox/sandbox-service';
import { CommandRunner } from '../../src/main/terminal/runner';

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
    allowed = ['127.0.0.1'];
    const through = await runner.run({ command: { shell: curl }, cwd: worktree, confinement: session });
    expect(through.stdout).toBe('hello from loopback');
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
