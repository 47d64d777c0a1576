import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from '../../../src/main/index';
import { FakeModelServer } from '../../doubles/fake-model';
import { tempDir } from '../../helpers/fixtures';
import { call } from '../../helpers/models';

// A backend on Weft's own waits (no timeout overrides), so a provider's settings are what decide;
// one attempt and no sleeps keep each case at the provider's 5 s.
let fake: FakeModelServer;
let backend: Backend;

beforeEach(async () => {
  fake = await FakeModelServer.start();
  backend = Backend.create({
    dataDir: join(tempDir('weft-timeouts-'), 'data'),
    host: { kind: 'browser', dropFolders: false },
    logLevel: 'info',
    validateOutputs: true,
    env: {},
    modelTiming: {
      sleep: async () => undefined,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    },
  });
});

afterEach(async () => {
  await backend.dispose();
  await fake.close();
});

async function save(input: Record<string, unknown>) {
  return call(backend, 'models.saveProvider', {
    kind: 'openai-compatible',
    flavor: 'custom',
    baseUrl: fake.openaiUrl,
    ...input,
  });
}

async function failure(id: string): Promise<{ message: string; ms: number }> {
  const started = Date.now();
  try {
    await backend.models.complete(id, { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] });
  } catch (error) {
    return { message: (error as Error).message, ms: Date.now() - started };
  }
  throw new Error('the call did not fail');
}

describe("a provider's own waits", () => {
  it('are saved, read back, and replace the defaults for that provider only', async () => {
    const first = await save({ name: 'Slow to start', firstTokenTimeoutSec: 5 });
    const idle = await save({ name: 'Stalls', idleTimeoutSec: 5 });
    expect(first).toMatchObject({ ok: true, value: { firstTokenTimeoutSec: 5, idleTimeoutSec: null } });
    expect(idle).toMatchObject({ ok: true, value: { firstTokenTimeoutSec: null, idleTimeoutSec: 5 } });
    const firstId = (first as { value: { id: string } }).value.id;
    const idleId = (idle as { value: { id: string } }).value.id;

    // Local servers default to 300 s first token and 60 s idle; these fail after 5 s.
    fake.enqueue({ text: 'late', fault: { kind: 'slow', delayMs: 30_000 } });
    const late = await failure(firstId);
    expect(late.message).toContain('within 5 s');
    expect(late.ms).toBeGreaterThanOrEqual(4500);
    expect(late.ms).toBeLessThan(15_000);

    fake.enqueue({ text: 'This answer stalls after its first piece.', fault: { kind: 'stall' } });
    const stalled = await failure(idleId);
    expect(stalled.message).toContain('for 5 s');
    expect(stalled.ms).toBeLessThan(15_000);

    // Editing without the fields keeps them; null goes back to the default.
    expect(await save({ id: firstId, name: 'Renamed' })).toMatchObject({
      ok: true,
      value: { firstTokenTimeoutSec: 5 },
    });
    expect(await save({ id: firstId, name: 'Renamed', firstTokenTimeoutSec: null })).toMatchObject({
      ok: true,
      value: { firstTokenTimeoutSec: null },
    });
  }, 30_000);

  it('refuses waits outside 5..3600 whole seconds, saying why', async () => {
    for (const [value, words] of [
      [2, 'at least 5 seconds'],
      [4000, 'at most 3600 seconds'],
      [7.5, 'whole number'],
    ] as const) {
      const reply = await save({ name: 'Bad', firstTokenTimeoutSec: value });
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect((reply as { error: { message: string } }).error.message).toContain(words);
    }
    expect(await save({ name: 'Bad', idleTimeoutSec: 0 })).toMatchObject({ ok: false });
  });
});
