import { WeftError } from '../../../shared/ipc/errors';

/**
 * True when a URL's host is this machine by its literal form. No DNS lookup is made: a
 * lookup is itself network I/O, and a name could resolve anywhere.
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return (
    host === 'localhost' ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/** The host name of a URL for messages, without credentials, path or query. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid address';
  }
}

/** Throws `offline_blocked`, naming the host, when offline mode forbids a request to `url`. */
export function assertNetworkAllowed(url: string, offline: boolean): void {
  if (!offline || isLoopbackUrl(url)) return;
  throw new WeftError(
    'offline_blocked',
    `Offline mode is on, so Weft did not contact ${hostOf(url)}. Use a model on this machine, or turn offline mode off in Settings.`,
  );
}

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Wraps fetch so every request the SDKs make is checked against offline mode first, and
 * redirects cannot carry a request off this machine while offline.
 */
export function guardedFetch(inner: FetchLike, isOffline: () => boolean): FetchLike {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const offline = isOffline();
    assertNetworkAllowed(url, offline);
    return inner(input, offline ? { ...init, redirect: 'error' } : init);
  };
}
