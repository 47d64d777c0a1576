import type { FakeModelServer } from '../doubles/fake-model';
import { rendererDir } from './browser';
import { call } from './models';
import { startServer, type Running } from './server';

/** Browser mode over a fresh data dir, with a scripted model double added as a provider. */
export async function serveWithScriptedModel(model: FakeModelServer, name = 'Scripted model'): Promise<Running> {
  const running = await startServer({
    staticDir: rendererDir,
    backend: { env: {}, modelTiming: { sleep: async () => undefined } },
  });
  const saved = await call(running.backend, 'models.saveProvider', {
    kind: 'openai-compatible',
    flavor: 'custom',
    name,
    baseUrl: model.openaiUrl,
    toolMode: 'native',
  });
  if (!saved.ok) throw new Error(saved.error.message);
  return running;
}
