// Pure facts about a command's program, for the approval policy. The policy never runs anything.

const networkPrograms = new Set([
  'curl',
  'wget',
  'ssh',
  'scp',
  'sftp',
  'rsync',
  'ftp',
  'telnet',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'ping',
  'dig',
  'nslookup',
  'http',
  'https',
]);

/** Sub-commands that fetch from or publish to the network. */
const networkSubcommands: Record<string, readonly string[]> = {
  git: ['clone', 'fetch', 'pull', 'push', 'ls-remote', 'submodule'],
  npm: ['install', 'i', 'ci', 'add', 'publish', 'update', 'exec', 'view', 'info'],
  npx: [],
  pnpm: ['install', 'i', 'add', 'publish', 'update', 'dlx'],
  yarn: ['install', 'add', 'publish', 'upgrade', 'dlx'],
  pip: ['install', 'download'],
  pip3: ['install', 'download'],
  cargo: ['install', 'publish', 'fetch', 'update'],
  go: ['get', 'install'],
  gem: ['install', 'push'],
  docker: ['pull', 'push', 'login', 'run', 'build'],
  brew: ['install', 'upgrade', 'update'],
  apt: ['install', 'update', 'upgrade'],
  'apt-get': ['install', 'update', 'upgrade'],
};

/** True when the command's program (or its sub-command) is known to use the network. */
export function usesNetwork(words: readonly string[]): boolean {
  const [program, sub] = words;
  if (!program) return false;
  const name = program.split('/').pop()!;
  if (networkPrograms.has(name)) return true;
  const subs = networkSubcommands[name];
  if (subs === undefined) return false;
  // npx fetches any package it does not find locally.
  if (subs.length === 0) return true;
  return sub !== undefined && subs.includes(sub);
}
