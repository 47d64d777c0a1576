// The app:// scheme's rules, kept free of electron imports so they are unit-tested in plain Node;
// protocol.ts registers them with Electron.
import { promises as fs } from 'node:fs';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../csp';

export const APP_SCHEME = 'app';
/** A standard scheme needs a host; a fixed one gives the page a stable origin of its own. */
export const APP_HOST = 'weft';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export type AppPath = { ok: true; path: string } | { ok: false; status: 400 | 403 | 404 };

// Windows opens these as devices in any folder, whatever the extension.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)(\..*)?$/i;

/**
 * Where an app:// URL points inside `root`, decided on the string alone. The URL parser has
 * already folded `.`/`..` and `%2e%2e` segments, so this refuses what survives parsing:
 * encoded separators (`..%2f`), NUL, drive letters and empty segments that would reach outside.
 */
export function resolveAppPath(root: string, url: string): AppPath {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 404 };
  const raw = parsed.pathname === '/' ? '/index.html' : parsed.pathname;
  const segments: string[] = [];
  for (const encoded of raw.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false, status: 400 };
    }
    if (segment === '' || segment === '.' || segment === '..') return { ok: false, status: 403 };
    if (/[/\\:\0]/.test(segment) || WINDOWS_DEVICE.test(segment)) return { ok: false, status: 403 };
    segments.push(segment);
  }
  const path = join(root, ...segments);
  if (!isInside(root, path)) return { ok: false, status: 403 };
  return { ok: true, path };
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Module scripts and workers are refused unless served as JavaScript, so the type must be exact. */
export function mimeTypeFor(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer> | null;
}

function headersFor(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    // Packaged pages get the strict policy as a header, as browser mode does; the dev server is not served here.
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
};

function refusal(status: 400 | 403 | 404 | 405, method: string): AppResponse {
  const headers = headersFor('text/plain; charset=utf-8');
  if (status === 405) headers.Allow = 'GET, HEAD';
  const body = method === 'HEAD' ? null : new TextEncoder().encode(REASONS[status] ?? '');
  return { status, headers, body };
}

const isMissing = (error: unknown) =>
  error instanceof Error && ['ENOENT', 'ENOTDIR', 'ELOOP'].includes((error as NodeJS.ErrnoException).code ?? '');

/**
 * Answers one app:// request from the files under `root` (the built renderer). The path is
 * checked on the string first and again after symbolic links are resolved, so a link inside
 * the folder cannot hand out a file outside it.
 */
export async function serveAppRequest(root: string, method: string, url: string): Promise<AppResponse> {
  if (method !== 'GET' && method !== 'HEAD') return refusal(405, method);
  const resolved = resolveAppPath(root, url);
  if (!resolved.ok) return refusal(resolved.status, method);
  let realPath: string;
  try {
    const realRoot = await fs.realpath(root);
    realPath = await fs.realpath(resolved.path);
    if (!isInside(realRoot, realPath)) return refusal(403, method);
    if (!(await fs.stat(realPath)).isFile()) return refusal(404, method);
  } catch (error) {
    if (isMissing(error)) return refusal(404, method);
    throw error;
  }
  const body = method === 'HEAD' ? null : new Uint8Array(await fs.readFile(realPath));
  return { status: 200, headers: headersFor(mimeTypeFor(realPath)), body };
}
