// Which active task branches collide with each other and with the base branch, and where.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { asWeftError, GitFailure } from '../../git/git-process';
import { FleetGitError, type FleetErrorCode } from './errors';
import { mapLimit, openGitBatch, type GitBatch } from './git-batch';
import {
  commonDir,
  containing,
  mergeTree,
  objectsWritten,
  resolveBranches,
  setSideRefs,
  sideRef,
  type MergeSide,
} from './radar-git';
import { requireMergeTree } from './git-version';
import { conflictHunks, parseCatFileBatch, type ConflictFile } from './merge-tree-output';
import { ScratchStore, type Scratch } from './scratch-store';

export type { ConflictFile, ConflictHunk } from './merge-tree-output';

export interface RadarTask {
  readonly taskId: string;
  /** The branch's short name, e.g. `weft/task-12`. */
  readonly branch: string;
}

/** The side of a pair that is the base branch rather than a task. */
export const BASE = '@base';

export interface RadarPair {
  /** Task ids, or BASE for the base branch (always `b` then). */
  readonly a: string;
  readonly b: string;
  readonly commitA: string;
  readonly commitB: string;
  /** Files both sides changed since they parted from the base branch. */
  readonly overlap: readonly string[];
  /** Files git could not merge; their conflicted line ranges come from `ConflictRadar.details`. */
  readonly conflicts: readonly string[];
}

/** One pair's conflicts with the line ranges of the merged text (as of the last recompute). */
export interface RadarPairDetails {
  readonly a: string;
  readonly b: string;
  readonly commitA: string;
  readonly commitB: string;
  readonly conflicts: readonly ConflictFile[];
}

export interface RadarTaskState {
  readonly taskId: string;
  readonly branch: string;
  /** Null when the branch does not exist (deleted outside Weft); `problem` says so. */
  readonly commit: string | null;
  readonly problem: { code: FleetErrorCode; message: string } | null;
}

export interface RadarReport {
  readonly base: { readonly branch: string; readonly commit: string };
  readonly tasks: readonly RadarTaskState[];
  /** Only pairs whose changes overlap; every other pair has nothing in common. */
  readonly pairs: readonly RadarPair[];
  /** merge-tree processes this recompute started (the rest came from the cache). */
  readonly merges: number;
}

export interface RadarOptions {
  /** The repository (any of its worktrees). */
  readonly repo: string;
  /** The repository's own programs (merge drivers) may run; false unless the user trusts it. */
  readonly trusted?: boolean;
  /** merge-tree processes at a time; by default one per core, at least two. */
  readonly concurrency?: number;
  /** The scratch object store is started afresh once its estimated size passes this (default 64 MB). */
  readonly maxScratchBytes?: number;
  /** Told of each git process a recompute or a details request starts (tests count them). */
  readonly onGitProcess?: (args: readonly string[], input: string) => void;
}

/** A merge-tree answer: the merged tree (in the scratch store of `generation`) and the conflicted paths. */
interface Merge {
  readonly tree: string;
  readonly conflicted: readonly string[];
  readonly generation: number;
}

/**
 * The conflict radar. Each recompute resolves every branch in one `for-each-ref`, compares the
 * files each side changed since it left the base branch, and runs `git merge-tree --write-tree`
 * (no worktree, no index, no ref of the repository written) only for pairs whose files overlap: two sides that
 * changed different files cannot conflict textually, and that skip is most of the speed.
 * Everything is cached by commit ids, so after one branch moves only its pairs are asked again.
 *
 * Conflicts that come from the base branch alone (task A based on an older base commit than
 * task B) are reported on the A–base pair, not again on A–B.
 */
