#!/usr/bin/env node
// Keeps the native modules loadable by whoever runs them, with no manual step:
//   node scripts/native.mjs node      before tests and browser mode (Node's ABI, in place)
//   node scripts/native.mjs electron  before the desktop app (Electron's ABI, side by side)
// The Electron build of better-sqlite3 is kept in node_modules/.weft-native/electron-<version>/
// and loaded there by the desktop app (see src/main/electron/native.ts), so switching between
// `npm test` and `npm start` never rebuilds anything twice.
// node-pty needs no second copy: it is a Node-API addon (node-addon-api), whose ABI is the same
// in Node and in Electron, so the Node build serves both. The probe below still loads it in
// Electron, so a build that does not load there is caught before the app starts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, electronVersion } from './lib/electron.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2];
const modules = ['better-sqlite3', 'node-pty'];
const probe = "new (require('better-sqlite3'))(':memory:').close(); require('node-pty');";

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: false,
  });
  return result.status === 0;
}

function loads(executable, env = {}) {
  const result = spawnSync(executable, ['-e', probe], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  return { ok: result.status === 0, why: (result.stderr ?? '').split('\n').find((l) => /Error|error:/.test(l)) ?? '' };
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function ensureNode() {
  const first = loads(process.execPath);
  if (first.ok) return;
  process.stdout.write(`weft: rebuilding native modules for Node ${process.version} (${first.why.trim()})\n`);
  if (!run(npm, ['rebuild', ...modules]) || !loads(process.execPath).ok) {
    process.stderr.write('weft: native modules do not load in Node; see "Native modules" in README.md\n');
    process.exit(1);
  }
}

/** Path of the Electron build of better-sqlite3 for this Electron version. */
function electronSqlitePath(version) {
  return join(root, 'node_modules', '.weft-native', `electron-${version}`, 'better_sqlite3.node');
}

function ensureElectron() {
  const binary = electronBinary(root);
  if (!binary.path) {
    process.stderr.write(`weft: cannot prepare native modules for Electron: ${binary.reason}\n`);
    process.exit(1);
  }
  const version = electronVersion(root);
  const cached = electronSqlitePath(version);
  if (existsSync(cached)) return;
  process.stdout.write(`weft: building native modules for Electron ${version} (once per version)\n`);
  // electron-builder rebuilds in place for Electron; keep a copy, then restore Node's build.
  const built =
    run(process.execPath, [join(root, 'node_modules', 'electron-builder', 'cli.js'), 'install-app-deps']) &&
    loads(binary.path, { ELECTRON_RUN_AS_NODE: '1' }).ok;
  if (built) {
    mkdirSync(dirname(cached), { recursive: true });
    copyFileSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), cached);
  }
  run(npm, ['rebuild', ...modules]);
  if (!built) {
    process.stderr.write('weft: rebuilding native modules for Electron failed; see "Native modules" in README.md\n');
    process.exit(1);
  }
}

if (target === 'node') ensureNode();
else if (target === 'electron') ensureElectron();
else {
  process.stderr.write('usage: node scripts/native.mjs node|electron\n');
  process.exit(2);
}
