import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectCheckCommand } from '../../../src/main/fleet/check-command';
import { loadEnvironment } from '../../../src/main/fleet/environment';
import { tempDir } from '../../helpers/fixtures';

/** A project folder with these files. */
function project(files: Record<string, string>): string {
  const root = tempDir('weft-check-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('check command detection', () => {
  it('proposes npm test for a package.json test script, and says why', async () => {
    const root = project({ 'package.json': JSON.stringify({ scripts: { test: 'vitest run' } }) });
    expect(await detectCheckCommand(root)).toEqual({
      command: 'npm test',
      reason: 'package.json has a test script (vitest run)',
      source: 'package.json',
    });
  });

  it("skips npm's placeholder script and falls through to the next clue", async () => {
    const root = project({
      'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
      Makefile: 'CHECK := yes\ncheck: build\n\t./run-checks\n',
    });
    expect(await detectCheckCommand(root)).toMatchObject({ command: 'make check', source: 'Makefile' });
  });

  it('prefers a Makefile test target to check, and ignores a variable named test', async () => {
    expect(await detectCheckCommand(project({ Makefile: 'check:\n\ttrue\ntest: all\n\ttrue\n' }))).toMatchObject({
      command: 'make test',
    });
    expect(await detectCheckCommand(project({ Makefile: 'test := 1\nall:\n\ttrue\n' }))).toBeNull();
  });

  it('finds pytest from its config or a Python project with a tests folder', async () => {
    expect(await detectCheckCommand(project({ 'pytest.ini': '[pytest]\n' }))).toMatchObject({ command: 'pytest' });
    expect(
      await detectCheckCommand(project({ 'pyproject.toml': '[project]\nname="x"\n\n[tool.pytest.ini_options]\n' })),
    ).toMatchObject({ command: 'pytest', source: 'pyproject.toml' });
    expect(await detectCheckCommand(project({ 'setup.cfg': '[tool:pytest]\naddopts = -q\n' }))).toMatchObject({
      source: 'setup.cfg',
    });
    expect(
      await detectCheckCommand(project({ 'setup.py': 'from setuptools import setup\n', 'tests/test_a.py': '' })),
    ).toMatchObject({ command: 'pytest', reason: 'a Python project with a tests folder' });
  });

  it('finds cargo and go, and proposes nothing for a folder without clues', async () => {
    expect(await detectCheckCommand(project({ 'Cargo.toml': '[package]\nname = "x"\n' }))).toMatchObject({
      command: 'cargo test',
    });
    expect(await detectCheckCommand(project({ 'go.mod': 'module example.com/x\n' }))).toMatchObject({
      command: 'go test ./...',
    });
    expect(await detectCheckCommand(project({ 'README.md': '# x\n', 'package.json': '{ broken' }))).toBeNull();
  });
});

describe('.weft/environment.json on disk', () => {
  it('gives the defaults without a file and names the field of a bad one', async () => {
    expect(await loadEnvironment(project({}))).toEqual({ portsPerTask: 10 });
    const good = project({ '.weft/environment.json': '{"setup": "npm ci", "portsPerTask": 4}' });
    expect(await loadEnvironment(good)).toEqual({ setup: 'npm ci', portsPerTask: 4 });
    const bad = project({ '.weft/environment.json': '{"env": {"1X": "y"}}' });
    await expect(loadEnvironment(bad)).rejects.toThrow('.weft/environment.json: env.1X: an environment variable name');
  });
});