export class ConflictRadar {
  private touched = new Map<string, readonly string[]>();
  /** Whether a commit contains the base commit, by `${base} ${commit}`: then it has no base-side changes. */
  private upToDate = new Map<string, boolean>();
  private merged = new Map<string, Merge>();
  private hunks = new Map<string, readonly ConflictFile[]>();
  private lastPairs: readonly RadarPair[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private common: string | null = null;
  private latest: { baseBranch: string; tasks: readonly RadarTask[] } | null = null;
  private pending: Promise<RadarReport> | null = null;
  private readonly store: ScratchStore;

  constructor(private readonly options: RadarOptions) {
    this.store = new ScratchStore(options.maxScratchBytes ?? 64 * 1024 * 1024);
  }

  /**
   * For background recomputes (a checkpoint commit, the base moving): while one runs, further
   * requests collapse into a single next run with the latest input, and every caller gets
   * that run's report, so a burst of commits costs at most two recomputes.
   */
  refresh(baseBranch: string, tasks: readonly RadarTask[]): Promise<RadarReport> {
    this.latest = { baseBranch, tasks };
    this.pending ??= this.chain.then(() => {
      this.pending = null;
      const { baseBranch: base, tasks: list } = this.latest!;
      return this.compute(base, list);
    });
    return this.pending;
  }

  /** Recomputes for `tasks` against `baseBranch`; calls run one after another, sharing the caches. */
  compute(baseBranch: string, tasks: readonly RadarTask[]): Promise<RadarReport> {
    return this.queue(() => this.run(baseBranch, tasks));
  }

  /**
   * The conflicted line ranges of the pair `a`–`b` (task ids, or BASE) as of the last recompute;
   * null when that recompute found no overlap between them. Read only when asked for: reading
   * every conflicted file of every pair was a quarter of a full recompute, for hunks the user
   * looks at one pair at a time. Cached by the pair's commits.
   */
  details(a: string, b: string): Promise<RadarPairDetails | null> {
    return this.queue(() => this.readDetails(a, b));
  }

  /** Removes the scratch object store; a later recompute starts a new one. */
  dispose(): Promise<void> {
    return this.queue(() => this.store.drop());
  }

  private queue<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async openBatch(): Promise<{ batch: GitBatch; scratch: Scratch }> {
    const { repo } = this.options;
    this.common ??= await commonDir(repo);
    const scratch = await this.store.open(this.common);
    const batch = openGitBatch(
      repo,
      this.options.trusted ?? false,
      { GIT_OBJECT_DIRECTORY: scratch.objects, GIT_ALTERNATE_OBJECT_DIRECTORIES: join(this.common, 'objects') },
      this.options.onGitProcess,
    );
    return { batch, scratch };
  }

  private async run(baseBranch: string, tasks: readonly RadarTask[]): Promise<RadarReport> {
    await requireMergeTree(this.options.repo);
    await this.store.trim();
    const { batch, scratch } = await this.openBatch();
    const tips = await resolveBranches(batch, [baseBranch, ...tasks.map((t) => t.branch)]);
    const baseCommit = tips.get(baseBranch);
    if (!baseCommit)
      throw new FleetGitError('base_missing', `The base branch "${baseBranch}" does not exist in this repository.`);

    const states: RadarTaskState[] = tasks.map((t) => {
      const commit = tips.get(t.branch) ?? null;
      return {
        taskId: t.taskId,
        branch: t.branch,
        commit,
        problem: commit
          ? null
          : { code: 'branch_missing', message: `The branch "${t.branch}" of task ${t.taskId} no longer exists.` },
      };
    });
    const live = states.filter((s): s is RadarTaskState & { commit: string } => s.commit !== null);
    const used = { touched: new Set<string>(), merged: new Set<string>(), upToDate: new Set<string>() };

    // What each side changed since the task left the base branch (diffs from their merge base).
    // A task that contains the base commit has no base-side changes: one for-each-ref says which,
    // asked only for commits not seen before.
    await this.learnUpToDate(batch, baseCommit, live, used.upToDate);
    await this.diffFromBase(
      batch,
      baseCommit,
      live.filter((s) => this.upToDate.get(`${baseCommit} ${s.commit}`)).map((s) => s.commit),
    );
    const sides = await mapLimit(live, this.concurrency(), async (state) => ({
      state,
      own: await this.files(batch, baseCommit, state.commit, used.touched),
      base: this.upToDate.get(`${baseCommit} ${state.commit}`)
        ? []
        : await this.files(batch, state.commit, baseCommit, used.touched),
    }));

    const candidates: Array<Omit<RadarPair, 'conflicts'>> = [];
    for (let i = 0; i < sides.length; i++) {
      const x = sides[i]!;
      const againstBase = intersect(x.own, x.base);
      if (againstBase.length)
        candidates.push({
          a: x.state.taskId,
          b: BASE,
          commitA: x.state.commit,
          commitB: baseCommit,
          overlap: againstBase,
        });
      for (let j = i + 1; j < sides.length; j++) {
        const y = sides[j]!;
        const overlap = intersect(x.own, y.own);
        if (overlap.length)
          candidates.push({
            a: x.state.taskId,
            b: y.state.taskId,
            commitA: x.state.commit,
            commitB: y.state.commit,
            overlap,
          });
      }
    }

    const toMerge = new Map<string, { overlap: readonly string[]; sides: [MergeSide, MergeSide] }>();
    for (const c of candidates) {
      const key = pairKey(c.commitA, c.commitB);
      if (!this.merged.has(key) && !toMerge.has(key)) toMerge.set(key, { overlap: c.overlap, sides: mergeSides(c) });
    }
    await setSideRefs(
      batch,
      scratch.gitDir,
      new Map([...toMerge.values()].flatMap((m) => m.sides.map((s) => [s.ref, s] as const))).values(),
    );
    await mapLimit([...toMerge], this.concurrency(), async ([key, { overlap, sides }]) => {
      this.store.note(objectsWritten(overlap));
      this.merged.set(key, await this.merge(batch, scratch, sides));
    });

    const pairs: RadarPair[] = candidates.map((c) => {
      const key = pairKey(c.commitA, c.commitB);
      used.merged.add(key);
      return { ...c, conflicts: this.merged.get(key)!.conflicted };
    });
    // Entries for commits no longer at any tip are dropped, so the caches stay the size of the fleet.
    this.touched = keep(this.touched, used.touched);
    this.upToDate = keep(this.upToDate, used.upToDate);
    this.merged = keep(this.merged, used.merged);
    this.hunks = keep(this.hunks, used.merged);
    this.lastPairs = pairs;
    return { base: { branch: baseBranch, commit: baseCommit }, tasks: states, pairs, merges: toMerge.size };
  }

  private concurrency(): number {
    return this.options.concurrency ?? Math.max(2, availableParallelism());
  }

  /** Records which of `live` contain `baseCommit`, asking git only about commits not seen with it. */
  private async learnUpToDate(
    batch: GitBatch,
    baseCommit: string,
    live: ReadonlyArray<{ branch: string; commit: string }>,
    used: Set<string>,
  ): Promise<void> {
    const unknown = live.filter((s) => {
      const key = `${baseCommit} ${s.commit}`;
      used.add(key);
      return !this.upToDate.has(key);
    });
    if (!unknown.length) return;
    const tips = await containing(
      batch,
      baseCommit,
      unknown.map((s) => s.branch),
    );
    // A branch that moved since it was resolved reads as "not containing": that only costs a
    // base-side diff, which is empty when it does contain the base.
    for (const s of unknown) this.upToDate.set(`${baseCommit} ${s.commit}`, tips.get(s.branch) === s.commit);
  }

  /**
   * For tips that contain the base commit (their merge base with it is the base itself), the
   * files each changed since the base, all from one `diff-tree --stdin`: a process per branch
   * was a fifth of a full recompute. Each non-empty diff starts with its tip's id; an empty one
   * prints nothing. Fills the cache `files` reads.
   */
  private async diffFromBase(batch: GitBatch, baseCommit: string, tips: readonly string[]): Promise<void> {
    const todo = [...new Set(tips)].filter((tip) => tip !== baseCommit && !this.touched.has(`${baseCommit} ${tip}`));
    if (!todo.length) return;
    const out = await batch.run(['diff-tree', '--stdin', '-r', '--name-only', '-z', '--no-renames'], {
      input: todo.map((tip) => `${tip} ${baseCommit}\n`).join(''),
    });
    const found = new Map<string, string[]>(todo.map((tip) => [tip, []]));
    let next = 0;
    let current: string[] | null = null;
    for (const field of out.stdout.toString('utf8').split('\0')) {
      if (!field) continue;
      // Headers come in input order, so a path that happens to look like a commit id is not taken for one.
      const header = todo.indexOf(field, next);
      if (header >= 0) {
        current = found.get(field)!;
        next = header + 1;
      } else if (current) current.push(field);
      else throw new Error(`git diff-tree --stdin printed "${field.slice(0, 80)}" before any commit.`);
    }
    for (const [tip, files] of found) this.touched.set(`${baseCommit} ${tip}`, files.sort());
  }

  /** Files changed on `to` since it parted from `from`, cached by the pair. */
  private async files(batch: GitBatch, from: string, to: string, used: Set<string>): Promise<readonly string[]> {
    const key = `${from} ${to}`;
    used.add(key);
    const hit = this.touched.get(key);
    if (hit) return hit;
    // diff-tree is plumbing: unlike `git diff a...b` it never reads the index of a big checkout.
    const diff = (...range: string[]) =>
      batch.run(['diff-tree', '-r', '--name-only', '-z', '--no-renames', ...range], { okCodes: [128] });
    let out = from === to ? null : await diff('--merge-base', from, to);
    // Unrelated histories have no merge base: then everything that differs counts.
    if (out?.code === 128) out = await diff(from, to);
    if (out && out.code !== 0) throw asWeftError(new GitFailure(['diff-tree'], out), 'Comparing branches');
    const files = out ? out.stdout.toString('utf8').split('\0').filter(Boolean).sort() : [];
    this.touched.set(key, files);
    return files;
  }

  private async merge(batch: GitBatch, scratch: Scratch, [a, b]: readonly [MergeSide, MergeSide]): Promise<Merge> {
    return { ...(await mergeTree(batch, scratch.gitDir, a, b)), generation: this.store.generation };
  }

  private async readDetails(a: string, b: string): Promise<RadarPairDetails | null> {
    const pair = this.lastPairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
    if (!pair) return null;
    const key = pairKey(pair.commitA, pair.commitB);
    let conflicts = this.hunks.get(key);
    if (!conflicts) {
      conflicts = pair.conflicts.length ? await this.readHunks(key, pair) : [];
      this.hunks.set(key, conflicts);
    }
    const { a: pa, b: pb, commitA, commitB } = pair;
    return { a: pa, b: pb, commitA, commitB, conflicts };
  }

  /**
   * Reads the pair's conflicted files from its merged tree in one `cat-file --batch` and finds
   * their markers. The tree is merged again when its store was dropped since, or an object is gone.
   */
  private async readHunks(key: string, pair: RadarPair): Promise<readonly ConflictFile[]> {
    const { batch, scratch } = await this.openBatch();
    let merge = this.merged.get(key);
    for (let attempt = 0; ; attempt++) {
      if (!merge || merge.generation !== this.store.generation || attempt > 0) {
        const sides = mergeSides(pair);
        await setSideRefs(batch, scratch.gitDir, sides);
        this.store.note(objectsWritten(pair.overlap));
        merge = await this.merge(batch, scratch, sides);
        this.merged.set(key, merge);
      }
      // A path with a newline cannot be named on cat-file's line-based input; it is listed without hunks.
      const paths = merge.conflicted.filter((p) => !p.includes('\n'));
      const out = paths.length
        ? await batch.run(['cat-file', '--batch', '--buffer'], {
            input: paths.map((p) => `${merge!.tree}:${p}\n`).join(''),
          })
        : null;
      const blobs = out ? parseCatFileBatch(out.stdout, paths.length) : [];
      if (blobs.includes(null) && attempt === 0) continue;
      const hunks = new Map(
        paths.map((path, i) => {
          const blob = blobs[i];
          // Binary files keep no markers worth showing; a NUL in the first 8000 bytes is git's own test.
          const text = blob && !blob.subarray(0, 8000).includes(0) ? blob.toString('utf8') : '';
          return [path, conflictHunks(text)] as const;
        }),
      );
      return merge.conflicted.map((path) => ({ path, hunks: hunks.get(path) ?? [] }));
    }
  }
}

/**
 * The two sides of a pair in the order of its cache key, so a pair is merged the same way
 * whichever of its tasks came first (the order decides which side's lines come first in a hunk).
 */
function mergeSides(p: Pick<RadarPair, 'a' | 'b' | 'commitA' | 'commitB'>): [MergeSide, MergeSide] {
  const a = { ref: sideRef(p.a), commit: p.commitA };
  const b = { ref: sideRef(p.b), commit: p.commitB };
  return p.commitA <= p.commitB ? [a, b] : [b, a];
}

/** Commit pairs are unordered: A against B is the same merge as B against A. */
const pairKey = (a: string, b: string): string => (a < b ? `${a} ${b}` : `${b} ${a}`);

function intersect(a: readonly string[], b: readonly string[]): string[] {
  if (!a.length || !b.length) return [];
  const [small, large] = a.length < b.length ? [a, b] : [b, a];
  const set = new Set(large);
  return small.filter((f) => set.has(f));
}

function keep<V>(map: Map<string, V>, used: Set<string>): Map<string, V> {
  return new Map([...map].filter(([k]) => used.has(k)));
}
