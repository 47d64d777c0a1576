import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'weft-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real git repository with one commit on `main`. */
export function makeRepo(name = 'repo'): string {
  const dir = join(tempDir(), name);
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  writeFileSync(join(dir, 'README.md'), '# fixture\n');
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=Weft Test', '-c', 'user.email=test@weft.invalid', ...args]);
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  return dir;
}
