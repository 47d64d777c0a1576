import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh access token for one `weft serve`: 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokensEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookies are not scoped by port, so two servers on one host need different names. */
export const cookieName = (port: number): string => `weft_token_${port}`;

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/**
 * Decides whether a request may reach Weft: the Host header must name this server
 * (against DNS rebinding), a cross-site Origin is refused, and the token must match.
 */
export function checkRequest(
  req: IncomingMessage,
  opts: { allowedHosts: ReadonlySet<string> | 'any'; token: string; port: number; requireOrigin: boolean },
): Verdict {
  const host = req.headers.host?.toLowerCase();
  if (!host || (opts.allowedHosts !== 'any' && !opts.allowedHosts.has(host)))
    return { ok: false, status: 403, reason: 'unknown Host header' };
  const origin = req.headers.origin;
  if (origin !== undefined || opts.requireOrigin) {
    if (origin?.toLowerCase() !== `http://${host}`) return { ok: false, status: 403, reason: 'foreign Origin' };
  }
  const url = new URL(req.url ?? '/', `http://${host}`);
  const given = url.searchParams.get('token') ?? readCookie(req, cookieName(opts.port));
  if (!tokensEqual(given ?? undefined, opts.token)) return { ok: false, status: 401, reason: 'missing or wrong token' };
  return { ok: true };
}

/**
 * Host header values that name a server bound to `bindHost:port`. A wildcard bind
 * (0.0.0.0, ::) is reached under names we cannot know; the token still guards it.
 */
export function allowedHostsFor(bindHost: string, port: number): Set<string> | 'any' {
  if (bindHost === '0.0.0.0' || bindHost === '::') return 'any';
  const names = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (!['127.0.0.1', 'localhost', '::1'].includes(bindHost)) {
    names.add(`${bindHost.includes(':') ? `[${bindHost}]` : bindHost}:${port}`.toLowerCase());
  }
  return names;
}
