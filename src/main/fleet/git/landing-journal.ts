// The one landing in flight, kept on disk so a killed Weft can tell what happened to it.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where a landing is. `moving` is written just before the compare-and-swap of the base branch
 * and `moved` just after it, so after a kill the base branch's commit (old or new, never
 * anything else: git's ref update is atomic) says which side of the swap the kill fell on.
 */
export type LandingPhase = 'updating' | 'checking' | 'moving' | 'moved';

export interface LandingRecord {
  readonly taskId: string;
  readonly branch: string;
  readonly baseBranch: string;
  readonly phase: LandingPhase;
  /** The base branch's commit when the landing started. */
  readonly baseOld: string;
  /** The task branch's commit when the landing started. */
  readonly taskTip: string;
  /** The commit the base branch is fast-forwarded to, once known. */
  readonly newCommit: string | null;
  /** Where the task branch is updated and checked: the task's worktree or a temporary one. */
  readonly workdir: string;
  readonly temporary: boolean;
  /** The user's worktree that has the base branch checked out, if any. */
  readonly checkout: string | null;
}

/** The port the queue keeps its in-flight landing through (a file here; the app's journal later). */
export interface LandingJournal {
  read(): LandingRecord | null;
  write(record: LandingRecord): void | Promise<void>;
  clear(): void | Promise<void>;
}

/** A JSON file replaced atomically (write, fsync, rename), so a kill leaves the old or the new record. */
export class FileLandingJournal implements LandingJournal {
  constructor(private readonly path: string) {}

  read(): LandingRecord | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return JSON.parse(text) as LandingRecord;
  }

  write(record: LandingRecord): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(record));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
