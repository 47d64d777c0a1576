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
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch (error) {
      // It ended between the listing and the read.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH')
        continue;
      throw error;
    }
    if (cmdline.split('\0').join(' ').includes(text) && alive(Number(name))) found.push(Number(name));
  }
  return found;
}
