// Kept free of electron imports so the rule is unit-tested in plain Node.

/**
 * True only for the app's own page: the bundled index.html (any other file:// page, say
 * an HTML file inside a cloned repository, is not trusted), or the dev server's origin.
 */
export function isTrustedUrl(url: string, rendererEntry: string): boolean {
  let candidate: URL;
  let entry: URL;
  try {
    candidate = new URL(url);
    entry = new URL(rendererEntry);
  } catch {
    return false;
  }
  if (entry.protocol === 'file:') return candidate.protocol === 'file:' && candidate.pathname === entry.pathname;
  return candidate.origin === entry.origin;
}
