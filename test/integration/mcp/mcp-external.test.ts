import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IgnoreRules } from '../../../src/main/files/ignore-rules';
import { PathGuard } from '../../../src/main/files/path-guard';
import { McpHttpHost } from '../../../src/main/mcp/http-host';
import { runnerShell } from '../../../src/main/mcp/runner-shell';
import { createBuiltInServer } from '../../../src/main/mcp/servers';
import type { ToolSet } from '../../../src/main/mcp/tool-set';
import { CommandRunner } from '../../../src/main/terminal/runner';
import type { McpImportResult, McpServerState } from '../../../src/shared/domain/mcp';
import { call, ok, openProject } from '../../helpers/backend';
import { makeRepo, tempDir } from '../../helpers/fixtures';
import { everything, mcpBackend, recordStates, scriptServer, waitForServer } from '../../helpers/mcp';
import { alive } from '../../helpers/processes';
import { until } from '../../helpers/until';

const runner = new CommandRunner();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const noSignal = () => new AbortController().signal;

async function openTools(backend: ReturnType<typeof mcpBackend>, projectId: string, root: string): Promise<ToolSet> {
  const set = await backend.mcp.open({
    projectId,
    root,
    shell: runnerShell(runner, { refusal: () => 'Refused: no commands in this test.' }),
  });
  cleanup.push(() => set.close());
  return set;
}

