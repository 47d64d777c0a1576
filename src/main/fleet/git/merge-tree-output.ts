// Pure parsers for what `git merge-tree` and `git cat-file --batch` print.

/** A run of conflicted lines in a merged file, 1-based and inclusive, markers included. */
export interface ConflictHunk {
  readonly startLine: number;
  readonly endLine: number;
}

export interface ConflictFile {
  readonly path: string;
  /** Empty when git left no markers (binary files, modify/delete, rename conflicts). */
  readonly hunks: readonly ConflictHunk[];
}

/**
 * `git merge-tree --write-tree --name-only --no-messages -z`: the merged tree's id, then each
 * conflicted path (listed once per path with --name-only), NUL-terminated.
 */
export function parseMergeTree(stdout: Buffer): { tree: string; conflicted: string[] } {
  const fields = stdout.toString('utf8').split('\0');
  const tree = fields[0] ?? '';
  const conflicted: string[] = [];
  for (const f of fields.slice(1)) {
    if (f === '') break;
    if (!conflicted.includes(f)) conflicted.push(f);
  }
  return { tree, conflicted };
}

/**
 * Conflict regions in a file git merged: from a `<<<<<<< ` line to its `>>>>>>> ` line. Markers
 * can be longer than seven characters (the conflict-marker-size attribute), never shorter.
 */
export function conflictHunks(text: string): ConflictHunk[] {
  const lines = text.split('\n');
  const hunks: ConflictHunk[] = [];
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (start < 0 && /^<{7,}(?: |\r?$)/.test(line)) start = i;
    else if (start >= 0 && /^>{7,}(?: |\r?$)/.test(line)) {
      hunks.push({ startLine: start + 1, endLine: i + 1 });
      start = -1;
    }
  }
  return hunks;
}

/**
 * `git cat-file --batch` output for a list of requests: `<oid> <type> <size>\n<bytes>\n` per
 * object, or `<request> missing\n`. Answers in request order; null for a missing one.
 */
export function parseCatFileBatch(stdout: Buffer, count: number): Array<Buffer | null> {
  const out: Array<Buffer | null> = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const nl = stdout.indexOf(0x0a, pos);
    if (nl < 0) throw new Error('git cat-file --batch ended early.');
    const header = stdout.subarray(pos, nl).toString('utf8');
    const m = /^[0-9a-f]+ \S+ (\d+)$/.exec(header);
    if (!m) {
      out.push(null);
      pos = nl + 1;
      continue;
    }
    const size = Number(m[1]);
    out.push(stdout.subarray(nl + 1, nl + 1 + size));
    pos = nl + 1 + size + 1;
  }
  return out;
}
