import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { WalkedFile } from '../search/walker';
import type { IgnoreRules } from './ignore-rules';
import type { PathGuard } from './path-guard';
import { openDir } from './verified-fs';

/**
 * The search walker's rules (ignored and excluded paths skipped, links not followed), with each
 * folder listed from a checked descriptor: a folder swapped for a link to elsewhere mid-walk is
 * refused, not listed, so not even the names of outside files reach a model. The files yielded
 * are names; whoever reads one opens it through verified-fs.
 */
export async function* walkVerified(
  guard: PathGuard,
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
      // No realpath first: the descriptor check is the one that holds, and it is cheaper.
      const opened = await openDir(guard, join(guard.root, dir), dir || '.');
      try {
        entries = await readdir(opened.path, { withFileTypes: true });
      } finally {
        await opened.close();
      }
    } catch {
      // A folder that vanished, cannot be read or now leads outside is skipped, not fatal.
      continue;
    }
    for (const entry of entries) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!rules.isIgnored(path, true)) stack.push(path);
      } else if (entry.isFile() && !rules.isIgnored(path, false)) {
        yield { path, abs: join(guard.root, path) };
      }
    }
  }
}
