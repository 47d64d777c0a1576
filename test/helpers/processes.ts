import { readdirSync, readFileSync } from 'node:fs';

/**
 * True while `pid` is a live process. A zombie waiting to be reaped counts as gone: it runs
 * nothing more, and `kill(pid, 0)` alone would still find it.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // No /proc (macOS): kill(pid, 0) is the best answer there is.
    return true;
  }
}

/** Live processes (Linux, from /proc) whose command line contains `text`, this one excepted. */
export function processesWith(text: string): number[] {
  return commandLines()
    .filter(({ argv }) => argv.join(' ').includes(text))
    .map(({ pid }) => pid);
}

/**
 * Live processes running exactly `argv`: not those merely naming it, as a shell or bubblewrap
 * that starts it does.
 */
export function processesRunning(argv: readonly string[]): number[] {
  return commandLines()
    .filter((p) => p.argv.length === argv.length && p.argv.every((arg, i) => arg === argv[i]))
    .map(({ pid }) => pid);
}

/** Every live process but this one, with its arguments. */
function commandLines(): { pid: number; argv: string[] }[] {
  const found: { pid: number; argv: string[] }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch (error) {
      // It ended between the listing and the read.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ESRCH') continue;
      throw error;
    }
    if (cmdline && alive(Number(name))) found.push({ pid: Number(name), argv: cmdline.replace(/\0$/, '').split('\0') });
  }
  return found;
}
