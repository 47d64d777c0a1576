// Options and forms with which a program that reads or tests runs something else instead: they
// make a command ask whatever list or rule allowed it. Each entry says on the card what it does.
import { bareProgram, type ShellWord, type SimpleCommand } from './shell-line';

/** Programs whose whole purpose is to run another program (or a script they are given). */
const wrappers: Record<string, string> = {
  sh: 'runs a shell script',
  bash: 'runs a shell script',
  zsh: 'runs a shell script',
  dash: 'runs a shell script',
  ksh: 'runs a shell script',
  fish: 'runs a shell script',
  busybox: 'runs any of its built-in programs',
  eval: 'runs its arguments as a command line',
  exec: 'replaces the shell with another program',
  source: 'runs a file as shell commands',
  '.': 'runs a file as shell commands',
  xargs: 'runs another program with what it reads',
  env: 'runs another program with a changed environment',
  sudo: 'runs another program as another user',
  doas: 'runs another program as another user',
  su: 'runs another program as another user',
  nohup: 'runs another program',
  timeout: 'runs another program',
  nice: 'runs another program',
  ionice: 'runs another program',
  time: 'runs another program',
  command: 'runs another program',
  builtin: 'runs a shell builtin',
  stdbuf: 'runs another program',
  setsid: 'runs another program',
  chroot: 'runs another program',
  watch: 'runs another program repeatedly',
  parallel: 'runs other programs',
  flock: 'runs another program',
  strace: 'runs another program',
  ltrace: 'runs another program',
  script: 'runs another program',
  unbuffer: 'runs another program',
  trap: 'sets a command to run later',
};

/** Variables that change which code a program loads or runs. */
const dangerousEnv =
  /^(LD_|DYLD_|NODE_OPTIONS$|NODE_PATH$|PYTHON|PERL5?LIB$|PERL5OPT$|RUBYOPT$|RUBYLIB$|GIT_|BASH_ENV$|ENV$|SHELL$|PATH$|IFS$|PS4$|PROMPT_COMMAND$|npm_config_|NPM_CONFIG_|CARGO_|RUSTC|RUSTFLAGS$|GO|CC$|CXX$|MAKE|EDITOR$|VISUAL$|PAGER$)/;

/** Git commands that exist, so a word that is none of them may be an alias (which can run anything). */
const gitCommands = new Set(
  (
    'add am annotate apply archive bisect blame branch bundle cat-file check-attr check-ignore check-mailmap ' +
    'check-ref-format checkout cherry cherry-pick citool clean clone commit commit-graph commit-tree config ' +
    'count-objects describe diff diff-files diff-index diff-tree fetch for-each-ref format-patch fsck gc ' +
    'get-tar-commit-id grep hash-object help init log ls-files ls-remote ls-tree merge merge-base merge-file ' +
    'merge-tree mktag mktree mv name-rev notes pull push range-diff read-tree rebase reflog remote repack ' +
    'replace reset restore rev-list rev-parse revert rm shortlog show show-branch show-ref sparse-checkout ' +
    'stash status submodule switch symbolic-ref tag update-index update-ref var verify-commit verify-pack ' +
    'verify-tag version whatchanged worktree write-tree'
  ).split(' '),
);
/** Git's options before the command that only change how it prints. */
const gitHarmlessGlobals = new Set([
  '--no-pager',
  '-P',
  '--no-optional-locks',
  '--literal-pathspecs',
  '--no-replace-objects',
]);
const gitRunning: Record<string, string> = {
  '-x': 'makes git run another program',
  '--extcmd': 'makes git run another program',
  '--exec': 'makes git run another program',
  '--ext-diff': 'makes git run the diff program its configuration names',
  '--textconv': 'makes git run the conversion programs its configuration names',
  '--upload-pack': 'makes git run another program',
  '--receive-pack': 'makes git run another program',
  '--output': 'makes git write a file',
  '--output-directory': 'makes git write files',
  '-O': 'makes git run a pager program',
  '--open-files-in-pager': 'makes git run a pager program',
  '--tool': 'makes git run a diff or merge tool',
  '--run': 'makes git run another program',
  '--show-signature': 'makes git run the signature program its configuration names',
};
const gitToolCommands: Record<string, string> = {
  difftool: 'runs the diff tool its configuration names',
  mergetool: 'runs the merge tool its configuration names',
  bisect: 'can run a program for each step',
  rebase: 'can run programs for each commit',
  submodule: 'can run a program in each submodule',
  'filter-branch': 'runs programs for each commit',
  config: 'can set programs git runs later',
  help: 'may open a browser or pager',
  'commit-tree': 'writes objects',
  citool: 'runs a graphical tool',
};

