// Finding and fetching the Electron runtime without `require('electron')`, which would
// start a download as a side effect of merely asking where the binary is.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the Electron executable is, or why there is none.
 * @param {string} root the repository root
 * @returns {{ path: string } | { path: null, reason: string }}
 */
export function electronBinary(root) {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(pkg)) return { path: null, reason: 'the electron package is not installed (run npm install)' };
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { path: null, reason: 'the Electron runtime has not been downloaded' };
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { path: null, reason: `the Electron runtime is missing at ${binary}` };
  return { path: binary };
}

/** The Electron version the project pins, from its package. */
export function electronVersion(root) {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/**
 * Downloads the runtime with Electron's own installer. Returns null on success, else
 * one line saying why (the installer prints a stack trace; nobody needs to read it).
 * @param {string} root
 * @returns {string | null}
 */
export function installElectron(root) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (result.status === 0 && electronBinary(root).path) return null;
  if (result.error) return result.error.message;
  const firstLine = `${result.stderr ?? ''}${result.stdout ?? ''}`
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at '));
  return firstLine ?? `the installer exited with code ${result.status}`;
}
