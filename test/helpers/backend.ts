import { afterEach } from 'vitest';
import { Backend } from '../../src/main/index';
import type { Envelope } from '../../src/shared/ipc/errors';
import { tempDir } from './fixtures';
import { trustOpenedFolders, trustProject } from './trust';

const running: Backend[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.dispose();
});

/**
 * A real backend on a temporary data dir, disposed after the test. Folders opened through its
 * router are trusted as they open (see trustOpenedFolders) unless `trustFolders` is false.
 */
export function testBackend(dataDir = tempDir('weft-data-'), options: { trustFolders?: boolean } = {}): Backend {
  const b = Backend.create({
    dataDir,
    host: { kind: 'browser', dropFolders: false },
    logLevel: 'silent',
    validateOutputs: true,
  });
  running.push(b);
  if (options.trustFolders !== false) trustOpenedFolders(b);
  return b;
}

/** Calls a channel through the router, as a transport would. */
export function call(b: Backend, channel: string, input?: unknown): Promise<Envelope<unknown>> {
  return b.router.dispatch(channel, input, { transport: 'test' });
}

/** Calls and unwraps, failing the test with the error's code and message. */
export async function ok<T = unknown>(b: Backend, channel: string, input?: unknown): Promise<T> {
  const reply = await call(b, channel, input);
  if (!reply.ok) throw new Error(`${channel} failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

/** Opens a folder as a project and returns its id; trusted unless `trust` is false (then as it was). */
export async function openProject(b: Backend, path: string, options: { trust?: boolean } = {}): Promise<string> {
  const project = await ok<{ id: string; trust: string | null }>(b, 'projects.open', { path });
  if (options.trust !== false && project.trust === null) await trustProject(b, project.id);
  return project.id;
}
