import { describe, expect, it } from 'vitest';
import { requestChannels, type RequestChannel } from '../../src/shared/ipc/contract';
import { WeftError } from '../../src/shared/ipc/errors';
import { Router, type Handlers } from '../../src/main/ipc/router';
import { LogService } from '../../src/main/logging/logger';

/** A handler table whose every entry records that it ran; the fuzz test proves none did. */
function recordingHandlers(calls: string[]): Handlers {
  const handlers: Record<string, unknown> = {};
  for (const { channel } of requestChannels) {
    handlers[channel] = () => {
      calls.push(channel);
      return null;
    };
  }
  return handlers as Handlers;
}

const log = new LogService({ level: 'silent' }).logger;

describe('Router', () => {
  it('runs the handler with parsed input and wraps the value', async () => {
    const calls: string[] = [];
    const handlers = recordingHandlers(calls);
    handlers['logs.recent'] = ({ limit }) => [{ time: 1, level: 'info', msg: `limit ${limit}` }];
    const router = new Router(handlers, log, { validateOutputs: true });
    const reply = await router.dispatch('logs.recent', { limit: 3 }, { transport: 'test' });
    expect(reply).toEqual({ ok: true, value: [{ time: 1, level: 'info', msg: 'limit 3' }] });
  });

  it('answers an unknown channel with unknown_channel, including prototype names', async () => {
    const router = new Router(recordingHandlers([]), log);
    for (const channel of ['nope.nothing', 'projects', '__proto__.x', 'projects.constructor', 'toString.call', '']) {
      const reply = await router.dispatch(channel, undefined, { transport: 'test' });
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('unknown_channel');
    }
  });

  it('refuses an event channel as a request', async () => {
    const reply = await new Router(recordingHandlers([]), log).dispatch('settings.changed', {}, { transport: 'test' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('turns a WeftError into its code and message', async () => {
    const handlers = recordingHandlers([]);
    handlers['projects.open'] = () => {
      throw new WeftError('path_not_found', 'There is no folder at /x.');
    };
    const reply = await new Router(handlers, log).dispatch('projects.open', { path: '/x' }, { transport: 'test' });
    expect(reply).toEqual({ ok: false, error: { code: 'path_not_found', message: 'There is no folder at /x.' } });
  });

  it('hides an unexpected exception behind "internal" with no stack trace', async () => {
    const handlers = recordingHandlers([]);
    handlers['projects.recent'] = () => {
      throw new TypeError('secret internals at /home/me/file.ts:12');
    };
    const reply = await new Router(handlers, log).dispatch('projects.recent', undefined, { transport: 'test' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('internal');
      expect(reply.error.message).not.toMatch(/secret|file\.ts|at /);
    }
  });

  it('reports a handler result outside the contract when outputs are validated', async () => {
    const handlers = recordingHandlers([]);
    handlers['projects.recent'] = () => [{ id: 1 }] as never;
    const reply = await new Router(handlers, log, { validateOutputs: true }).dispatch('projects.recent', undefined, {
      transport: 'test',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('rejects 1,000 random malformed payloads with invalid_input, never calling a handler', async () => {
    const calls: string[] = [];
    const router = new Router(recordingHandlers(calls), log);
    const random = seeded(42);
    // Channels whose input is an object with required fields: any non-matching payload must fail.
    const strict: RequestChannel[] = [
      'projects.open',
      'projects.forget',
      'projects.initGit',
      'logs.recent',
      'app.openExternal',
    ];
    const codes = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const channel = strict[i % strict.length]!;
      const payload = malformed(random, i);
      const reply = await router.dispatch(channel, payload, { transport: 'test' });
      expect(reply.ok, `${channel} accepted ${JSON.stringify(payload)}`).toBe(false);
      if (!reply.ok) codes.add(reply.error.code);
    }
    expect([...codes]).toEqual(['invalid_input']);
    expect(calls).toEqual([]);
  });

  it('rejects extra keys in a settings patch instead of storing them', async () => {
    const calls: string[] = [];
    const router = new Router(recordingHandlers(calls), log);
    const reply = await router.dispatch('settings.update', { theme: 'dark', evil: true }, { transport: 'test' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(calls).toEqual([]);
  });
});

/** A small deterministic PRNG, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Payloads that break the contract in many ways: wrong types, missing fields, NUL bytes, huge values. */
function malformed(random: () => number, i: number): unknown {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const junk = () =>
    pick<unknown>([
      null,
      true,
      42,
      -1,
      1.5,
      'x'.repeat(5000),
      '',
      'a\0b',
      [],
      [1, 2],
      {},
      { nested: { deep: [] } },
      Number.NaN,
      'javascript:alert(1)',
      'ftp://example.com',
    ]);
  switch (i % 8) {
    case 0:
      return junk();
    case 1:
      return { path: pick([null, 1, '', 'a\0b', 'x'.repeat(5000), [], {}]) };
    case 2:
      return { id: pick(['', 'short', '../../etc', 'x'.repeat(100), 7, null]) };
    case 3:
      return { limit: pick([0, -5, 1001, 2.5, '10', null]) };
    case 4:
      return { url: pick(['javascript:alert(1)', 'file:///etc/passwd', 'not a url', '', 5]) };
    case 5:
      return undefined;
    case 6:
      return [junk()];
    default:
      return { [`k${Math.floor(random() * 1000)}`]: junk() };
  }
}
