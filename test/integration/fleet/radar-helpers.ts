// Real repositories for the fleet git tests (radar, merge queue, reconcile).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeRepo } from '../../helpers/fixtures';

/** git in `cwd` with a test identity; stdout trimmed. */
export function g(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Weft Test', '-c', 'user.email=test@weft.invalid', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Commits `files` on `branch` (created from `from` when it does not exist) without leaving main checked out elsewhere. */
export function commitOn(repo: string, branch: string, files: Record<string, string>, from = 'main'): string {
  const current = g(repo, 'symbolic-ref', '--short', 'HEAD');
  const exists = g(repo, 'branch', '--list', branch) !== '';
  g(repo, 'checkout', '-q', ...(exists ? [branch] : ['-b', branch, from]));
  writeFiles(repo, files);
  g(repo, 'add', '-A');
  g(repo, 'commit', '-q', '-m', `change on ${branch}`);
  const tip = g(repo, 'rev-parse', 'HEAD');
  g(repo, 'checkout', '-q', current);
  return tip;
}

/** A repository whose main has `a.txt` (ten lines) and `b.txt`. */
export function fleetRepo(): string {
  const repo = makeRepo();
  writeFiles(repo, { 'a.txt': lines('a'), 'b.txt': lines('b'), 'c.txt': lines('c') });
  g(repo, 'add', '-A');
  g(repo, 'commit', '-q', '-m', 'files');
  return repo;
}

/** Ten numbered lines; `change` replaces line n (1-based). */
export function lines(tag: string, change: Record<number, string> = {}): string {
  return Array.from({ length: 10 }, (_, i) => change[i + 1] ?? `${tag} line ${i + 1}`).join('\n') + '\n';
}
