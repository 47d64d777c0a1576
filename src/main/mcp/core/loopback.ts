// Pure DNS-rebinding protection for `weft mcp --http`: only loopback names reach the server.

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a request may not reach a server listening on loopback `port`, or null. The Host header
 * must name this machine and this port (a rebound DNS name carries the attacker's host name);
 * an Origin, when a browser sends one, must be a loopback page (any port, so local tools such
 * as an MCP inspector work), never another site.
 */
export function loopbackRequestProblem(
  host: string | undefined,
  origin: string | undefined,
  port: number,
): string | null {
  if (!host) return 'the request has no Host header';
  let hostUrl: URL;
  try {
    hostUrl = new URL(`http://${host}`);
  } catch {
    return `the Host header "${host.slice(0, 100)}" is not valid`;
  }
  if (!loopbackHosts.has(hostUrl.hostname) || (hostUrl.port || '80') !== String(port)) {
    return `the Host header "${host.slice(0, 100)}" does not name this server`;
  }
  if (origin === undefined) return null;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return `the Origin "${origin.slice(0, 100)}" is not allowed`;
  }
  if ((originUrl.protocol !== 'http:' && originUrl.protocol !== 'https:') || !loopbackHosts.has(originUrl.hostname)) {
    return `the Origin "${origin.slice(0, 100)}" is not allowed`;
  }
  return null;
}
