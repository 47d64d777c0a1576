import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';

/**
 * In a development checkout, node_modules holds better-sqlite3 built for Node (tests) and
 * scripts/native.mjs keeps an Electron build beside it; use that one. A packaged app has
 * only the Electron build, rebuilt by electron-builder, in the usual place.
 */
export function sqliteBindingForElectron(): string | undefined {
  if (app.isPackaged) return undefined;
  const path = join(
    app.getAppPath(),
    'node_modules',
    '.weft-native',
    `electron-${process.versions.electron}`,
    'better_sqlite3.node',
  );
  return existsSync(path) ? path : undefined;
}
