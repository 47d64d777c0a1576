// The bubblewrap command line for a plan (Linux). Pure: the caller has checked what exists.
import { INNER_PROXY_PORT, type SandboxPlan } from './plan';

export interface BwrapOptions {
  /** Path of the bwrap program. */
  readonly bwrap: string;
  /** True when Weft runs as root: capabilities must be dropped explicitly. */
  readonly root: boolean;
  /** Path of socat, for the proxy bridge inside; null leaves the network fully off. */
  readonly socat: string | null;
  /** The descriptor (in the child) bwrap reads the seccomp filter from, or null for none. */
  readonly seccompFd?: number | null;
  /** The descriptor (in the child) bwrap writes its info to (the sandbox init's pid), or null for none. */
  readonly infoFd?: number | null;
  /** The shared temp folders to replace with empty read-only ones (those that exist). */
  readonly sharedTemp?: readonly string[];
}

/**
 * The inner launcher when a proxy bridge is needed: starts socat on the sandbox's own loopback,
 * waits (with shell built-ins only, reading /proc/net/tcp) until it listens so a command that
 * connects at once does not lose the race, then becomes the command.
 */
const BRIDGE_SCRIPT = [
  '"$1" TCP-LISTEN:$2,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:"$3" 2>/dev/null &',
  'hex=$(printf "%04X" "$2"); n=0',
  'while [ $n -lt 400 ]; do',
  '  while read -r _sl addr _rest; do case $addr in 0100007F:$hex) break 2;; esac; done < /proc/net/tcp',
  '  n=$((n+1)); sleep 0.005',
  'done',
  'shift 3; exec "$@"',
].join('\n');

const isUnder = (child: string, parent: string) =>
  child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);

/**
 * bwrap arguments that run `argv` with the whole file system read-only, the plan's writable
 * folders writable, secrets hidden, the shared temp folders empty (other programs' sockets live
 * there: ssh-agent, X11, other runs' proxies), no network but the proxy, its own process tree
 * (ended with its parent), no capabilities, and a seccomp filter. Order matters: later mounts
 * cover earlier ones, so hiding comes before the writable binds (a worktree under the hidden data
 * folder appears again), and what must stay protected inside a writable folder comes after them.
 */
export function bwrapArgs(plan: SandboxPlan, cwd: string, argv: readonly string[], options: BwrapOptions): string[] {
  const args: string[] = ['--die-with-parent', '--new-session', '--unshare-pid', '--unshare-ipc', '--unshare-net'];
  // Root keeps every capability inside unless told otherwise, and with CAP_SYS_ADMIN could
  // remount the read-only root writable (measured: it can). Unprivileged, bwrap drops them.
  if (options.root) args.push('--cap-drop', 'ALL');
  else args.push('--unshare-user', '--disable-userns');
  args.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc');
  // Sockets of the desktop session, ssh-agent, docker and dbus live under /run.
  args.push('--tmpfs', '/run');
  const sharedTemp = options.sharedTemp ?? [];
  for (const dir of sharedTemp) args.push('--tmpfs', dir);
  for (const path of plan.readable ?? []) {
    if (sharedTemp.some((t) => isUnder(path, t))) args.push('--ro-bind', path, path);
  }
  const hide = (hidden: SandboxPlan['hidden'][number]) => {
    // Mode 0555, so nothing written there looks like it worked.
    if (hidden.kind === 'dir') args.push('--perms', '0555', '--tmpfs', hidden.path);
    else args.push('--ro-bind', '/dev/null', hidden.path);
  };
  for (const hidden of plan.hidden) hide(hidden);
  for (const path of plan.writable) args.push('--bind', path, path);
  for (const path of plan.protectedInside ?? []) args.push('--ro-bind', path, path);
  // A secret inside a writable folder (a served folder that holds a credential) is hidden again.
  for (const hidden of plan.hidden) {
    if (plan.writable.some((w) => isUnder(hidden.path, w) && hidden.path !== w)) hide(hidden);
  }
  const bridge = plan.proxy?.kind === 'unix' && options.socat !== null ? plan.proxy.path : null;
  if (bridge !== null) args.push('--ro-bind', bridge, bridge);
  // Last: nothing new can be made in the shared temp folders, the binds inside stay writable.
  for (const dir of sharedTemp) args.push('--remount-ro', dir);
  if (options.seccompFd !== undefined && options.seccompFd !== null) args.push('--seccomp', String(options.seccompFd));
  if (options.infoFd !== undefined && options.infoFd !== null) args.push('--info-fd', String(options.infoFd));
  args.push('--chdir', cwd, '--');
  if (bridge === null) return [...args, ...argv];
  return [
    ...args,
    '/bin/sh',
    '-c',
    BRIDGE_SCRIPT,
    'weft-sandbox',
    options.socat!,
    String(INNER_PROXY_PORT),
    bridge,
    ...argv,
  ];
}

/** The proxy URL a command inside sees, when the plan has one. */
export function bwrapProxyUrl(plan: SandboxPlan, options: Pick<BwrapOptions, 'socat'>): string | null {
  return plan.proxy?.kind === 'unix' && options.socat !== null ? `http://127.0.0.1:${INNER_PROXY_PORT}` : null;
}
