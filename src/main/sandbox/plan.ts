// What a confined command may touch, independent of the OS mechanism that enforces it.
import { join } from 'node:path';

/** The confinement of one run (an agent run, a workflow run, a served folder). */
export interface SandboxPlan {
  /** Real paths the command may write: the run's worktree and its private temp folder. */
  readonly writable: readonly string[];
  /**
   * Real paths under the shared temp folders that stay readable (a worktree's git folder, when the
   * repository lives under /tmp): the shared temp folders are otherwise replaced by empty ones.
   */
  readonly readable?: readonly string[];
  /** Protected inside a writable folder: its `.git` (hooks and config Weft's own git would run). */
  readonly protectedInside?: readonly string[];
  /** Real paths whose contents are hidden (folders appear empty, files read as empty). */
  readonly hidden: readonly HiddenPath[];
  /** The private temp folder (also in `writable`); TMPDIR points here. */
  readonly tmpDir: string;
  /**
   * Where the network proxy listens on the host (a unix socket on Linux, a loopback port on
   * macOS), or null when no proxy runs: then nothing inside can reach the network at all.
   */
  readonly proxy: ProxyEndpoint | null;
}

export type HiddenPath = { readonly path: string; readonly kind: 'dir' | 'file' };

export type ProxyEndpoint =
  { readonly kind: 'unix'; readonly path: string } | { readonly kind: 'tcp'; readonly port: number };

/** Port of the proxy bridge inside the sandbox's own network namespace (Linux). */
export const INNER_PROXY_PORT = 3128;

/**
 * Places under the user's home that hold credentials. Reading them is how a hostile command
 * would steal a key, and no build or test needs them; the list follows what Claude Code and
 * Codex keep out of their sandboxes, plus the common cloud and package-registry CLIs.
 */
export const homeSecrets: readonly string[] = [
  '.ssh',
  '.aws',
  '.gnupg',
  '.azure',
  '.kube',
  '.docker',
  '.netrc',
  '.git-credentials',
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.gem/credentials',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.config/gcloud',
  '.config/gh',
  '.config/hub',
  '.config/op',
  '.config/doctl',
  '.config/heroku',
  '.config/anthropic',
  '.config/openai',
  '.claude',
  '.claude.json',
  '.codex',
  '.config/git/credentials',
  '.config/rclone',
  '.config/weft',
  '.config/Weft',
  '.local/share/weft',
  '.Xauthority',
  '.ICEauthority',
  '.bash_history',
  '.zsh_history',
  '.python_history',
  '.node_repl_history',
  '.psql_history',
  '.mysql_history',
  '.vault-token',
  '.pgpass',
  '.my.cnf',
  '.m2/settings.xml',
  '.gradle/gradle.properties',
  '.terraformrc',
  '.boto',
  '.s3cfg',
  '.terraform.d/credentials.tfrc.json',
  '.password-store',
  '.local/share/keyrings',
  '.config/chromium',
  '.config/google-chrome',
  '.mozilla',
  'Library/Keychains',
  'Library/Application Support/Google/Chrome',
  'Library/Application Support/Firefox',
  'Library/Application Support/Weft',
];

/** Files outside the home folder that hold secrets readable by root. */
export const systemSecrets: readonly string[] = ['/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/etc/ssh'];

/** The candidate secret locations for a home folder, before checking which exist. */
export function secretCandidates(home: string, extra: readonly string[]): string[] {
  return [...homeSecrets.map((p) => join(home, p)), ...systemSecrets, ...extra];
}

/**
 * Environment variables a confined command does not inherit: credentials (by name), agent
 * sockets that would let it use the user's keys, and variables that change how programs load
 * code. What remains (PATH, HOME, LANG, toolchain homes…) keeps builds working.
 */
const secretName = /(KEY|TOKEN|SECRET|PASSW|CREDENTIAL|COOKIE|SESSION|AUTH|PRIVATE|JWT|DSN|_PWD$|^DATABASE_URL$)/i;
/** A URL with a password in it (`postgres://app:pw@host`, `https://user:token@registry`). */
const urlWithPassword = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;
const droppedNames = new Set([
  'SSH_AUTH_SOCK',
  'SSH_AGENT_PID',
  'GPG_AGENT_INFO',
  'DBUS_SESSION_BUS_ADDRESS',
  'XAUTHORITY',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'DYLD_INSERT_LIBRARIES',
  'NODE_OPTIONS',
  'ELECTRON_RUN_AS_NODE',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'KUBECONFIG',
  'DOCKER_HOST',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'all_proxy',
  'no_proxy',
]);

/** The environment of a confined command: the given one less secrets, with the sandbox's own. */
export function confinedEnv(env: NodeJS.ProcessEnv, plan: SandboxPlan, proxyUrl: string | null): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || droppedNames.has(key) || secretName.test(key) || key.startsWith('WEFT_')) continue;
    if (urlWithPassword.test(value)) continue;
    if (/^(AWS|AZURE|GCP|GCLOUD|CLOUDSDK|GITHUB|GH|GITLAB|NPM_CONFIG|DIGITALOCEAN|HEROKU|OP)_/.test(key)) continue;
    out[key] = value;
  }
  out.TMPDIR = plan.tmpDir;
  out.TMP = plan.tmpDir;
  out.TEMP = plan.tmpDir;
  out.WEFT_SANDBOX = '1';
  if (proxyUrl !== null) {
    for (const key of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) {
      out[key] = proxyUrl;
    }
    // Loopback inside the sandbox is the sandbox's own; every host, local or not, goes through the proxy.
    out.NO_PROXY = '';
    out.no_proxy = '';
  }
  return out;
}
