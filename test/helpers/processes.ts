import { readFileSync } from 'node:fs';

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
