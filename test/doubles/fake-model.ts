// The wire-protocol double lives in src/ so `weft dev fake-model` can bundle it; tests import it from here.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { FakeModelServer, type FakeModelOptions } from '../../src/main/models/dev/fake-model-server';

export {
  FakeModelServer,
  type Fault,
  type Script,
  type RecordedRequest,
} from '../../src/main/models/dev/fake-model-server';

/**
 * A fake model server for the test file (`per: 'file'`, started once) or a fresh one for each
 * test (`per: 'test'`, so no script or recorded request carries over), closed after.
 */
export function useFakeModel(options: FakeModelOptions = {}, per: 'file' | 'test' = 'file'): () => FakeModelServer {
  let fake: FakeModelServer | undefined;
  const [before, after] = per === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    fake = await FakeModelServer.start(options);
  });
  after(async () => {
    await fake?.close();
    fake = undefined;
  });
  return () => {
    if (!fake) throw new Error('The fake model server runs only while a test runs');
    return fake;
  };
}
