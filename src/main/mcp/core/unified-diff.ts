// The diff write tools report: jsdiff, as the approval card uses, so both show the same change.
import { createTwoFilesPatch } from 'diff';

/**
 * A unified diff (`--- a/path`, `+++ b/path`, `@@` hunks with `context` lines around each
 * change) from `before` to `after`; `before: null` is a new file. Empty when nothing changed.
 */
export function unifiedDiff(path: string, before: string | null, after: string, context = 3): string {
  if (before === after) return '';
  const patch = createTwoFilesPatch(
    before === null ? '/dev/null' : `a/${path}`,
    `b/${path}`,
    before ?? '',
    after,
    undefined,
    undefined,
    { context },
  );
  // jsdiff starts with a line of "=" (from `diff -u` of old); git and models expect `---` first.
  return patch.replace(/^=+\n/, '');
}

/** Lines added and removed, for a one-line summary. */
export function diffStat(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++ ')) added++;
    else if (line.startsWith('-') && !line.startsWith('--- ')) removed++;
  }
  return { added, removed };
}