const findRunning = /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/;
const nodeRunning: Record<string, string> = {
  '--import': 'makes node load another module first',
  '--require': 'makes node load another module first',
  '-r': 'makes node load another module first',
  '--loader': 'makes node load a module loader',
  '--experimental-loader': 'makes node load a module loader',
  '-e': 'makes node run code given on the line',
  '--eval': 'makes node run code given on the line',
  '-p': 'makes node run code given on the line',
  '--print': 'makes node run code given on the line',
  '--env-file': 'makes node read environment variables from a file',
  '--env-file-if-exists': 'makes node read environment variables from a file',
  '--test-reporter': 'makes node load a reporter module',
  '--test-reporter-destination': 'makes node write a file',
  '--run': 'makes node run a package.json script',
  '--experimental-config-file': 'makes node read options from a file',
  '--openssl-config': 'makes node load an OpenSSL configuration, which can load libraries',
  '--snapshot-blob': 'makes node start from a saved heap snapshot',
  '--inspect': 'opens a debugger port',
  '--inspect-brk': 'opens a debugger port',
};
const pytestRunning: Record<string, string> = {
  '-p': 'makes pytest load a plugin',
  '-c': 'makes pytest read another configuration file',
  '--config-file': 'makes pytest read another configuration file',
  '--rootdir': 'moves where pytest looks for its configuration',
  '--confcutdir': 'moves where pytest looks for conftest.py files',
  '-o': 'overrides pytest settings',
  '--override-ini': 'overrides pytest settings',
  '--pdbcls': 'makes pytest load a debugger class',
  '--debug': 'makes pytest write a file',
  '--junitxml': 'makes pytest write a file',
  '--junit-xml': 'makes pytest write a file',
  '--basetemp': 'makes pytest delete and reuse a folder',
  '-W': 'makes pytest import the warning class it names',
  '--pythonwarnings': 'makes pytest import the warning class it names',
};
const makeRunning: Record<string, string> = {
  '--eval': 'makes make evaluate text as a makefile',
  '-E': 'makes make evaluate text as a makefile',
  '-f': 'makes make read another makefile',
  '--file': 'makes make read another makefile',
  '--makefile': 'makes make read another makefile',
  '-C': 'makes make run the makefile of another folder',
  '--directory': 'makes make run the makefile of another folder',
  '-I': 'makes make look for included makefiles elsewhere',
  '--include-dir': 'makes make look for included makefiles elsewhere',
};
const npmRunning: Record<string, string> = {
  '--script-shell': 'makes npm run scripts with another program',
  '--node-options': 'makes npm pass options to node',
  '--prefix': 'makes npm run another folder’s scripts',
  '-C': 'makes npm run another folder’s scripts',
  '--userconfig': 'makes npm read another configuration file',
  '--globalconfig': 'makes npm read another configuration file',
  '--call': 'makes npm run a command line',
  '-c': 'makes npm run a command line',
  '--workspace': 'makes npm run another package’s scripts',
  '-w': 'makes npm run another package’s scripts',
};
const cargoRunning: Record<string, string> = {
  '--config': 'makes cargo take configuration from the line',
  '-Z': 'turns on unstable cargo features',
  '--manifest-path': 'makes cargo build another package',
};
const goRunning: Record<string, string> = {
  '-exec': 'makes go run the test binary with another program',
  '-toolexec': 'makes go run its tools through another program',
  '-overlay': 'makes go replace source files',
  '-modfile': 'makes go read another module file',
  '-C': 'makes go work in another folder',
  '-vettool': 'makes go vet run another program',
  '-ldflags': 'can make go run another linker',
  '-gccgoflags': 'passes options to the gccgo compiler',
};

/** What a long option that is a prefix of a risky one does (`--ext` for `--ext-diff`). */
function abbreviated(name: string, table: Record<string, string>): string | undefined {
  if (!name.startsWith('--') || name.length < 4) return undefined;
  const full = Object.keys(table).find((key) => key.startsWith(name));
  return full === undefined ? undefined : `(short for \`${full}\`) ${table[full]!}`;
}

/** `--opt=value` and `--opt value` both name `--opt`. */
const optionName = (arg: string) => (arg.startsWith('-') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg);
const say = (option: string, what: string) => `\`${option}\` ${what}`;

/**
 * The risky options among `args`. `abbreviates`: the program takes any unambiguous prefix of a
 * long option (git, npm, make and pytest do: `--ext` is `--ext-diff`), so a prefix counts too.
 */
function flagged(args: readonly string[], table: Record<string, string>, abbreviates = false): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (arg === '--') break;
    const name = optionName(arg);
    const what = table[name] ?? (abbreviates ? abbreviated(name, table) : undefined);
    if (what !== undefined) {
      out.push(say(name, what));
      continue;
    }
    // `-pname`, `-rmod`: a short option with its value glued on.
    if (/^-[A-Za-z]./.test(arg) && !arg.startsWith('--')) {
      const short = arg.slice(0, 2);
      if (table[short] !== undefined) out.push(say(short, table[short]!));
    }
  }
  return out;
}

/**
 * Why a simple command would run something other than what it names, in words for the card
 * ("`-x` makes git run another program"). Empty when nothing like that is seen. `cwd` is the folder
 * it runs in, relative to the project root (`.` for the root).
 */
