#!/usr/bin/env node
// `npm start`: build if the sources changed, then start the desktop app. Where the Electron
// runtime cannot be had (offline, firewalled, no display), say so in one line and start
// browser mode instead. `npm run serve` (--browser) goes straight to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, installElectron } from './lib/electron.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const browserOnly = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const marker = join(root, 'out', 'main', 'cli.js');
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < newestMtime(join(root, 'src'));
  if (!stale) return;
  process.stdout.write('weft: building…\n');
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) {
    process.stderr.write('weft: the build failed (see above).\n');
    process.exit(1);
  }
}

function native(target) {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'native.mjs'), target], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function startBrowserMode(why) {
  if (why) process.stdout.write(`weft: ${why}; starting browser mode instead.\n`);
  native('node');
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'serve', ...passThrough], {
    cwd: root,
    stdio: 'inherit',
  });
  forward(child);
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Why Electron cannot run here, or null when it can. */
function electronUnavailable() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no graphical display is available';
  }
  if (electronBinary(root).path) return null;
  process.stdout.write('weft: downloading the Electron runtime (first start only)…\n');
  const failure = installElectron(root);
  return failure ? `the Electron runtime could not be downloaded (${failure})` : null;
}

ensureBuilt();
if (browserOnly) {
  startBrowserMode(null);
} else {
  const why = electronUnavailable();
  if (why) {
    startBrowserMode(why);
  } else {
    native('electron');
    const binary = electronBinary(root).path;
    const child = spawn(binary, [root, ...passThrough], { cwd: root, stdio: 'inherit' });
    forward(child);
  }
}
