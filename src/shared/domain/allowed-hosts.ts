import { z } from 'zod';

/** Enough for a project's registries and APIs; a longer list is a sign of wanting the whole network. */
export const MAX_ALLOWED_HOSTS = 100;

export type HostCheck = { ok: true; host: string } | { ok: false; reason: string };

const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Checks one entry of a project's allowed hosts and returns it normalized (lowercase, no
 * trailing dot). Accepted: a host name (`registry.npmjs.org`), a wildcard for every subdomain
 * (`*.github.com`, not the domain itself) or a public IPv4 address. Refused: schemes, paths,
 * ports (an allowed host is reachable on any port, as in Claude Code's and Codex's sandboxes),
 * IPv6 literals, `localhost`, and IPv4 addresses that reach this machine or its network —
 * loopback, private, link-local (cloud metadata lives there), CGNAT and reserved ranges — since
 * the sandbox's point is that a repository's commands cannot talk to them.
 */
export function checkAllowedHost(input: string): HostCheck {
  const raw = input.trim().toLowerCase().replace(/\.$/, '');
  if (raw === '') return { ok: false, reason: 'Enter a host name, e.g. registry.npmjs.org.' };
  if (raw.includes('://')) return { ok: false, reason: 'Leave out the scheme (https://): enter only the host name.' };
  if (raw.includes('/')) return { ok: false, reason: 'Leave out the path: enter only the host name.' };
  if (raw.startsWith('[') || raw.split(':').length > 2) {
    return { ok: false, reason: 'IPv6 addresses are not supported; use the host name.' };
  }
  if (raw.includes(':')) return { ok: false, reason: 'Leave out the port: an allowed host is allowed on every port.' };
  if (ipv4.test(raw)) return checkIpv4(raw);
  const wildcard = raw.startsWith('*.');
  const name = wildcard ? raw.slice(2) : raw;
  if (name.includes('*')) return { ok: false, reason: 'A wildcard may only stand first, as in *.example.com.' };
  if (name.length > 253 || !name.split('.').every((part) => label.test(part))) {
    return { ok: false, reason: `“${input.trim()}” is not a valid host name.` };
  }
  if (name === 'localhost' || name.endsWith('.localhost')) {
    return { ok: false, reason: 'localhost is this machine; sandboxed commands may not reach it.' };
  }
  // `*.com` would open a whole top-level domain.
  if (wildcard && !name.includes('.')) return { ok: false, reason: 'A wildcard needs a domain, as in *.example.com.' };
  return { ok: true, host: raw };
}

function checkIpv4(raw: string): HostCheck {
  const [a, b] = raw.split('.').map(Number) as [number, number, number, number];
  if (raw.split('.').some((part) => Number(part) > 255 || (part.length > 1 && part.startsWith('0')))) {
    return { ok: false, reason: `“${raw}” is not a valid IPv4 address.` };
  }
  const local =
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224;
  if (local) {
    return {
      ok: false,
      reason: `${raw} is on this machine or a private network; sandboxed commands may only reach public addresses.`,
    };
  }
  return { ok: true, host: raw };
}

/** A project's allowed hosts as the contract accepts them: each checked, normalized, duplicates dropped. */
export const allowedHostsSchema = z
  .array(z.string().max(300))
  .max(MAX_ALLOWED_HOSTS, `at most ${MAX_ALLOWED_HOSTS} hosts`)
  .transform((hosts, ctx) => {
    const out: string[] = [];
    hosts.forEach((host, i) => {
      const check = checkAllowedHost(host);
      if (!check.ok) ctx.addIssue({ code: 'custom', path: [i], message: check.reason });
      else if (!out.includes(check.host)) out.push(check.host);
    });
    return out;
  });
