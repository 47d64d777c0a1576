// Pure: splits `git diff` output for one file into hunks, and builds the patch that stages one.

export interface Hunk {
  readonly header: string;
  readonly lines: readonly string[];
}

export interface FileDiff {
  /** Everything before the first hunk: diff --git, index, ---/+++ lines. */
  readonly preamble: string;
  readonly hunks: readonly Hunk[];
}

export function parseFileDiff(diff: string): FileDiff {
  const lines = diff.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const first = lines.findIndex((l) => l.startsWith('@@'));
  if (first < 0) return { preamble: diff, hunks: [] };
  const hunks: Hunk[] = [];
  let current: { header: string; lines: string[] } | null = null;
  for (const line of lines.slice(first)) {
    if (line.startsWith('@@')) {
      current = { header: line, lines: [] };
      hunks.push(current);
    } else current?.lines.push(line);
  }
  return { preamble: lines.slice(0, first).join('\n') + '\n', hunks };
}

/** A patch with just one hunk, for `git apply --cached` (with --recount, counts may be stale). */
export function patchForHunk(diff: FileDiff, hunk: Hunk): string {
  return `${diff.preamble}${hunk.header}\n${hunk.lines.join('\n')}\n`;
}
