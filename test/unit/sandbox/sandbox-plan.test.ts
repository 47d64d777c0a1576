import { describe, expect, it } from 'vitest';
import { bwrapArgs, bwrapProxyUrl } from '../../../src/main/sandbox/bwrap';
import { confinedEnv, secretCandidates, type SandboxPlan } from '../../../src/main/sandbox/plan';
import { hostAllowed, isInternalAddress, splitHostPort } from '../../../src/main/sandbox/proxy';
import { sbplString, seatbeltArgs, seatbeltProfile, seatbeltProxyUrl } from '../../../src/main/sandbox/seatbelt';
import { deniedWrites } from '../../../src/main/sandbox/violations';

const plan: SandboxPlan = {
  writable: ['/Users/me/Library/Application Support/Weft/worktrees/run-1', '/private/tmp/weft-run-x'],
  hidden: [
    { path: '/Users/me/.ssh', kind: 'dir' },
    { path: '/Users/me/.netrc', kind: 'file' },
    { path: '/Users/me/Library/Application Support/Weft', kind: 'dir' },
  ],
  tmpDir: '/private/tmp/weft-run-x',
  proxy: { kind: 'tcp', port: 51234 },
};

describe('the macOS Seatbelt profile', () => {
  const profile = seatbeltProfile(plan);

  it('denies writes but the worktree, the temp folder and a few devices', () => {
    expect(profile).toContain('(deny file-write*)');
    const allow = profile.slice(profile.indexOf('(allow file-write*'), profile.indexOf('(deny file-read*'));
    expect(allow).toContain('(subpath "/Users/me/Library/Application Support/Weft/worktrees/run-1")');
    expect(allow).toContain('(subpath "/private/tmp/weft-run-x")');
    expect(allow).toContain('(literal "/dev/null")');
    // Deny before allow: in SBPL the last matching rule wins.
    expect(profile.indexOf('(deny file-write*)')).toBeLessThan(profile.indexOf('(allow file-write*'));
  });

  it('hides secrets, yet keeps a worktree inside a hidden folder usable', () => {
    expect(profile).toContain('(subpath "/Users/me/.ssh")');
    expect(profile).toContain('(literal "/Users/me/.netrc")');
    const reallow = profile.lastIndexOf('(allow file-read* file-write*');
    expect(reallow).toBeGreaterThan(profile.indexOf('(deny file-read* file-write*'));
    expect(profile.slice(reallow)).toContain('worktrees/run-1');
  });

  it('denies the network but the proxy port', () => {
    expect(profile).toContain('(deny network*)');
    expect(profile).toContain('(allow network-outbound (remote ip "localhost:51234"))');
    expect(seatbeltProxyUrl(plan)).toBe('http://127.0.0.1:51234');
    expect(seatbeltProfile({ ...plan, proxy: null })).not.toContain('network-outbound');
  });

  it('quotes paths so a name cannot end the string or the rule', () => {
    expect(sbplString('/a "b") (allow default')).toBe('"/a \\"b\\") (allow default"');
    expect(sbplString('C:\\x')).toBe('"C:\\\\x"');
    expect(() => sbplString('/a\0b')).toThrow(/NUL/);
    const hostile = seatbeltProfile({ ...plan, writable: ['/tmp/x") (allow file-write* (subpath "/'] });
    expect(hostile).toContain('(subpath "/tmp/x\\") (allow file-write* (subpath \\"/")');
  });

  it('runs the command after the profile', () => {
    expect(seatbeltArgs('(version 1)', ['/bin/sh', '-c', 'npm test'])).toEqual([
      '-p',
      '(version 1)',
      '--',
      '/bin/sh',
      '-c',
      'npm test',
    ]);
  });
});

describe('the bubblewrap command line', () => {
  const linux: SandboxPlan = {
    writable: ['/home/me/.local/share/weft/worktrees/run-1', '/tmp/weft-run-x'],
    hidden: [
      { path: '/home/me/.ssh', kind: 'dir' },
      { path: '/home/me/.netrc', kind: 'file' },
      { path: '/home/me/.local/share/weft', kind: 'dir' },
    ],
    tmpDir: '/tmp/weft-run-x',
    proxy: { kind: 'unix', path: '/tmp/weft-proxy-y/proxy.sock' },
  };
  const opts = { bwrap: '/usr/bin/bwrap', root: false, socat: '/usr/bin/socat' };

  it('mounts everything read-only, hides secrets, then binds the writable folders', () => {
    const args = bwrapArgs(linux, '/home/me/.local/share/weft/worktrees/run-1', ['true'], opts);
    const at = (...seq: string[]) => args.findIndex((_, i) => seq.every((s, j) => args[i + j] === s));
    expect(at('--ro-bind', '/', '/')).toBeGreaterThan(-1);
    expect(at('--perms', '0555', '--tmpfs', '/home/me/.ssh')).toBeGreaterThan(at('--ro-bind', '/', '/'));
    expect(at('--ro-bind', '/dev/null', '/home/me/.netrc')).toBeGreaterThan(-1);
    // The worktree lives inside the hidden data folder: its bind must come after the hiding.
    const hideData = at('--tmpfs', '/home/me/.local/share/weft');
    const bindRun = at('--bind', linux.writable[0]!, linux.writable[0]!);
    expect(bindRun).toBeGreaterThan(hideData);
    expect(args).toContain('--unshare-net');
    expect(args).toContain('--die-with-parent');
    expect(args).toContain('--new-session');
  });

  it('drops capabilities as root, and uses an unprivileged user namespace otherwise', () => {
    expect(bwrapArgs(linux, '/tmp', ['true'], { ...opts, root: true })).toEqual(
      expect.arrayContaining(['--cap-drop', 'ALL']),
    );
    const unprivileged = bwrapArgs(linux, '/tmp', ['true'], opts);
    expect(unprivileged).toEqual(expect.arrayContaining(['--unshare-user', '--disable-userns']));
    expect(unprivileged).not.toContain('--cap-drop');
  });

  it('bridges the proxy socket only when socat is there', () => {
    const bridged = bwrapArgs(linux, '/tmp', ['curl', 'x'], opts);
    expect(bridged.slice(-5)).toEqual(['/usr/bin/socat', '3128', '/tmp/weft-proxy-y/proxy.sock', 'curl', 'x']);
    expect(bridged).toEqual(expect.arrayContaining(['--ro-bind', '/tmp/weft-proxy-y/proxy.sock']));
    expect(bridged.slice(-2)).toEqual(['curl', 'x']);
    expect(bwrapProxyUrl(linux, opts)).toBe('http://127.0.0.1:3128');
    const bare = bwrapArgs(linux, '/tmp', ['curl', 'x'], { ...opts, socat: null });
    expect(bare.slice(bare.indexOf('--') + 1)).toEqual(['curl', 'x']);
    expect(bwrapProxyUrl(linux, { socat: null })).toBeNull();
  });
});

