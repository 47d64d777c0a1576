import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../src/main/index';
import { parseMcpConfig } from '../../src/main/mcp/core/import-config';
import type { Envelope } from '../../src/shared/ipc/errors';
import { FakeModelServer } from '../doubles/fake-model';
import type { RunView } from '../../src/shared/domain/agent';
import { waitForStatus } from '../helpers/agent';
import { makeRepo, tempDir } from '../helpers/fixtures';
import { waitForServer } from '../helpers/mcp';
import { trustProject } from '../helpers/trust';

/**
 * Plants a distinct secret in every kind of field Weft holds one, makes each come back in an error
 * (servers that echo what they were sent), then reads everything that left main or reached disk:
 * every reply, every event, every log file, and every byte of the data dir (the SQLite file and
 * its WAL included). None of the planted values may appear anywhere.
 *
 * The values are deliberately not credential-shaped (no `sk-` prefix, no `Bearer` next to them in
 * the echoes' JSON), so only registration, not the pattern fallback, can hide them.
 */
const planted = {
  storedProviderKey: 'plantStoredProvider7d41c9e2b8',
  envProviderKey: 'plantEnvAnthropic5a0f3c7e91d2',
  stdioEnvValue: 'plantStdioEnvValue0c6b2e94f7',
  bearerToken: 'plantBearerToken3e8d1a6f0b54',
  pairSession: 'plantPairSession9b2c7e4a1d60',
  pairSignature: 'plantPairSignature4f1e8c3b7a25',
  basicPassword: 'plantBasicPassword6e2a9d0c4b18',
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** An HTTP "MCP server" on loopback that fails every request with 500 and echoes what it was sent. */
async function echoingHttpServer(): Promise<string> {
  const server: Server = createServer((req, res) => {
    const basic = /^Basic (\S+)/.exec(String(req.headers['x-upstream-auth'] ?? ''));
    const decoded = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : '';
    req.resume();
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`upstream refused you; you sent ${JSON.stringify(req.headers)} (credentials ${decoded})`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

/** A stdio "MCP server" that prints its whole environment to stderr and exits. */
function envDumpingServer(): { command: string; args: string[] } {
  const file = join(tempDir('weft-secrets-stdio-'), 'dump-env.mjs');
  writeFileSync(file, 'process.stderr.write(JSON.stringify(process.env) + "\\n");\nprocess.exit(3);\n');
  return { command: process.execPath, args: [file] };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets never come back', () => {
  it('no planted secret appears in any reply, event, log line or database page', async () => {
    const dataDir = join(tempDir('weft-secrets-'), 'data');
    const backend = Backend.create({
      dataDir,
      host: { kind: 'browser', dropFolders: false },
      logLevel: 'debug',
      validateOutputs: true,
      env: { ANTHROPIC_API_KEY: planted.envProviderKey },
      modelTiming: {
        firstTokenTimeoutMs: 2000,
        localFirstTokenTimeoutMs: 2000,
        idleTimeoutMs: 2000,
        sleep: async () => undefined,
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      },
      mcpTiming: {
        restart: { baseMs: 50, maxMs: 100, maxFailures: 2, stableMs: 60_000 },
        startTimeoutMs: 5000,
      },
    });
    let disposed = false;
    closers.push(async () => {
      if (!disposed) await backend.dispose();
    });

    const seen: string[] = [];
    backend.events.subscribe((channel, payload) => seen.push(`event ${channel}: ${JSON.stringify(payload)}`));
    // Streamed text is read as the UI reads it: the pieces of one entry joined.
    const streams = new Map<string, string>();
    backend.events.subscribe((channel, payload) => {
      if (channel !== 'agent.delta') return;
      const { runId, seq, text } = payload as { runId: string; seq: number; text: string };
      streams.set(`${runId}:${seq}`, (streams.get(`${runId}:${seq}`) ?? '') + text);
    });
    const call = async (channel: string, input?: unknown): Promise<Envelope<unknown>> => {
      const reply = await backend.router.dispatch(channel, input, { transport: 'test' });
      seen.push(`reply ${channel}: ${JSON.stringify(reply)}`);
      return reply;
    };

    // A provider whose key is stored through the contract; its server echoes the key back, both
    // in an error body and in an answer.
    const stored = await FakeModelServer.start({ apiKey: planted.storedProviderKey });
    closers.push(() => stored.close());
    const saved = await call('models.saveProvider', {
      kind: 'openai-compatible',
      flavor: 'custom',
      name: 'Echoing double',
      baseUrl: stored.openaiUrl,
      apiKey: planted.storedProviderKey,
    });
    expect(saved.ok).toBe(true);
    const providerId = (saved as { value: { id: string } }).value.id;
    stored.enqueue(
      { fault: { kind: 'status', status: 500, message: `internal error for key ${planted.storedProviderKey}` } },
      { fault: { kind: 'status', status: 500, message: `internal error for key ${planted.storedProviderKey}` } },
    );
    const failedAsk = await call('models.ask', { providerId, model: 'fake-model', prompt: 'hello' });
    expect(failedAsk.ok).toBe(false);

    // The built-in Anthropic provider with its key from the environment, pointed at a double that
    // expects another key: its 401 echoes the one it was given, as real APIs do.
    const wrong = await FakeModelServer.start({ apiKey: 'the-key-the-double-wants' });
    closers.push(() => wrong.close());
    await call('models.saveProvider', {
      id: 'anthropic',
      kind: 'anthropic',
      name: 'Anthropic',
      baseUrl: wrong.anthropicUrl,
    });
    const envTest = await call('models.testConnection', { id: 'anthropic' });
    const envAsk = await call('models.ask', { providerId: 'anthropic', model: 'fake-model', prompt: 'hi' });
    expect(envAsk.ok).toBe(false);
    expect(JSON.stringify([envTest, envAsk])).toContain('[redacted]');

    // An HTTP MCP server with a bearer token, `name=value;` pairs and Basic credentials in its headers.
    const url = await echoingHttpServer();
    const basic = Buffer.from(`robot-account:${planted.basicPassword}`).toString('base64');
    const http = await call('mcp.save', {
      name: 'echoing-http',
      projectId: null,
      transport: {
        type: 'http',
        url,
        headers: {
          Authorization: `Bearer ${planted.bearerToken}`,
          'X-Session': `sid=${planted.pairSession}; sig=${planted.pairSignature};`,
          'X-Upstream-Auth': `Basic ${basic}`,
        },
      },
      enabled: true,
    });
    expect(http.ok).toBe(true);
    // A stdio MCP server with a secret in its environment, which it prints to stderr.
    const stdio = await call('mcp.save', {
      name: 'env-dumper',
      projectId: null,
      transport: { type: 'stdio', ...envDumpingServer(), env: { UPSTREAM_TOKEN: planted.stdioEnvValue } },
      enabled: true,
    });
    expect(stdio.ok).toBe(true);
    const httpState = await waitForServer(backend, 'echoing-http', (s) => s.status === 'failed');
    const stdioState = await waitForServer(backend, 'env-dumper', (s) => s.status === 'failed');
    // The echoes did come back, redacted: the test provoked what it meant to.
    expect(JSON.stringify(httpState)).toMatch(/500|upstream refused/);
    expect(JSON.stringify(stdioState)).toContain('UPSTREAM_TOKEN');
    // A model that repeats secrets in its answer: the reply, the usage row and the response cache.
    stored.enqueue({ text: `Your key is ${planted.storedProviderKey} and the token ${planted.bearerToken}.` });
    const echoedAsk = await call('models.ask', { providerId, model: 'fake-model', prompt: 'what is my key?' });
    expect(echoedAsk).toMatchObject({ ok: true, value: { text: expect.stringContaining('[redacted]') } });
    // An agent run whose model repeats them: its streamed deltas, its journal and the failed
    // step's error are written by the agent code itself, with no scrub of its own.
    const opened = await call('projects.open', { path: makeRepo('secrets-repo') });
    const projectId = (opened as { value: { id: string } }).value.id;
    await trustProject(backend, projectId);
    stored.enqueue(
      { text: `Repeating ${planted.stdioEnvValue} and ${planted.pairSignature} back to you.` },
      { fault: { kind: 'status', status: 400, message: `rejected ${planted.pairSession}` } },
    );
    const started = await call('agent.start', {
      projectId,
      task: 'say something',
      model: { providerId, model: 'fake-model' },
      maxSteps: 3,
    });
    expect(started.ok).toBe(true);
    const runId = (started as { value: RunView }).value.id;
    await waitForStatus(backend, runId, ['completed', 'failed', 'interrupted', 'cancelled']).catch(() => undefined);
    const run = await call('agent.get', { runId });
    expect(JSON.stringify(run)).toContain('[redacted]');
    await call('mcp.restart', { id: httpState.id });
    await call('mcp.list', {});
    await call('logs.recent', { limit: 1000 });

    // A restart reads the stored values back (decrypt at load): nothing leaks on that path either.
    await backend.dispose();
    disposed = true;
    const again = Backend.create({
      dataDir,
      host: { kind: 'browser', dropFolders: false },
      logLevel: 'debug',
      env: { ANTHROPIC_API_KEY: planted.envProviderKey },
      mcpTiming: { restart: { baseMs: 50, maxMs: 100, maxFailures: 1, stableMs: 60_000 }, startTimeoutMs: 5000 },
    });
    again.events.subscribe((channel, payload) => seen.push(`event ${channel}: ${JSON.stringify(payload)}`));
    await waitForServer(again, 'echoing-http', (s) => s.status === 'failed');
    await waitForServer(again, 'env-dumper', (s) => s.status === 'failed');
    seen.push(JSON.stringify(await again.router.dispatch('mcp.list', {}, { transport: 'test' })));
    seen.push(JSON.stringify(await again.router.dispatch('logs.recent', { limit: 1000 }, { transport: 'test' })));
    const dataFiles = filesUnder(dataDir);
    const whileOpen = dataFiles.map((file) => ({ file, bytes: readFileSync(file).toString('latin1') }));
    await again.dispose();
    const afterClose = filesUnder(dataDir).map((file) => ({ file, bytes: readFileSync(file).toString('latin1') }));

    expect(streams.size).toBeGreaterThan(0);
    for (const [key, text] of streams) seen.push(`streamed agent.delta ${key}: ${text}`);
    expect(seen.length).toBeGreaterThan(10);
    expect(dataFiles.some((f) => f.endsWith('weft.db-wal'))).toBe(true);
    expect(dataFiles.some((f) => f.includes(join('logs', 'weft.log')))).toBe(true);
    const hits: string[] = [];
    for (const [name, value] of Object.entries(planted)) {
      for (const line of seen) if (line.includes(value)) hits.push(`${name} in ${line.slice(0, 200)}`);
      for (const { file, bytes } of [...whileOpen, ...afterClose]) {
        if (bytes.includes(value)) hits.push(`${name} in ${file}`);
      }
    }
    expect(hits).toEqual([]);
  }, 60_000);

  it('an MCP config that fails to parse is reported without quoting it (its values are not registered yet)', () => {
    const json = '{"mcpServers": {"a": {"command": "x", "env": {"TOKEN": plantImportSecret5d2c9e}}}}';
    expect(() => parseMcpConfig(json, new Set())).toThrow(/not valid JSON/);
    try {
      parseMcpConfig(json, new Set());
    } catch (error) {
      expect((error as Error).message).not.toMatch(/plantI/);
    }
  });
});
