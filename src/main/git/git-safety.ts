// What keeps a repository's own configuration from running programs when Weft runs git there.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gitEnvironment } from './git-env';

/** Whether the repository's own code (hooks, fsmonitor, filter and merge drivers) may run. */
export interface GitTrust {
  readonly trusted: boolean;
}

/**
 * A hooks folder nothing can be created in, so no hook runs: `/dev/null` is no folder, and on
 * Windows (where `/dev/null/x` would be `C:\dev\null\x`, which any user may create) a path under
 * the running program's own file.
 */
export const NO_HOOKS_PATH = process.platform === 'win32' ? join(process.execPath, 'no-hooks') : '/dev/null';

/**
 * Settings that override whatever the repository's config (and what it includes) says about
 * programs git would start. Only what Weft's own git commands could reach is listed; network
 * transports are refused outright, since Weft fetches nothing and a partial clone's lazy fetch
 * could otherwise run `ext::` or an ssh command named by the repository.
 */
const untrustedSettings: ReadonlyArray<readonly [string, string]> = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', NO_HOOKS_PATH],
  ['core.pager', 'cat'],
  ['core.editor', ':'],
  ['sequence.editor', ':'],
  ['core.askPass', ''],
  ['core.sshCommand', 'ssh'],
  ['core.gitProxy', ''],
  ['credential.helper', ''],
  ['protocol.allow', 'never'],
  ...['ext', 'file', 'git', 'ssh', 'http', 'https'].map((p) => [`protocol.${p}.allow`, 'never'] as const),
  // Signing (and checking signatures in log) starts gpg.program, which the repository may name.
  ['commit.gpgSign', 'false'],
  ['tag.gpgSign', 'false'],
  ['log.showSignature', 'false'],
  ['gpg.program', 'gpg'],
  ['gpg.openpgp.program', 'gpg'],
  ['gpg.x509.program', 'gpgsm'],
  ['gpg.ssh.program', 'ssh-keygen'],
  // A submodule has config of its own, whose drivers the listing below never sees: git must not
  // run status, checkout or summaries inside one (commands that ask for status pass UNTRUSTED_SUBMODULES
  // too, since a `.gitmodules` entry's `ignore = none` outranks the default set here).
  ['diff.ignoreSubmodules', 'dirty'],
  ['submodule.recurse', 'false'],
  ['status.submoduleSummary', 'false'],
];

/** For status and diff in untrusted folders: a submodule's commit is compared, its files never looked at. */
export const UNTRUSTED_SUBMODULES = '--ignore-submodules=dirty';

/** Config keys whose value is a program git runs for files named in `.gitattributes`. */
const driverKey = /^(filter|merge|diff)\.(.+)\.(clean|smudge|process|driver|textconv|command)$/s;

/** Any setting of a submodule, which names it. */
const submoduleKey = /^submodule\.(.+)\.[^.]+$/s;

/**
 * A merge driver that does what git's own text merge does, by asking git itself: a driver cannot
 * be unset from the command line, and an empty one "succeeds" leaving our side, losing theirs.
 */
const textMergeDriver = 'git merge-file --marker-size=%L %A %O %B';

/**
 * Overrides for every filter, merge and diff driver `git config -z --get-regexp` listed: the
 * `.gitattributes` of any commit can name a driver, and only a defined one runs, so defining
 * each one found as harmless stops them all. Filters become empty (git then stores and checks
 * out bytes as they are) and not required; textconv and diff commands become empty, which
 * fails closed if a command Weft runs ever forgets `--no-textconv` / `--no-ext-diff`.
 * Every submodule named gets `ignore = dirty`, which outranks `diff.ignoreSubmodules` for
 * commands without an `--ignore-submodules` option (`git add -A` looks inside otherwise).
 */
