#!/usr/bin/env node
// Runs a benchmark written in TypeScript through Vite's SSR loader, so it imports the app's
// own modules exactly as the build sees them (import.meta.glob for migrations included).
import { resolve } from 'node:path';
import { createServer } from 'vite';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/run.mjs <bench.ts> [args]\n');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(file), ...rest];
const server = await createServer({
  configFile: false,
  logLevel: 'error',
  server: { middlewareMode: true, hmr: false, ws: false },
  appType: 'custom',
  optimizeDeps: { noDiscovery: true, include: [] },
  // Dependencies load through Node as they do in the built app, not through Vite's transform.
  ssr: { external: ['@xterm/headless', '@xterm/addon-serialize'] },
});
try {
  const mod = await server.ssrLoadModule(resolve(file));
  await mod.default();
} finally {
  await server.close();
}
