// Which sandbox this machine can give, found by trying it rather than by guessing.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { SandboxStatus } from '../../shared/domain/sandbox';

export interface DetectOptions {
  readonly platform: NodeJS.Platform;
  /** Path of bwrap; undefined looks on PATH; null means "not installed" (tests). */
  readonly bwrapPath?: string | null;
  readonly socatPath?: string | null;
  readonly root: boolean;
}

export interface Detected {
  readonly status: SandboxStatus;
  readonly bwrap: string | null;
  readonly socat: string | null;
}

/** Finds a program on PATH, like `which`. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Probes the platform's sandbox once; a few milliseconds on Linux. */
export function detectSandbox(options: DetectOptions): Detected {
  if (options.platform === 'linux') return detectLinux(options);
  if (options.platform === 'darwin') return detectMac();
  return {
    status: {
      available: false,
      mechanism: null,
      reason: 'Windows has no sandbox that Weft can use yet.',
      networkProxy: false,
    },
    bwrap: null,
    socat: null,
  };
}

function detectLinux(options: DetectOptions): Detected {
  const bwrap = options.bwrapPath === undefined ? onPath('bwrap') : options.bwrapPath;
  const socat = options.socatPath === undefined ? onPath('socat') : options.socatPath;
  if (bwrap === null) {
    return {
      status: {
        available: false,
        mechanism: null,
        reason:
          'bubblewrap (bwrap) is not installed, so commands cannot be confined. Install it (for example `sudo apt install bubblewrap`) and restart Weft.',
        networkProxy: false,
      },
      bwrap: null,
      socat,
    };
  }
  const privileges = options.root ? ['--cap-drop', 'ALL'] : ['--unshare-user', '--disable-userns'];
  const probe = spawnSync(
    bwrap,
    [
      '--die-with-parent',
      '--unshare-pid',
      '--unshare-net',
      ...privileges,
      '--ro-bind',
      '/',
      '/',
      '--dev',
      '/dev',
      '--proc',
      '/proc',
      '--',
      'true',
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (probe.status !== 0) {
    const why = (probe.stderr || probe.error?.message || `exit ${probe.status}`).trim().split('\n')[0];
    return {
      status: {
        available: false,
        mechanism: null,
        reason: `bubblewrap cannot create a sandbox on this system (${why}). Unprivileged user namespaces may be turned off (sysctl kernel.unprivileged_userns_clone, or an AppArmor rule for bwrap).`,
        networkProxy: false,
      },
      bwrap: null,
      socat,
    };
  }
  return {
    status: { available: true, mechanism: 'bubblewrap', reason: null, networkProxy: socat !== null },
    bwrap,
    socat,
  };
}

function detectMac(): Detected {
  const exec = '/usr/bin/sandbox-exec';
  const probe = spawnSync(exec, ['-p', '(version 1)(allow default)', '/usr/bin/true'], { timeout: 10_000 });
  if (probe.status !== 0) {
    return {
      status: {
        available: false,
        mechanism: null,
        reason: 'macOS refused to start sandbox-exec, so commands cannot be confined.',
        networkProxy: false,
      },
      bwrap: null,
      socat: null,
    };
  }
  return {
    status: { available: true, mechanism: 'seatbelt', reason: null, networkProxy: true },
    bwrap: null,
    socat: null,
  };
}
