import type { Readable } from 'node:stream';

/**
 * The first process inside a sandbox, as bubblewrap reports it on its `--info-fd` (`child-pid`,
 * the init of the sandbox's pid namespace, in our namespace).
 *
 * Why it is needed: bubblewrap's sandbox dies with bubblewrap through the parent-death signal the
 * sandbox's init sets on itself just after it is created. A bubblewrap stopped before that moment
 * (a run cancelled or Weft shutting down as a command starts) leaves the sandbox orphaned, running
 * in its own session where a signal to bubblewrap's process group never reaches it (seen under
 * load: a cancelled workflow step went on and did its work after the restart). Ending the init
 * ends every process of the sandbox, so a command is stopped by killing it, and bubblewrap is
 * signalled only once the init is known.
 */
export class SandboxInit {
  private pid: number | null = null;
  private readonly settled: Promise<number | null>;

  constructor(info: Readable) {
    this.settled = new Promise((resolve) => {
      let text = '';
      info.setEncoding('utf8');
      info.on('data', (chunk: string) => {
        text += chunk;
        const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
        if (match && this.pid === null) {
          this.pid = Number(match[1]);
          resolve(this.pid);
        }
      });
      // bubblewrap failed before making the sandbox (or is gone): there is no init to end.
      info.once('close', () => resolve(this.pid));
      info.once('error', () => resolve(this.pid));
    });
  }

  /** The init's pid if bubblewrap has said it already. */
  get current(): number | null {
    return this.pid;
  }

  /** The init's pid once bubblewrap has said it, null if it ended without making one. */
  known(): Promise<number | null> {
    return this.settled;
  }
}

/**
 * Ends a sandbox's init, and with it everything inside. Never throws: gone already is the usual
 * answer, and whatever else it says, the caller still signals bubblewrap's tree after it.
 */
export function killSandboxInit(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // ESRCH (ended) or EPERM (the pid is no longer a process of ours): nothing of ours to end.
  }
}

/** A launch's stdio: the three given, then its fd 3 input and its info pipe when it has them. */
export function launchStdio(
  base: readonly ['ignore' | 'pipe', 'pipe', 'pipe'],
  launch: { readonly fd3?: number; readonly infoFd?: 3 | 4 },
): Array<'ignore' | 'pipe' | number> {
  const stdio: Array<'ignore' | 'pipe' | number> = [...base];
  if (launch.fd3 !== undefined || launch.infoFd === 4) stdio.push(launch.fd3 ?? 'ignore');
  if (launch.infoFd !== undefined) stdio[launch.infoFd] = 'pipe';
  return stdio;
}

/** The info pipe of a spawned launch, read for the sandbox's init. */
export function sandboxInitOf(
  child: { readonly stdio: ReadonlyArray<unknown> },
  launch: { readonly infoFd?: 3 | 4 } | null,
): SandboxInit | null {
  if (!launch || launch.infoFd === undefined) return null;
  const info = child.stdio[launch.infoFd] as Readable | null | undefined;
  return info ? new SandboxInit(info) : null;
}
