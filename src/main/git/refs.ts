// Pure validation of what users, models and workflows hand to git as refs and branch names.

/**
 * Why a ref name is refused, or null when it is acceptable. Follows `git check-ref-format`
 * and also refuses names that git would read as options (`-c`, `--upload-pack=…`).
 */
export function refNameProblem(name: string): string | null {
  if (name.length === 0) return 'a name is required';
  if (name.length > 250) return 'the name is too long';
  if (name.startsWith('-')) return 'a name may not start with "-"';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name))
    return 'a name may not contain spaces, control characters or ~ ^ : ? * [ \\';
  if (name.includes('..')) return 'a name may not contain ".."';
  if (name.includes('@{')) return 'a name may not contain "@{"';
  if (name === '@') return '"@" alone is not a name';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'slashes must separate non-empty parts';
  if (name.endsWith('.')) return 'a name may not end with "."';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return 'no part of a name may start with "."';
    if (part.endsWith('.lock')) return 'no part of a name may end with ".lock"';
  }
  return null;
}

/** A revision expression for reading (HEAD, HEAD~2, a hash, a branch): the same rules plus ~N and ^N suffixes. */
export function revisionProblem(rev: string): string | null {
  if (/^[0-9a-f]{4,64}$/i.test(rev)) return null;
  const base = rev.replace(/(?:[~^]\d*)+$/, '');
  if (base === 'HEAD') return null;
  return refNameProblem(base);
}