describe('what a confined command inherits', () => {
  const env = confinedEnv(
    {
      PATH: '/usr/bin',
      HOME: '/home/me',
      ANTHROPIC_API_KEY: 'k',
      GITHUB_TOKEN: 't',
      AWS_PROFILE: 'p',
      SSH_AUTH_SOCK: '/run/ssh',
      NODE_OPTIONS: '--require x',
      DB_PASSWORD: 'x',
      WEFT_DATA_DIR: '/d',
      http_proxy: 'http://corp',
    },
    { writable: [], hidden: [], tmpDir: '/tmp/t', proxy: null },
    'http://127.0.0.1:3128',
  );

  it('drops credentials, agent sockets and code-loading variables, and points temp and proxies inside', () => {
    expect(env).toMatchObject({ PATH: '/usr/bin', HOME: '/home/me', TMPDIR: '/tmp/t' });
    for (const key of [
      'ANTHROPIC_API_KEY',
      'GITHUB_TOKEN',
      'AWS_PROFILE',
      'SSH_AUTH_SOCK',
      'NODE_OPTIONS',
      'DB_PASSWORD',
      'WEFT_DATA_DIR',
    ])
      expect(env[key]).toBeUndefined();
    expect(env.http_proxy).toBe('http://127.0.0.1:3128');
    expect(env.NO_PROXY).toBe('');
  });

  it('names the usual credential folders', () => {
    const candidates = secretCandidates('/home/me', ['/data']);
    expect(candidates).toEqual(
      expect.arrayContaining(['/home/me/.ssh', '/home/me/.aws', '/home/me/.gnupg', '/home/me/.config/gcloud', '/data']),
    );
  });
});

describe('the proxy’s host rules', () => {
  it('matches names exactly and *.domain for subdomains only', () => {
    expect(hostAllowed('registry.npmjs.org', ['registry.npmjs.org'])).toBe(true);
    expect(hostAllowed('Registry.NPMJS.org.', ['registry.npmjs.org'])).toBe(true);
    expect(hostAllowed('evil-registry.npmjs.org', ['registry.npmjs.org'])).toBe(false);
    expect(hostAllowed('files.pypi.org', ['*.pypi.org'])).toBe(true);
    expect(hostAllowed('pypi.org', ['*.pypi.org'])).toBe(false);
    expect(hostAllowed('evilpypi.org', ['*.pypi.org'])).toBe(false);
    expect(hostAllowed('example.com', [])).toBe(false);
  });

  it('knows the addresses of this machine and private networks, whatever name led there', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::ffff:127.0.0.1',
      'fd00::1',
      'fe80::1',
    ])
      expect(isInternalAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '172.32.0.1', '2606:4700::1111']) expect(isInternalAddress(a), a).toBe(false);
  });

  it('reads CONNECT targets, IPv6 included', () => {
    expect(splitHostPort('example.com:443', 443)).toEqual({ host: 'example.com', port: 443 });
    expect(splitHostPort('[::1]:8080', 443)).toEqual({ host: '::1', port: 8080 });
    expect(splitHostPort('example.com', 443)).toEqual({ host: 'example.com', port: 443 });
    expect(splitHostPort('example.com:99999', 443)).toBeNull();
  });
});

describe('writes the sandbox stopped, read from the output', () => {
  it('finds the path in the common shapes of EROFS', () => {
    const output = [
      "touch: cannot touch '/etc/x': Read-only file system",
      'sh: 1: cannot create /home/me/y: Read-only file system',
      '/usr/bin/bash: line 1: /tmp/z: Read-only file system',
      "Error: EROFS: read-only file system, open '/srv/a'",
      "OSError: [Errno 30] Read-only file system: '/srv/b'",
      'all good',
    ].join('\n');
    expect(deniedWrites(output).map((v) => v.target)).toEqual(['/etc/x', '/home/me/y', '/tmp/z', '/srv/a', '/srv/b']);
    expect(deniedWrites('nothing here')).toEqual([]);
  });
});
