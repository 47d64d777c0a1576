import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as NodePty from 'node-pty';
import type { IPty } from 'node-pty';
import { WeftError } from '../../shared/ipc/errors';
import { pickShell, type ShellChoice } from '../../shared/terminal/shell';

/** The node-pty API. */
export type PtyModule = typeof NodePty;

/**
 * Loads node-pty on first use, so an addon that fails to load (a broken build) shows as a
 * terminal that cannot start, with the reason, instead of stopping the whole backend.
 * node-pty is a Node-API addon: one build loads in Node and in Electron alike.
 */
export function loadPty(): PtyModule {
  // The built app is CommonJS (__filename); Vite's loader (benchmarks, test children) is ESM.
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url)('node-pty') as PtyModule;
}

/** The user's shell on this machine. */
export function userShell(): ShellChoice {
  return pickShell(process.platform, process.env, (path) => existsSync(path));
}

/** The user's environment, marked so programs know which terminal they run in. */
function shellEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Electron's own switches would turn a `node` or `electron` run in the terminal into something else.
    if (value !== undefined && !key.startsWith('ELECTRON_')) env[key] = value;
  }
  return { ...env, TERM: 'xterm-256color', COLORTERM: 'truecolor', TERM_PROGRAM: 'weft' };
}

export interface PtyOptions {
  readonly shell: ShellChoice;
  readonly cwd: string;
  readonly cols: number;
  readonly rows: number;
}

/**
 * Starts a shell on a pty. node-pty reports a missing program or folder only as text from a
 * child that then exits 1, so both are checked first to give the user a real reason.
 */
export function startPty(pty: PtyModule, options: PtyOptions): IPty {
  const { shell, cwd } = options;
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    // Missing: reported below.
  }
  if (!isDir) throw new WeftError('path_not_found', `The folder ${cwd} no longer exists. Restart in another folder.`);
  try {
    if (process.platform !== 'win32') accessSync(shell.file, constants.X_OK);
    else if (shell.file.includes('\\') && !existsSync(shell.file)) throw new Error('missing');
  } catch {
    throw new WeftError(
      'spawn_failed',
      `The shell ${shell.file} could not start: it does not exist or is not executable.`,
    );
  }
  try {
    return pty.spawn(shell.file, [...shell.args], {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd,
      env: shellEnv(),
    });
  } catch (error) {
    throw new WeftError('spawn_failed', `The shell ${shell.file} could not start: ${(error as Error).message}`);
  }
}
