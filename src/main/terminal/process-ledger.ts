import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logging/logger';
import type { ProcessRecorder } from './confinement';
import { groupAlive, killTree, processAlive } from './process-tree';

interface Entry {
  readonly pid: number;
  /** The Weft process that started it: while that one lives, the command is its business. */
  readonly ownerPid: number;
  readonly ownerStarted: string | null;
  /** When the process started, as the OS tells it: a reused pid has another start. */
  readonly started: string | null;
  readonly label: string;
}

/**
 * A file per command Weft runs (runner commands and MCP server processes), removed when it
 * ends. A Weft that is killed leaves the files behind; the next start ends the process groups
 * they name, if they are still the same processes. Inside a Linux sandbox a command dies with
 * Weft anyway (bubblewrap's --die-with-parent); this covers everything else.
 */
export class ProcessLedger implements ProcessRecorder {
  private readonly ownStart = startTime(process.pid);

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  add(pid: number, label: string): void {
    const entry: Entry = {
      pid,
      ownerPid: process.pid,
      ownerStarted: this.ownStart,
      started: startTime(pid),
      label: label.slice(0, 200),
    };
    try {
      // Written aside and renamed, so a Weft killed mid-write leaves a whole entry or none.
      const file = join(this.dir, `${pid}.json`);
      writeFileSync(`${file}.tmp`, JSON.stringify(entry));
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      this.log.warn({ err: error, pid }, 'could not record a process');
    }
  }

  remove(pid: number): void {
    rmSync(join(this.dir, `${pid}.json`), { force: true });
  }

  /** Ends the process groups left by a Weft that is gone; answers how many it ended. */
  reapOrphans(): number {
    let ended = 0;
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      const file = join(this.dir, name);
      let entry: Entry;
      try {
        entry = JSON.parse(readFileSync(file, 'utf8')) as Entry;
      } catch {
        rmSync(file, { force: true });
        continue;
      }
      const ownerLives =
        entry.ownerPid === process.pid ||
        (processAlive(entry.ownerPid) && startTime(entry.ownerPid) === entry.ownerStarted);
      if (ownerLives) {
        // Another Weft (a CLI run, a second window) still owns it.
        continue;
      }
      const same = entry.started !== null && startTime(entry.pid) === entry.started;
      const alive = process.platform === 'win32' ? processAlive(entry.pid) : groupAlive(entry.pid);
      if (same && alive) {
        killTree(entry.pid, 'SIGKILL');
        ended++;
        this.log.info({ pid: entry.pid, command: entry.label }, 'ended a command left running by an earlier Weft');
      }
      rmSync(file, { force: true });
    }
    return ended;
  }
}

/** The process's start time: field 22 of /proc/PID/stat on Linux, `ps` elsewhere. */
function startTime(pid: number): string | null {
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses; fields after it are plain.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return rest[19] ?? null;
    }
    if (process.platform === 'win32') return null;
    return execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}