export function runsOtherPrograms(command: SimpleCommand, cwd: string): string[] {
  const reasons: string[] = [];
  for (const a of command.assignments) {
    const why = dangerousEnv.test(a.name)
      ? 'changes which code the command loads or runs'
      : 'sets the command’s environment';
    reasons.push(say(`${a.name}=`, why));
  }
  const program = bareProgram(command.program);
  if (program === null) return reasons;
  const values = command.args.map((w: ShellWord) => w.value ?? w.source);
  const wrapper = wrappers[program];
  if (wrapper !== undefined) return [...reasons, say(program, wrapper)];
  switch (program) {
    case 'git':
      reasons.push(...gitReasons(values, cwd));
      break;
    case 'find':
      for (const v of values)
        if (findRunning.test(v)) reasons.push(say(v, 'makes find run programs, delete or write files'));
      break;
    case 'rg':
      for (const v of values) {
        const name = optionName(v);
        if (name === '--pre' || name === '--pre-glob')
          reasons.push(say(name, 'makes rg run another program on each file'));
        if (name === '--hostname-bin') reasons.push(say(name, 'makes rg run another program'));
      }
      break;
    case 'node':
      reasons.push(...nodeReasons(values));
      break;
    case 'python':
    case 'python3':
    case 'python2':
      reasons.push(...pythonReasons(values));
      break;
    case 'pytest':
    case 'py.test':
      reasons.push(...flagged(values, pytestRunning, true));
      break;
    case 'make':
    case 'gmake':
      reasons.push(...flagged(values, makeRunning, true));
      for (const v of values) {
        if (v === '--') break;
        if (!v.startsWith('-') && /^[A-Za-z_][A-Za-z0-9_.]*[:+?!]?=/.test(v))
          reasons.push(say(v.slice(0, v.indexOf('=') + 1), 'sets a make variable, which can change what make runs'));
      }
      break;
    case 'npm':
      reasons.push(...flagged(values, npmRunning, true));
      if (['exec', 'x'].includes(firstWord(values) ?? ''))
        reasons.push(say(`npm ${firstWord(values)}`, 'runs a package’s program'));
      break;
    case 'cargo':
      reasons.push(...flagged(values, cargoRunning));
      if (values[0]?.startsWith('+')) reasons.push(say(values[0], 'makes cargo run another toolchain'));
      break;
    case 'go':
      // Go's flag package reads `--exec` as `-exec`.
      reasons.push(
        ...flagged(
          values.map((v) => (v.startsWith('--') ? v.slice(1) : v)),
          goRunning,
        ),
      );
      break;
  }
  return reasons;
}

/** The first argument that is not an option. */
function firstWord(values: readonly string[]): string | undefined {
  return values.find((v) => !v.startsWith('-'));
}

function gitReasons(values: readonly string[], cwd: string): string[] {
  const reasons: string[] = [];
  // A folder below the root may hold a repository the run made, whose configuration names programs.
  if (cwd !== '.' && cwd !== '')
    reasons.push(`git in ${cwd} may read another repository’s configuration, which can name programs to run`);
  let i = 0;
  for (; i < values.length; i++) {
    const v = values[i]!;
    if (!v.startsWith('-')) break;
    const name = optionName(v);
    if (gitHarmlessGlobals.has(name)) continue;
    if (name === '-c' || name === '--config-env')
      reasons.push(say(name, 'sets git configuration, which can name programs for git to run'));
    else if (name === '-C')
      reasons.push(say('-C', 'makes git work in another repository, whose configuration can name programs'));
    else if (name === '--git-dir' || name === '--work-tree' || name === '--exec-path' || name === '--namespace')
      reasons.push(say(name, 'makes git use another repository or programs'));
    else reasons.push(say(name, 'is a git option this policy does not know'));
    // Options that take a separate value.
    if (['-c', '-C', '--git-dir', '--work-tree', '--namespace', '--config-env'].includes(v)) i++;
  }
  const sub = values[i];
  if (sub === undefined) return reasons;
  const tool = gitToolCommands[sub];
  if (tool !== undefined) reasons.push(say(`git ${sub}`, tool));
  else if (!gitCommands.has(sub)) reasons.push(say(`git ${sub}`, 'may be an alias, which can run any program'));
  reasons.push(...flagged(values.slice(i + 1), gitRunning, true));
  return reasons;
}

function nodeReasons(values: readonly string[]): string[] {
  const reasons = flagged(values, nodeRunning);
  // `node --test` runs test files; `node file.js` or `node -` runs whatever the file holds.
  const script = values.find((v) => !v.startsWith('-') || v === '-');
  if (script !== undefined && !values.includes('--test')) reasons.push(say(`node ${script}`, 'runs a script'));
  return reasons;
}

function pythonReasons(values: readonly string[]): string[] {
  const reasons: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === '-c' || v.startsWith('-c')) return [say('-c', 'makes python run code given on the line')];
    if (v === '-m' || (v.startsWith('-m') && v.length > 2)) {
      const mod = v === '-m' ? values[i + 1] : v.slice(2);
      if (mod === 'pytest') return flagged(values.slice(v === '-m' ? i + 2 : i + 1), pytestRunning, true);
      return [say(`-m ${mod ?? ''}`.trim(), 'makes python run a module')];
    }
    if (!v.startsWith('-') || v === '-') return [say(`python ${v}`, 'runs a script')];
  }
  return reasons;
}
