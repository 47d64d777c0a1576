// Script runners: commands whose meaning lives in a file of the project. `npm test` means "run the
// tests" only while package.json says so; once the run has edited the file that defines what the
// runner runs, the allow-listed line is a different command and a person must see the change.
//
// What counts as a definition, per runner: the files that choose the program, its options, its
// plugins or its toolchain — not the code under test. Test files are code the run is expected to
// write, and running them is exactly what "run the tests" means; the OS sandbox, not this list,
// confines what they do. conftest.py is counted although it is Python code, because pytest loads
// it as a plugin that can replace how every test runs; a test file cannot do that to other tests.
// go.mod and go.work are counted because their `toolchain` line makes `go` download and run a
// different go binary; `_test.go` files are test code like any other. For git, the `.git` link of
// the worktree is its definition: pointed at a folder the run wrote, its configuration could make
// `git status` run any program (core.fsmonitor). Git never lists `.git` as a change; the run
// driver reports the changes as unknown when the link changed (RunChanges). A nested repository
// the run made is reached through a folder (`git -C sub`, cwd `sub`), which program-options asks about.
import { bareProgram, type SimpleCommand } from './shell-line';

export type Runner = 'npm' | 'node-test' | 'make' | 'pytest' | 'cargo' | 'go' | 'git';

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const named =
  (...names: string[]) =>
  (path: string) =>
    names.includes(base(path));

/** Per runner, whether a path (relative to the project root, `/`-separated) is one of its definitions. */
const definitions: Record<Runner, (path: string) => boolean> = {
  // Scripts, pre/post hooks and workspaces are in package.json; .npmrc can set script-shell and
  // node-options, and pnpm, yarn and bun read their own equivalents.
  npm: named('package.json', '.npmrc', '.yarnrc', '.yarnrc.yml', 'bunfig.toml', 'pnpm-workspace.yaml'),
  // Node reads `type` and `imports` from package.json to decide how test files load.
  'node-test': named('package.json'),
  make: (p) => named('Makefile', 'makefile', 'GNUmakefile')(p) || base(p).endsWith('.mk'),
  // `python -m pytest` puts the working folder first on sys.path, so a pytest.py there replaces pytest.
  pytest: (p) =>
    named('conftest.py', 'pytest.ini', '.pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini')(p) ||
    named('pytest.py', 'sitecustomize.py', 'usercustomize.py')(p) ||
    /(^|\/)pytest\//.test(p),
  cargo: (p) =>
    named('Cargo.toml', 'build.rs', 'rust-toolchain', 'rust-toolchain.toml')(p) ||
    /(^|\/)\.cargo\/config(\.toml)?$/.test(p),
  go: named('go.mod', 'go.work'),
  git: named('.git'),
};

/** The runner a simple command invokes, if it is one whose meaning a project file defines. */
export function runnerOf(command: SimpleCommand): Runner | null {
  const program = bareProgram(command.program);
  const args = command.args.map((w) => w.value ?? w.source);
  switch (program) {
    case 'npm':
    case 'pnpm':
    case 'yarn':
    case 'bun':
      return 'npm';
    case 'node':
      return args.includes('--test') || args.some((a) => a === '--run' || a.startsWith('--run=')) ? 'node-test' : null;
    case 'make':
    case 'gmake':
      return 'make';
    case 'pytest':
    case 'py.test':
      return 'pytest';
    case 'python':
    case 'python3':
      return args.some((a, i) => (a === '-m' && args[i + 1] === 'pytest') || a === '-mpytest') ? 'pytest' : null;
    case 'cargo':
      return 'cargo';
    case 'go':
      return 'go';
    case 'git':
      return 'git';
    default:
      return null;
  }
}

/** The files among `changed` that define what these commands run, sorted. */
export function changedDefinitions(commands: readonly SimpleCommand[], changed: ReadonlySet<string>): string[] {
  const runners = new Set(commands.map(runnerOf).filter((r): r is Runner => r !== null));
  if (runners.size === 0 || changed.size === 0) return [];
  const out = [...changed].filter((path) => [...runners].some((r) => definitions[r](path.replace(/\\/g, '/'))));
  return out.sort();
}