export function driverOverrides(listing: string): Array<readonly [string, string]> {
  const out = new Map<string, string>();
  for (const record of listing.split('\0')) {
    const key = record.split('\n', 1)[0] ?? '';
    const sub = submoduleKey.exec(key);
    if (sub) out.set(`submodule.${sub[1]}.ignore`, 'dirty');
    const m = driverKey.exec(key);
    if (!m) continue;
    const [, section, name, setting] = m;
    const base = `${section}.${name}`;
    if (section === 'filter') {
      for (const k of ['clean', 'smudge', 'process']) out.set(`${base}.${k}`, '');
      out.set(`${base}.required`, 'false');
    } else if (section === 'merge' && setting === 'driver') out.set(`${base}.driver`, textMergeDriver);
    else if (section === 'diff') out.set(`${base}.${setting}`, '');
  }
  return [...out];
}

/**
 * Settings as GIT_CONFIG_COUNT/KEY/VALUE variables: they rank as `-c` (above every config file),
 * pass to the git processes git starts itself (submodules, the merge driver above), and take a
 * key and value apart, so a driver named `a=b` cannot be misread the way `-c a=b.clean=` would.
 */
export function configVariables(settings: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(settings.length) };
  settings.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/**
 * Commands that touch neither the index nor the working tree, so no driver can run and the
 * listing can be skipped. Anything that writes the index (even `write-tree`) is left out: git
 * re-reads racily clean files through their clean filter when it writes an index.
 */
const inertCommands = new Set([
  'rev-parse',
  'symbolic-ref',
  'for-each-ref',
  'show-ref',
  'merge-base',
  'config',
  'var',
  'update-ref',
  'commit-tree',
  'init',
  'worktree list',
]);

/** The subcommand of an argument list (after global options such as `-c k=v`). */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c' || a === '-C') i++;
    else if (!a.startsWith('-')) return a === 'worktree' && args[i + 1] === 'list' ? 'worktree list' : a;
  }
  return '';
}

/** Runs `git config` and answers its -z listing ('' when nothing matched or git failed). */
function configListing(cwd: string, env: Record<string, string>, args: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('git', ['config', '-z', ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
      windowsHide: true,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    // Exit 1 means none defined; a failure here leaves the command itself to fail.
    child.on('error', () => resolve(''));
    child.on('close', () => resolve(out));
  });
}

/** The `.gitmodules` of the working tree `cwd` is in, found the way git finds its top: the nearest `.git`. */
function gitmodulesOf(cwd: string): string | null {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      const file = join(dir, '.gitmodules');
      return existsSync(file) ? file : null;
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The driver and submodule settings git would see in `cwd` (config and what it includes), plus
 * the submodules the working tree's `.gitmodules` names. Reading config runs nothing.
 */
async function listDrivers(cwd: string, env: Record<string, string>): Promise<string> {
  const listing = await configListing(cwd, env, ['--get-regexp', '^(filter|merge|diff|submodule)\\.']);
  const modules = gitmodulesOf(cwd);
  if (!modules || !readFileSync(modules, 'utf8').includes('submodule')) return listing;
  return listing + (await configListing(cwd, env, ['--file', modules, '--get-regexp', '^submodule\\.']));
}

/**
 * The environment and leading arguments for one git call in `cwd`. Every git Weft runs goes
 * through here. Untrusted (the default): nothing the repository configures may start a program.
 * Trusted: the repository's config applies (hooks, LFS filters, fsmonitor), but paths stay
 * literal and nothing prompts. The driver list is read just before the command runs; config
 * that changes in between comes from the repository's `.git` folder, which neither the model's
 * file tools nor a sandboxed command may write, and whoever can write there can run code anyway.
 */
export async function gitInvocation(
  cwd: string,
  args: readonly string[],
  trust: GitTrust,
  place: Readonly<Record<string, string>> = {},
): Promise<{ env: Record<string, string>; args: string[] }> {
  // `place` (GIT_DIR and GIT_WORK_TREE of a pinned run worktree) is where the listing looks too.
  const base = { ...gitEnvironment(process.env), ...place };
  const lead = ['--no-pager', '--literal-pathspecs'];
  if (trust.trusted) return { env: base, args: [...lead, ...args] };
  const fixed = configVariables(untrustedSettings);
  const drivers = inertCommands.has(subcommand(args))
    ? []
    : driverOverrides(await listDrivers(cwd, { ...base, ...fixed }));
  return {
    env: { ...base, ...configVariables([...untrustedSettings, ...drivers]) },
    args: [...lead, ...args],
  };
}
