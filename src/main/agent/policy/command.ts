import { scanShell } from '../../../shared/shell-quotes';
// Pure facts about a shell command line, for the approval policy. The policy never runs anything.

/**
 * Splits a command line into words the way a POSIX shell would for simple cases (quotes and
 * backslashes). It does not expand anything; it is only used to look for paths and program names.
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < command.length) current += command[++i];
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < command.length) {
      current += command[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else if (';&|<>()'.includes(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/**
 * True when the line does more than run one program: chaining, pipes, redirection, command
 * substitution, background jobs or several lines. An allow-list pattern like `npm test*` must not
 * let `npm test && curl …` through, so such lines are never allowed by a pattern alone.
 */
export function isCompound(command: string): boolean {
  // Inside double quotes `$(` and backticks still run commands; the rest only counts outside quotes.
  return scanShell(
    command,
    (ch, next, state) => ch === '`' || (ch === '$' && next === '(') || (state === 'none' && ';&|<>\n\r'.includes(ch)),
  ).stopped;
}

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

/** Options that make otherwise harmless programs run other programs, delete or write files. */
const riskyOption =
  /^(-exec|-execdir|-ok|-okdir|-delete|-fprint|-fprint0|-fprintf|-fls|--pre(=.*)?|--pre-glob(=.*)?|--output(=.*)?|--ext-diff|--textconv|--open-files-in-pager(=.*)?)$/;

/** The words that make an allow-listed program do more than read (find -exec, rg --pre, git log --output). */
export function riskyOptions(words: readonly string[]): string[] {
  return words.slice(1).filter((w) => riskyOption.test(w));
}

/** True when the shell would expand a variable or a `~user` home in the line (outside single quotes). */
export function expandsVariables(command: string): boolean {
  return scanShell(command, (ch) => ch === '$').stopped;
}
