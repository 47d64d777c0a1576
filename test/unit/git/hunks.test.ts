import { describe, expect, it } from 'vitest';
import { parseFileDiff, patchForHunk } from '../../../src/renderer/src/features/git/hunks';

const diff = `diff --git a/f.txt b/f.txt
index 1111111..2222222 100644
--- a/f.txt
+++ b/f.txt
@@ -1,3 +1,3 @@
 line 1
-line 2
+line 2 CHANGED
 line 3
@@ -27,3 +27,3 @@
 line 27
-line 28
+line 28 CHANGED
 line 29
`;

describe('hunks', () => {
  it('splits a file diff into its hunks', () => {
    const parsed = parseFileDiff(diff);
    expect(parsed.preamble).toBe(
      'diff --git a/f.txt b/f.txt\nindex 1111111..2222222 100644\n--- a/f.txt\n+++ b/f.txt\n',
    );
    expect(parsed.hunks.map((h) => h.header)).toEqual(['@@ -1,3 +1,3 @@', '@@ -27,3 +27,3 @@']);
    expect(parsed.hunks[1]?.lines).toEqual([' line 27', '-line 28', '+line 28 CHANGED', ' line 29']);
  });

  it('builds a patch of one hunk that keeps the file header', () => {
    const parsed = parseFileDiff(diff);
    const patch = patchForHunk(parsed, parsed.hunks[0]!);
    expect(patch).toContain('+line 2 CHANGED');
    expect(patch).not.toContain('line 28');
    expect(patch.startsWith('diff --git a/f.txt b/f.txt\n')).toBe(true);
    expect(patch.endsWith(' line 3\n')).toBe(true);
  });

  it('has no hunks for an empty diff', () => {
    expect(parseFileDiff('').hunks).toEqual([]);
  });
});
