// Kept free of electron imports so the rule is unit-tested in plain Node.
import { APP_SCHEME } from './app-protocol';

/**
 * True only for pages of the app's own origin: app://weft, which serves nothing but the built
 * renderer, or the dev server's origin in development. file:// is never trusted, so an HTML
 * file inside a cloned repository gets no access whatever the entry is.
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
  // WHATWG gives app: URLs an opaque origin ("null", the same string as file: and data:), so the
  // scheme and host are compared instead of `origin`.
  if (entry.protocol === `${APP_SCHEME}:`) {
    return candidate.protocol === entry.protocol && candidate.host === entry.host;
  }
  if (entry.protocol === 'http:' || entry.protocol === 'https:') return candidate.origin === entry.origin;
  return false;
}

/** The dev server's entry is http(s); a built renderer is served from app://, which gets the strict policy. */
export function isDevServerEntry(rendererEntry: string): boolean {
  return /^https?:/i.test(rendererEntry);
}
