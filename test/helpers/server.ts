import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Backend, type BackendOptions } from '../../src/main/index';
import { WeftServer } from '../../src/main/server/server';
import { tempDir } from './fixtures';
import { trustOpenedFolders } from './trust';

export interface Running {
  readonly backend: Backend;
  readonly server: WeftServer;
  stop(): Promise<void>;
}

/**
 * A real backend and browser-mode server on a free loopback port. Folders the page opens are
 * trusted as they open, so no trust prompt appears (see trustOpenedFolders), unless
 * `trustFolders` is false.
 */
export interface ServerOptions {
  readonly staticDir?: string;
  readonly dataDir?: string;
  readonly backend?: Partial<BackendOptions>;
  readonly trustFolders?: boolean;
}

export async function startServer(options: ServerOptions = {}): Promise<Running> {
  const staticDir = options.staticDir ?? fakeRenderer();
  const backend = Backend.create({
    dataDir: options.dataDir ?? tempDir('weft-data-'),
    host: { kind: 'browser', dropFolders: false },
    logLevel: 'silent',
    validateOutputs: true,
    ...options.backend,
  });
  if (options.trustFolders !== false) trustOpenedFolders(backend);
  const server = await WeftServer.start({ backend, staticDir, port: 0 });
  return {
    backend,
    server,
    async stop() {
      await server.dispose();
      await backend.dispose();
    },
  };
}

/**
 * A server for each test, started before it and stopped after: the fixtures remove every
 * temporary folder after each test, data dir included. `options` is called per test, so a
 * folder it makes belongs to that test.
 */
export function useServer(options: () => ServerOptions = () => ({})): () => Running {
  let running: Running | undefined;
  beforeEach(async () => {
    running = await startServer(options());
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  return () => {
    if (!running) throw new Error('The server runs only while a test runs');
    return running;
  };
}

function fakeRenderer(): string {
  const dir = tempDir('weft-renderer-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Weft</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}
