import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Backend, type BackendOptions } from '../../src/main/index';
import type { LocalPorts } from '../../src/main/models/local/detect';
import { FakeModelServer } from '../doubles/fake-model';
import { tempDir } from './fixtures';
import { trustOpenedFolders } from './trust';

/**
 * A real backend whose model calls retry instantly and time out quickly. Folders it opens are
 * trusted (see trustOpenedFolders) unless `trustFolders` is false.
 */
export function modelBackend(
  options: {
    env?: Record<string, string>;
    dataDir?: string;
    localModelPorts?: LocalPorts;
    unattended?: boolean;
    trustFolders?: boolean;
    sandbox?: BackendOptions['sandbox'];
  } = {},
): { backend: Backend; dataDir: string } {
  const dataDir = options.dataDir ?? join(tempDir('weft-models-'), 'data');
  const backend = Backend.create({
    dataDir,
    host: { kind: 'browser', dropFolders: false },
    logLevel: 'info',
    validateOutputs: true,
    env: options.env ?? {},
    modelTiming: {
      firstTokenTimeoutMs: 2000,
      localFirstTokenTimeoutMs: 2000,
      idleTimeoutMs: 2000,
      sleep: async () => undefined,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 60_000 },
    },
    ...(options.localModelPorts ? { localModelPorts: options.localModelPorts } : {}),
    ...(options.unattended ? { unattended: true } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
  });
  if (options.trustFolders !== false) trustOpenedFolders(backend);
  return { backend, dataDir };
}

/** Calls a request channel through the router, as a renderer would; returns the envelope. */
export function call(backend: Backend, channel: string, input?: unknown) {
  return backend.router.dispatch(channel, input, { transport: 'test' });
}

/** Adds an OpenAI-compatible provider pointing at a double; returns its id. */
export async function addLocalProvider(
  backend: Backend,
  baseUrl: string,
  toolMode: 'auto' | 'native' | 'text' = 'auto',
): Promise<string> {
  const reply = await call(backend, 'models.saveProvider', {
    kind: 'openai-compatible',
    flavor: 'custom',
    name: 'Local double',
    baseUrl,
    toolMode,
  });
  if (!reply.ok) throw new Error(reply.error.message);
  return (reply.value as { id: string }).id;
}

/**
 * The usual setup of a models test: a fake provider started before each test, and a backend
 * (opened by the test, with its own env) disposed after it together with the fake.
 */
export function useModelFixture() {
  const opened: Backend[] = [];
  const fixture = {
    fake: undefined as unknown as FakeModelServer,
    backend: undefined as unknown as Backend,
    dataDir: '',
    /** A backend over `options`; the data dir is kept for a later reopen. */
    open(options: Parameters<typeof modelBackend>[0] = {}): Backend {
      const made = modelBackend(options);
      opened.push(made.backend);
      fixture.backend = made.backend;
      fixture.dataDir = made.dataDir;
      return made.backend;
    },
    /** A fresh backend that sees only `env` as its environment. */
    start(env: Record<string, string> = {}): Backend {
      return fixture.open({ env });
    },
    /** Registers the fake as an OpenAI-compatible local provider and returns its id. */
    addLocal(toolMode: 'auto' | 'native' | 'text' = 'auto'): Promise<string> {
      return addLocalProvider(fixture.backend, fixture.fake.openaiUrl, toolMode);
    },
  };
  beforeEach(async () => {
    fixture.fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    for (const b of opened.splice(0)) await b.dispose();
    await fixture.fake.close();
  });
  return fixture;
}
