// Where the radar's merges write their objects: a store of its own, kept between recomputes.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const PREFIX = 'weft-radar-';

/** A scratch store: objects merge-tree writes, and a git folder of its own for the radar's refs. */
export interface Scratch {
  /** For GIT_OBJECT_DIRECTORY (the repository's objects are its alternate). */
  readonly objects: string;
  /**
   * For GIT_DIR: a folder that shares everything with the repository (its `commondir` file)
   * but keeps per-worktree refs (`refs/worktree/…`) to itself, so the radar can name the commits
   * it merges without the repository seeing a ref: it is registered nowhere, so no git command
   * run in the repository lists those refs.
   */
  readonly gitDir: string;
}

/**
 * merge-tree writes the merged blobs and trees; they go to a scratch store that reads the
 * repository's objects through an alternate, so a radar running in the background never fills
 * the user's .git with loose objects nobody refers to.
 *
 * The store lives as long as the radar: creating and deleting one per recompute cost about
 * 100 ms (thousands of small files), and objects already written (the fan-out folders, a pair
 * merged before) are not written again. It is dropped when its estimated size passes the limit;
 * `generation` then changes, which tells the radar that trees it remembers are gone.
 */
export class ScratchStore {
  private dir: Promise<Scratch> | null = null;
  private bytes = 0;
  private gen = 0;

  constructor(private readonly maxBytes: number) {}

  get generation(): number {
    return this.gen;
  }

  /** The store, created on first use; `commonDir` is the repository's (shared) git folder. */
  open(commonDir: string): Promise<Scratch> {
    if (!this.dir) {
      const made = createStore(commonDir);
      made.catch(() => (this.dir = null));
      this.dir = made;
    }
    return this.dir;
  }

  /**
   * Counts a merge that may have written `objects` loose objects. Each is a file of its own, which
   * takes at least a page (4 kB) whatever its size, so the estimate is in pages, not bytes of content.
   */
  note(objects: number): void {
    this.bytes += objects * 4096;
  }

  /** Drops the store when it grew past the limit; the next merge starts a new one. */
  async trim(): Promise<void> {
    if (this.bytes > this.maxBytes) await this.drop();
  }

  async drop(): Promise<void> {
    const dir = this.dir;
    this.dir = null;
    this.bytes = 0;
    this.gen++;
    if (dir) await rm(dirname((await dir).objects), { recursive: true, force: true });
  }
}

async function createStore(commonDir: string): Promise<Scratch> {
  const root = await createFolder();
  const scratch = { objects: join(root, 'objects'), gitDir: join(root, 'git') };
  await mkdir(scratch.objects);
  await mkdir(join(scratch.gitDir, 'refs'), { recursive: true });
  await writeFile(join(scratch.gitDir, 'commondir'), `${commonDir}\n`);
  // git only takes a folder with a HEAD for a git folder; this one names no branch of the repository.
  await writeFile(join(scratch.gitDir, 'HEAD'), 'ref: refs/worktree/weft-radar-head\n');
  return scratch;
}

/**
 * A folder in memory where the system has one: each conflicting merge writes a loose file per
 * conflicted blob and tree, and on a busy disk those writes were most of a recompute (measured:
 * 9 merges, 927 objects, 2.6 s on disk, 0.37 s in /dev/shm). The process id is in the name, so
 * stores left by a Weft that was killed are found and removed by the next one.
 */
async function createFolder(): Promise<string> {
  if (process.platform === 'linux')
    try {
      await removeOrphans('/dev/shm');
      return await mkdtemp(`/dev/shm/${PREFIX}${process.pid}-`);
    } catch {
      // No /dev/shm (or not writable, as in some containers): the temporary folder does.
    }
  await removeOrphans(tmpdir());
  return mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
}

async function removeOrphans(parent: string): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
      if (!m || alive(Number(m[1]))) return;
      await rm(join(parent, name), { recursive: true, force: true }).catch((error: NodeJS.ErrnoException) => {
        // Another user's leftover is not ours to remove; anything else is a real failure.
        if (error.code !== 'EACCES' && error.code !== 'EPERM') throw error;
      });
    }),
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else (its store is not ours to remove).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
