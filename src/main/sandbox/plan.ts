// What a confined command may touch, independent of the OS mechanism that enforces it.
import { join } from 'node:path';

/** The confinement of one run (an agent run, a workflow run, a served folder). */
export interface SandboxPlan {
  /** Real paths the command may write: the run's worktree and its private temp folder. */
  readonly writable: readonly string[];
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
  '.terraform.d/credentials.tfrc.json',
  '.password-store',
  '.local/share/keyrings',
  '.config/chromium',
  '.config/google-chrome',
  '.mozilla',
  'Library/Keychains',
  'Library/Application Support/Google/Chrome',
  'Library/Application Support/Firefox',
];

/** The candidate secret locations for a home folder, before checking which exist. */
export function secretCandidates(home: string, extra: readonly string[]): string[] {
  return [...homeSecrets.map((p) => join(home, p)), ...extra];
}

/**
 * Environment variables a confined command does not inherit: credentials (by name), agent
 * sockets that would let it use the user's keys, and variables that change how programs load
 * code. What remains (PATH, HOME, LANG, toolchain homes…) keeps builds working.
 */
const secretName = /(KEY|TOKEN|SECRET|PASSW|CREDENTIAL|COOKIE|SESSION|AUTH|PRIVATE)/i;
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
