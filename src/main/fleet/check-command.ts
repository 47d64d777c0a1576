import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A check command Weft proposes for a project, and why; the user confirms it once. */
export interface CheckCommandProposal {
  readonly command: string;
  /** What was found, in words: "package.json has a test script". */
  readonly reason: string;
  /** The file that suggested it, relative to the project root. */
  readonly source: string;
}

/** What `npm init` writes as the test script: it fails on purpose, so it checks nothing. */
const NPM_PLACEHOLDER = /no test specified/i;

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function fromPackageJson(root: string): Promise<CheckCommandProposal | null> {
  const text = await readText(join(root, 'package.json'));
  if (text === null) return null;
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    // A broken package.json proposes nothing; the other detectors may still find a command.
    return null;
  }
  const test = (pkg as { scripts?: Record<string, unknown> } | null)?.scripts?.test;
  if (typeof test !== 'string' || test.trim() === '' || NPM_PLACEHOLDER.test(test)) return null;
  return { command: 'npm test', reason: `package.json has a test script (${test.trim()})`, source: 'package.json' };
}

async function fromMakefile(root: string): Promise<CheckCommandProposal | null> {
  for (const name of ['Makefile', 'makefile', 'GNUmakefile']) {
    const text = await readText(join(root, name));
    if (text === null) continue;
    for (const target of ['test', 'check']) {
      // A rule line starts the line with the target and a colon, not `:=` (a variable).
      if (new RegExp(`^${target}\\s*:(?!=)`, 'm').test(text)) {
        return { command: `make ${target}`, reason: `${name} has a "${target}" target`, source: name };
      }
    }
  }
  return null;
}

async function fromPytest(root: string): Promise<CheckCommandProposal | null> {
  if (await exists(join(root, 'pytest.ini'))) {
    return { command: 'pytest', reason: 'pytest.ini configures pytest', source: 'pytest.ini' };
  }
  const pyproject = await readText(join(root, 'pyproject.toml'));
  if (pyproject !== null && /^\[tool\.pytest\b/m.test(pyproject)) {
    return { command: 'pytest', reason: 'pyproject.toml configures pytest', source: 'pyproject.toml' };
  }
  const setupCfg = await readText(join(root, 'setup.cfg'));
  if (setupCfg !== null && /^\[tool:pytest\]/m.test(setupCfg)) {
    return { command: 'pytest', reason: 'setup.cfg configures pytest', source: 'setup.cfg' };
  }
  const python = pyproject !== null || setupCfg !== null || (await exists(join(root, 'setup.py')));
  if (python && (await exists(join(root, 'tests')))) {
    return { command: 'pytest', reason: 'a Python project with a tests folder', source: 'tests' };
  }
  return null;
}

async function fromCargo(root: string): Promise<CheckCommandProposal | null> {
  if (!(await exists(join(root, 'Cargo.toml')))) return null;
  return { command: 'cargo test', reason: 'Cargo.toml: a Rust project', source: 'Cargo.toml' };
}

async function fromGo(root: string): Promise<CheckCommandProposal | null> {
  if (!(await exists(join(root, 'go.mod')))) return null;
  return { command: 'go test ./...', reason: 'go.mod: a Go module', source: 'go.mod' };
}

/**
 * Proposes the command that validates a task in a project folder, or null when nothing says.
 * The order is the most explicit first: a script the authors wrote (package.json, Makefile)
 * over a tool's convention. Reads files only; never runs anything from the repository.
 */
export async function detectCheckCommand(root: string): Promise<CheckCommandProposal | null> {
  for (const detect of [fromPackageJson, fromMakefile, fromPytest, fromCargo, fromGo]) {
    const found = await detect(root);
    if (found) return found;
  }
  return null;
}