describe('external MCP servers', () => {
  it('connects to the reference server over stdio and lists and calls its tools in a run', async () => {
    const backend = mcpBackend();
    const repo = makeRepo();
    const projectId = await openProject(backend, repo);
    await ok(backend, 'mcp.save', {
      name: 'everything',
      projectId: null,
      transport: { type: 'stdio', ...everything },
    });
    const state = await waitForServer(backend, 'everything', (s) => s.status === 'ready');
    expect(state.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-sum']));
    expect(state.transport).toEqual({
      type: 'stdio',
      command: everything.command,
      args: everything.args,
      envNames: [],
    });

    const set = await openTools(backend, projectId, repo);
    const names = set.tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['files__read', 'everything__echo', 'everything__get-sum']));
    const echo = set.tools.find((t) => t.name === 'everything__echo')!;
    expect(echo).toMatchObject({ server: 'everything', tool: 'echo', builtIn: false });
    expect(await set.call('everything__echo', { message: 'hello from Weft' }, noSignal())).toEqual({
      text: 'Echo: hello from Weft',
      isError: false,
    });
    const sum = await set.call('everything__get-sum', { a: 2, b: 40 }, noSignal());
    expect(sum.isError).toBe(false);
    expect(sum.text).toContain('42');
    const bad = await set.call('everything__get-sum', { a: 'two' }, noSignal());
    expect(bad.isError).toBe(true);
  });

  it('cancels a call the server is running: the answer comes at once, the server hears of it and stays usable', async () => {
    const backend = mcpBackend();
    const repo = makeRepo();
    const projectId = await openProject(backend, repo);
    const dir = tempDir();
    const running = join(dir, 'running');
    const heard = join(dir, 'cancelled');
    // A tool that marks when it runs and when the cancellation reaches it, so the test can
    // cancel a call that is really in progress and see the server stop it.
    const script = scriptServer(
      `server.registerTool('wait', { description: 'Runs until cancelled' }, async (extra) => {
  writeFileSync(${JSON.stringify(running)}, '');
  await new Promise((resolve) => extra.signal.addEventListener('abort', resolve));
  writeFileSync(${JSON.stringify(heard)}, '');
  return { content: [{ type: 'text', text: 'stopped' }] };
});
server.sendToolListChanged();`,
      `import { writeFileSync } from 'node:fs';`,
    );
    await ok(backend, 'mcp.save', { name: 'slow', projectId: null, transport: { type: 'stdio', ...script } });
    await waitForServer(backend, 'slow', (s) => s.status === 'ready' && s.tools.some((t) => t.name === 'wait'));
    const set = await openTools(backend, projectId, repo);
    const controller = new AbortController();
    const call = set.call('slow__wait', {}, controller.signal);
    await until(
      () => existsSync(running),
      10_000,
      () => 'the server never started the call',
    );
    const cancelledAt = Date.now();
    controller.abort();
    expect(await call).toEqual({ text: 'The tool call was cancelled.', isError: true });
    expect(Date.now() - cancelledAt).toBeLessThan(2000);
    await until(
      () => existsSync(heard),
      10_000,
      () => 'the server never heard of the cancellation',
    );
    expect(await set.call('slow__ping', {}, noSignal())).toEqual({ text: 'pong', isError: false });
  });

  it('keeps env values secret: encrypted at rest, never returned, scrubbed from stderr, kept on edit', async () => {
    const dataDir = tempDir('weft-mcp-');
    const backend = mcpBackend({ dataDir });
    const repo = makeRepo();
    const projectId = await openProject(backend, repo);
    const token = 'tok-PLANTED-9f8e7d6c5b4a3210';
    const saved = await ok<McpServerState>(backend, 'mcp.save', {
      name: 'everything',
      projectId,
      transport: { type: 'stdio', ...everything, env: { WEFT_TEST_TOKEN: token } },
    });
    await waitForServer(backend, 'everything', (s) => s.status === 'ready', projectId);
    let set = await openTools(backend, projectId, repo);
    expect((await set.call('everything__get-env', {}, noSignal())).text).toContain(token);

    const listed = await ok<McpServerState[]>(backend, 'mcp.list', { projectId });
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed.find((s) => s.name === 'everything')!.transport).toMatchObject({ envNames: ['WEFT_TEST_TOKEN'] });

    // Editing with an empty value keeps the stored one (the form never sees it).
    await ok(backend, 'mcp.save', {
      id: saved.id,
      name: 'everything',
      projectId,
      transport: { type: 'stdio', ...everything, env: { WEFT_TEST_TOKEN: '' } },
    });
    await waitForServer(backend, 'everything', (s) => s.status === 'ready', projectId);
    await set.close();
    set = await openTools(backend, projectId, repo);
    expect((await set.call('everything__get-env', {}, noSignal())).text).toContain(token);

    // A server that prints its secret to stderr shows it redacted.
    const leaky = scriptServer(`process.stderr.write('token is ' + process.env.WEFT_TEST_TOKEN + '\\n');`);
    await ok(backend, 'mcp.save', {
      name: 'leaky',
      projectId: null,
      transport: { type: 'stdio', ...leaky, env: { WEFT_TEST_TOKEN: token } },
    });
    const state = await waitForServer(backend, 'leaky', (s) => s.status === 'ready' && s.stderrTail !== '');
    expect(state.stderrTail).toBe('token is [redacted]');

    await backend.dispose();
    for (const file of readdirSync(dataDir)) {
      if (file.startsWith('weft.db')) expect(readFileSync(join(dataDir, file)).includes(token), file).toBe(false);
    }
    for (const file of readdirSync(join(dataDir, 'logs'))) {
      expect(readFileSync(join(dataDir, 'logs', file), 'utf8')).not.toContain(token);
    }
  });

  it('shows a server that keeps crashing as failed, with its stderr tail, after restarts with backoff', async () => {
    const dataDir = tempDir('weft-mcp-');
    const backend = mcpBackend({ dataDir });
    const states = recordStates(backend, 'crashy');
    const script = scriptServer(
      '',
      "process.stderr.write('loading config\\nError: API_TOKEN is not set\\n'); process.exit(1);",
    );
    // When each wait was announced, to compare with when the retry is due.
    const waits: { state: McpServerState; at: number }[] = [];
    backend.events.subscribe((channel, payload) => {
      const state = payload as McpServerState;
      if (channel === 'mcp.changed' && state.status === 'restarting' && state.nextRetryAt !== null)
        waits.push({ state, at: Date.now() });
    });
    await ok(backend, 'mcp.save', { name: 'crashy', projectId: null, transport: { type: 'stdio', ...script } });
    const failed = await waitForServer(backend, 'crashy', (s) => s.status === 'failed');
    expect(failed.error).toContain('exited with code 1');
    expect(failed.error).toContain('Gave up after 3 failed starts');
    expect(failed.stderrTail).toBe('loading config\nError: API_TOKEN is not set');
    expect(failed.restarts).toBe(2);
    expect(failed.nextRetryAt).toBeNull();

    expect(waits).toHaveLength(2);
    expect(waits[0]!.state.error).toContain('exited with code 1');
    expect(waits[0]!.state.stderrTail).toContain('API_TOKEN is not set');
    // The announced retry lies ahead, by no more than its wait, and the second wait is the longer.
    const delays = waits.map((w) => w.state.nextRetryAt! - w.at);
    expect(delays[0]).toBeGreaterThan(0);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[1]).toBeGreaterThan(delays[0]!);
    expect(delays[1]).toBeLessThanOrEqual(200);
    expect(states.map((s) => s.status)).toEqual(expect.arrayContaining(['starting', 'restarting', 'failed']));

    // Restart by hand: it is tried again at once.
    const restarted = await ok<McpServerState>(backend, 'mcp.restart', { id: failed.id });
    expect(['starting', 'restarting', 'failed']).toContain(restarted.status);

    // The waits themselves, as logged: 100 ms, then twice that (the clock of a busy machine
    // cannot blur these, as it can the gap between an event and its reading).
    await backend.dispose();
    const logged = readFileSync(join(dataDir, 'logs', 'weft.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('mcp server stopped; restarting') && line.includes('"crashy"'))
      .map((line) => (JSON.parse(line) as { delayMs: number }).delayMs);
    expect(logged.slice(0, 2)).toEqual([100, 200]);
  });

  it('does not hold a run’s start while a server backs off before its next try, and names a failed server in the log', async () => {
    const dataDir = tempDir('weft-mcp-');
    // A long wait before the retry: the run must not sit out the open timeout for it.
    const backend = mcpBackend({
      dataDir,
      timing: { restart: { baseMs: 60_000, maxMs: 60_000, maxFailures: 2, stableMs: 60_000 } },
    });
    const repo = makeRepo();
    const projectId = await openProject(backend, repo);
    const script = scriptServer('', 'process.exit(1);');
    await ok(backend, 'mcp.save', { name: 'backing-off', projectId: null, transport: { type: 'stdio', ...script } });
    await waitForServer(backend, 'backing-off', (s) => s.status === 'restarting' && s.nextRetryAt !== null);
    const started = Date.now();
    const set = await openTools(backend, projectId, repo);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(set.tools.some((t) => t.name.startsWith('backing-off__'))).toBe(false);

    // Given up on, it is named in the log line that says so.
    const broken = await ok<McpServerState>(backend, 'mcp.save', {
      name: 'broken',
      projectId: null,
      transport: { type: 'stdio', command: join(repo, 'no-such-program') },
    });
    await waitForServer(backend, 'broken', (s) => s.status === 'failed');
    await backend.dispose();
    const lines = readFileSync(join(dataDir, 'logs', 'weft.log'), 'utf8').split('\n');
    expect(lines.some((line) => line.includes('mcp server \\"broken\\" failed'))).toBe(true);
    expect(broken.name).toBe('broken');
  });

  it('restarts a server that crashes after starting, and it comes back with its tools', async () => {
    const backend = mcpBackend();
    // The first process notes its pid and crashes when told to: the test tells it once Weft
    // has it ready, so the crash comes after a good start.
    const marker = join(tempDir(), 'started-once');
    const script = scriptServer(
      `if (first) process.on('SIGUSR1', () => { process.stderr.write('crashing now\\n'); process.exit(7); });`,
      `import { existsSync, writeFileSync } from 'node:fs';
const first = !existsSync(${JSON.stringify(marker)});
if (first) writeFileSync(${JSON.stringify(marker)}, String(process.pid));`,
    );
    const states = recordStates(backend, 'flaky');
    await ok(backend, 'mcp.save', { name: 'flaky', projectId: null, transport: { type: 'stdio', ...script } });
    await waitForServer(backend, 'flaky', (s) => s.status === 'ready');
    process.kill(Number(readFileSync(marker, 'utf8')), 'SIGUSR1');
    const back = await waitForServer(backend, 'flaky', (s) => s.status === 'ready' && s.restarts === 1);
    expect(back.tools.map((t) => t.name)).toEqual(['ping']);
    const crash = states.find((s) => s.status === 'restarting')!;
    expect(crash.error).toContain('exited with code 7');
    expect(crash.stderrTail).toBe('crashing now');
    expect(states.map((s) => s.status)).toEqual(['starting', 'ready', 'restarting', 'restarting', 'ready']);
  });

  it('ends the server with everything it started when removed or when Weft stops', async () => {
    const backend = mcpBackend();
    const pids: number[] = [];
    for (const name of ['parent-a', 'parent-b']) {
      const pidFile = join(tempDir(), 'child.pid');
      const script = scriptServer(
        '',
        `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const child = spawn('sleep', ['600'], { stdio: 'ignore' });
writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));`,
      );
      await ok(backend, 'mcp.save', { name, projectId: null, transport: { type: 'stdio', ...script } });
      await waitForServer(backend, name, (s) => s.status === 'ready');
      await expect.poll(() => existsSync(pidFile)).toBe(true);
      pids.push(Number(readFileSync(pidFile, 'utf8')));
    }
    expect(pids.every(alive)).toBe(true);
    const a = backend.mcp.list().find((s) => s.name === 'parent-a')!;
    await ok(backend, 'mcp.remove', { id: a.id });
    await expect.poll(() => alive(pids[0]!), { timeout: 8000 }).toBe(false);
    expect(alive(pids[1]!)).toBe(true);
    expect(backend.mcp.list().some((s) => s.name === 'parent-a')).toBe(false);
    await backend.dispose();
    await expect.poll(() => alive(pids[1]!), { timeout: 8000 }).toBe(false);
  });

  it('imports a Claude Desktop config, for all projects or for one, and reports what it skipped', async () => {
    const backend = mcpBackend();
    const projectId = await openProject(backend, makeRepo());
    const config = JSON.stringify({
      mcpServers: {
        'Everything Server': { command: everything.command, args: everything.args },
        legacy: { type: 'sse', url: 'http://127.0.0.1:9/sse' },
        git: { command: 'mcp-server-git' },
      },
    });
    const result = await ok<McpImportResult>(backend, 'mcp.import', { json: config, projectId });
    expect(result.added).toEqual(['everything-server']);
    expect(result.skipped).toEqual([
      { name: 'legacy', reason: expect.stringContaining('SSE') },
      { name: 'git', reason: expect.stringContaining('built-in') },
    ]);
    const ready = await waitForServer(backend, 'everything-server', (s) => s.status === 'ready', projectId);
    expect(ready.projectId).toBe(projectId);
    expect(ready.tools.length).toBeGreaterThan(3);
    expect(backend.mcp.list().some((s) => s.name === 'everything-server')).toBe(false);

    const again = await ok<McpImportResult>(backend, 'mcp.import', { json: config, projectId });
    expect(again.added).toEqual([]);
    expect(again.skipped[0]).toEqual({
      name: 'Everything Server',
      reason: 'a server named "everything-server" exists already',
    });
    const broken = await call(backend, 'mcp.import', { json: '{"mcpServers": 3}', projectId: null });
    expect(broken).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('keeps "run unconfined" only as the user set it: never from a pasted config or for HTTP, across a restart', async () => {
    const dataDir = tempDir('weft-mcp-');
    const backend = mcpBackend({ dataDir });
    const stdio = (unconfined?: boolean) => ({
      projectId: null,
      transport: { type: 'stdio', ...scriptServer('') },
      ...(unconfined === undefined ? {} : { unconfined }),
    });
    expect((await ok<McpServerState>(backend, 'mcp.save', { name: 'trusted', ...stdio(true) })).unconfined).toBe(true);
    // A client that does not know the field (or an old config) gets a confined server.
    expect((await ok<McpServerState>(backend, 'mcp.save', { name: 'plain', ...stdio() })).unconfined).toBe(false);
    const pasted = { ...scriptServer(''), unconfined: true, trusted: true, sandbox: false };
    const result = await ok<McpImportResult>(backend, 'mcp.import', {
      json: JSON.stringify({ mcpServers: { pasted } }),
      projectId: null,
    });
    expect(result.added).toEqual(['pasted']);
    // An HTTP server is reached from Weft itself, so the flag would mean nothing and is not kept.
    const http = await ok<McpServerState>(backend, 'mcp.save', {
      name: 'remote',
      projectId: null,
      transport: { type: 'http', url: 'http://127.0.0.1:9/mcp' },
      unconfined: true,
    });
    expect(http.unconfined).toBe(false);
    const flags = (b: typeof backend) =>
      Object.fromEntries(
        b.mcp
          .list()
          .filter((s) => !s.builtIn)
          .map((s) => [s.name, s.unconfined]),
      );
    const expected = { trusted: true, plain: false, pasted: false, remote: false };
    expect(flags(backend)).toEqual(expected);
    await backend.dispose();
    expect(flags(mcpBackend({ dataDir }))).toEqual(expected);
  });

  it('lists built-ins first and enforces names: no built-in names, no clash within a scope', async () => {
    const backend = mcpBackend();
    const a = await openProject(backend, makeRepo('a'));
    const b = await openProject(backend, makeRepo('b'));
    const list = await ok<McpServerState[]>(backend, 'mcp.list', {});
    expect(list.map((s) => [s.name, s.builtIn, s.status])).toEqual([
      ['files', true, 'ready'],
      ['git', true, 'ready'],
      ['shell', true, 'ready'],
      ['search', true, 'ready'],
    ]);
    expect(list[0]!.tools.map((t) => t.name)).toContain('edit');
    const stdio = { type: 'stdio', command: 'true' };
    expect(await call(backend, 'mcp.save', { name: 'shell', projectId: null, transport: stdio })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await ok(backend, 'mcp.save', { name: 'tool', projectId: a, transport: stdio, enabled: false });
    await ok(backend, 'mcp.save', { name: 'tool', projectId: b, transport: stdio, enabled: false });
    expect(await call(backend, 'mcp.save', { name: 'tool', projectId: null, transport: stdio })).toMatchObject({
      ok: false,
      error: { code: 'already_exists' },
    });
    expect(await call(backend, 'mcp.save', { name: 'x', projectId: 'nope', transport: stdio })).toMatchObject({
      ok: false,
      error: { code: 'project_not_found' },
    });
    expect(await call(backend, 'mcp.remove', { id: 'builtin-files' })).toMatchObject({ ok: false });
    expect(await call(backend, 'mcp.restart', { id: 'missing' })).toMatchObject({
      ok: false,
      error: { code: 'mcp_server_not_found' },
    });
    const disabled = backend.mcp.list(a).find((s) => s.name === 'tool')!;
    expect(disabled).toMatchObject({ enabled: false, status: 'stopped' });
  });

  it('reaches a Streamable HTTP server with its headers, and a missing program fails at once', async () => {
    const backend = mcpBackend();
    const repo = makeRepo();
    const projectId = await openProject(backend, repo);
    const guard = new PathGuard(repo);
    const ctx = {
      guard,
      ignore: new IgnoreRules(guard.root, []),
      shell: runnerShell(runner, { refusal: () => 'Refused: no commands in this test.' }),
    };
    const host = await McpHttpHost.start({ port: 0, createServer: () => createBuiltInServer('files', ctx) });
    cleanup.push(() => host.dispose());
    await ok(backend, 'mcp.save', {
      name: 'remote-files',
      projectId: null,
      transport: { type: 'http', url: host.url, headers: { 'X-Api-Key': 'hdr-PLANTED-0123456789' } },
    });
    const ready = await waitForServer(backend, 'remote-files', (s) => s.status === 'ready');
    expect(ready.transport).toEqual({ type: 'http', url: host.url, headerNames: ['X-Api-Key'] });
    expect(ready.tools.map((t) => t.name)).toContain('read');
    const set = await openTools(backend, projectId, repo);
    expect((await set.call('remote-files__read', { path: 'README.md' }, noSignal())).text).toContain('# fixture');

    // DNS rebinding: a foreign Host or Origin is refused before MCP sees the request.
    expect(await status(host.port, { host: `evil.example:${host.port}` })).toBe(403);
    expect(await status(host.port, { host: `127.0.0.1:${host.port}`, origin: 'http://evil.example' })).toBe(403);
    expect(await status(host.port, { host: `localhost:${host.port}`, origin: 'http://localhost:6274' })).not.toBe(403);

    await ok(backend, 'mcp.save', {
      name: 'missing',
      projectId: null,
      transport: { type: 'stdio', command: 'weft-no-such-program-xyz' },
    });
    const missing = await waitForServer(backend, 'missing', (s) => s.status === 'failed');
    expect(missing.error).toContain('no such program');
    expect(missing.restarts).toBe(0);
  });
});

/** The status of an initialize POST to the host with the given Host and Origin headers. */
function status(port: number, headers: { host: string; origin?: string }): Promise<number> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/mcp',
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
