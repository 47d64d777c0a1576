import { readdirSync, readFileSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeModelServer } from '../../doubles/fake-model';
import { call, useModelFixture } from '../../helpers/models';

const m = useModelFixture();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

const nonLoopbackIPv4 = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('offline mode', () => {
  it('refuses a non-loopback host before any I/O, naming it, and allows it again when off', async () => {
    if (!nonLoopbackIPv4) return; // needs an address of this machine that is not loopback
    const remote = await FakeModelServer.start({ host: nonLoopbackIPv4 });
    try {
      m.start();
      const saved = await call(m.backend, 'models.saveProvider', {
        kind: 'openai-compatible',
        name: 'Gateway',
        baseUrl: `http://${nonLoopbackIPv4}:${remote.port}/v1`,
      });
      const id = (saved as { value: { id: string } }).value.id;
      await call(m.backend, 'settings.update', { models: { offline: true } });
      for (const [channel, input] of [
        ['models.ask', { providerId: id, model: 'm', prompt: 'hi' }],
        ['models.testConnection', { id }],
        ['models.probeModel', { id, model: 'm' }],
      ] as const) {
        const reply = await call(m.backend, channel, input);
        expect(reply).toMatchObject({ ok: false, error: { code: 'offline_blocked' } });
        expect((reply as { error: { message: string } }).error.message).toContain(`${nonLoopbackIPv4}:${remote.port}`);
      }
      expect(remote.requests).toHaveLength(0);

      await call(m.backend, 'settings.update', { models: { offline: false } });
      expect(await call(m.backend, 'models.ask', { providerId: id, model: 'm', prompt: 'hi' })).toMatchObject({
        ok: true,
      });
      expect(remote.calls).toHaveLength(1);
    } finally {
      await remote.close();
    }
  });

  it('refuses the hosted APIs by name and keeps a local server working', async () => {
    m.start({ ANTHROPIC_API_KEY: 'sk-ant-env-000000000000000000' });
    await call(m.backend, 'settings.update', { models: { offline: true } });
    const blocked = await call(m.backend, 'models.ask', {
      providerId: 'anthropic',
      model: 'claude-sonnet-4-6',
      prompt: 'hi',
    });
    expect(blocked).toMatchObject({
      ok: false,
      error: { code: 'offline_blocked', message: expect.stringContaining('api.anthropic.com') },
    });
    const id = await m.addLocal();
    m.fake.enqueue({ text: 'Local and offline.' });
    expect(await call(m.backend, 'models.ask', { providerId: id, model: 'qwen', prompt: 'hi' })).toMatchObject({
      ok: true,
      value: { text: 'Local and offline.', costUsd: 0 },
    });
  });
});

describe('API keys', () => {
  const planted = 'sk-ant-PLANTED-9f3k2LmQx7Vb1Nc8Zr4Tw6Yh';

  it('stores keys encrypted, shows them masked, and never writes them to logs, events, errors or the database', async () => {
    const keyed = await FakeModelServer.start({ apiKey: planted });
    try {
      m.start();
      const events: string[] = [];
      m.backend.events.subscribe((channel, payload) => events.push(JSON.stringify({ channel, payload })));
      const saved = await call(m.backend, 'models.saveProvider', {
        id: 'anthropic',
        kind: 'anthropic',
        name: 'Anthropic',
        baseUrl: keyed.anthropicUrl,
        apiKey: planted,
      });
      expect(saved).toMatchObject({
        ok: true,
        value: { keySource: 'stored', keyHint: '••••Yh'.replace('Yh', planted.slice(-4)) },
      });
      const listed = await call(m.backend, 'models.providers');

      // Round trip: the decrypted key reaches the provider.
      keyed.enqueue({ text: 'authorised' });
      expect(
        await call(m.backend, 'models.ask', { providerId: 'anthropic', model: 'claude-haiku-4-5', prompt: 'hi' }),
      ).toMatchObject({
        ok: true,
        value: { text: 'authorised' },
      });

      // A wrong key: the server echoes it back in its error, as real APIs do; Weft must not pass it on.
      const wrong = 'sk-ant-WRONG-aaaaaaaaaaaaaaaaaaaaaaaa';
      await call(m.backend, 'models.saveProvider', {
        id: 'anthropic',
        kind: 'anthropic',
        name: 'Anthropic',
        apiKey: wrong,
      });
      const refused = await call(m.backend, 'models.ask', {
        providerId: 'anthropic',
        model: 'claude-haiku-4-5',
        prompt: 'hi',
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'model_auth_failed' } });
      expect(JSON.stringify(refused)).not.toContain(wrong);
      // Put the planted key back so it is the one at rest.
      await call(m.backend, 'models.saveProvider', {
        id: 'anthropic',
        kind: 'anthropic',
        name: 'Anthropic',
        apiKey: planted,
      });
      expect(JSON.stringify(listed)).not.toContain(planted);
      expect(events.join('\n')).not.toContain(planted);
      await m.backend.dispose();

      const keyFile = join(m.dataDir, 'secret.key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const files = filesUnder(m.dataDir);
      expect(files.some((f) => f.endsWith('weft.db'))).toBe(true);
      expect(files.some((f) => f.endsWith('weft.log'))).toBe(true);
      for (const file of files) {
        const bytes = readFileSync(file);
        expect(bytes.includes(planted), file).toBe(false);
        expect(bytes.includes(wrong), file).toBe(false);
      }

      // A fresh start decrypts the stored key again.
      m.open({ dataDir: m.dataDir });
      keyed.enqueue({ text: 'still authorised' });
      expect(
        await call(m.backend, 'models.ask', { providerId: 'anthropic', model: 'claude-haiku-4-5', prompt: 'hi' }),
      ).toMatchObject({
        ok: true,
        value: { text: 'still authorised' },
      });
    } finally {
      await keyed.close();
    }
  });

  it('picks up ANTHROPIC_API_KEY and OPENAI_API_KEY from the environment', async () => {
    m.start({ ANTHROPIC_API_KEY: 'sk-ant-from-env-1111111111111', OPENAI_API_KEY: 'sk-openai-env-2222222222222' });
    const listed = (await call(m.backend, 'models.providers')) as {
      value: { id: string; keySource: string; keyHint: string }[];
    };
    expect(listed.value.filter((p) => p.id === 'anthropic' || p.id === 'openai')).toEqual([
      expect.objectContaining({ id: 'anthropic', keySource: 'env', keyHint: '••••1111' }),
      expect.objectContaining({ id: 'openai', keySource: 'env', keyHint: '••••2222' }),
    ]);
    await call(m.backend, 'models.saveProvider', {
      id: 'openai',
      kind: 'openai',
      name: 'OpenAI',
      baseUrl: m.fake.openaiUrl,
    });
    await call(m.backend, 'models.ask', { providerId: 'openai', model: 'gpt-4o-mini', prompt: 'hi' });
    expect(m.fake.calls[0]!.headers.authorization).toBe('Bearer sk-openai-env-2222222222222');
  });

  it('asks for a key instead of calling a hosted API without one', async () => {
    m.start();
    const reply = await call(m.backend, 'models.ask', { providerId: 'openai', model: 'gpt-4o', prompt: 'hi' });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'model_auth_failed', message: expect.stringContaining('OPENAI_API_KEY') },
    });
  });
});
