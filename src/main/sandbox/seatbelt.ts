// The Seatbelt profile for a plan (macOS `sandbox-exec`). Pure, so it is tested on any OS.
import type { SandboxPlan } from './plan';

/** Quotes a string for a Seatbelt (SBPL) string literal. */
export function sbplString(value: string): string {
  if (value.includes('\0')) throw new Error('A path with a NUL byte cannot be put in a sandbox profile.');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * An SBPL profile that allows everything a build needs except: writes outside the plan's
 * writable folders (and the few devices every shell writes to), reads of hidden secrets, and
 * network other than the local proxy. Deny rules after allow rules win in SBPL (last match),
 * which is why the order below is allow-all, deny-class, re-allow the exceptions.
 */
export function seatbeltProfile(plan: SandboxPlan): string {
  const lines = ['(version 1)', '(allow default)', ''];
  lines.push('(deny file-write*)');
  const writable = plan.writable.map((p) => `  (subpath ${sbplString(p)})`);
  lines.push(
    '(allow file-write*',
    ...writable,
    '  (literal "/dev/null")',
    '  (literal "/dev/zero")',
    '  (literal "/dev/tty")',
    '  (regex #"^/dev/fd/[0-9]+$")',
    '  (regex #"^/dev/ttys[0-9]+$"))',
    '',
  );
  if (plan.hidden.length > 0) {
    lines.push('(deny file-read* file-write*');
    for (const hidden of plan.hidden) {
      lines.push(
        hidden.kind === 'dir' ? `  (subpath ${sbplString(hidden.path)})` : `  (literal ${sbplString(hidden.path)})`,
      );
    }
    lines[lines.length - 1] += ')';
    // A writable folder inside a hidden one (a run's worktree under Weft's data folder) stays usable.
    const inside = plan.writable.filter((w) => plan.hidden.some((h) => h.kind === 'dir' && isUnder(w, h.path)));
    if (inside.length > 0) {
      lines.push('(allow file-read* file-write*', ...inside.map((p) => `  (subpath ${sbplString(p)})`));
      lines[lines.length - 1] += ')';
    }
    lines.push('');
  }
  // Unix sockets are network too (docker.sock, ssh-agent): denied with the rest. Name
  // resolution is the proxy's job, outside.
  lines.push('(deny network*)');
  if (plan.proxy?.kind === 'tcp') {
    lines.push(`(allow network-outbound (remote ip ${sbplString(`localhost:${plan.proxy.port}`)}))`);
  }
  return `${lines.join('\n')}\n`;
}

/** The `sandbox-exec` argument list for a profile and a command. */
export function seatbeltArgs(profile: string, argv: readonly string[]): string[] {
  return ['-p', profile, '--', ...argv];
}

/** The proxy URL a command inside sees, when the plan has one. */
export function seatbeltProxyUrl(plan: SandboxPlan): string | null {
  return plan.proxy?.kind === 'tcp' ? `http://127.0.0.1:${plan.proxy.port}` : null;
}

function isUnder(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
}
