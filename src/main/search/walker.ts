import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { IgnoreRules } from '../files/ignore-rules';

/** A file found by the walker: project-relative path and absolute path. */
export interface WalkedFile {
  readonly path: string;
  readonly abs: string;
}

/**
 * Every file of the project that search should see: not excluded, not ignored by git,
 * not inside .git, symlinks not followed (they may point outside the project). `start` is a
 * project-relative folder to walk instead of the whole project.
 */
export async function* walkProject(
  root: string,
  rules: IgnoreRules,
  signal?: AbortSignal,
  start = '',
): AsyncGenerator<WalkedFile> {
  const stack: string[] = [start];
  while (stack.length > 0) {
    if (signal?.aborted) return;
    const dir = stack.pop()!;
    await rules.prepare(dir);
    let entries;
    try {
      entries = await readdir(join(root, dir), { withFileTypes: true });
    } catch {
      // A folder that vanished or cannot be read mid-walk is skipped, not fatal.
      continue;
    }
    for (const entry of entries) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!rules.isIgnored(path, true)) stack.push(path);
      } else if (entry.isFile() && !rules.isIgnored(path, false)) {
        yield { path, abs: join(root, path) };
      }
    }
  }
}
