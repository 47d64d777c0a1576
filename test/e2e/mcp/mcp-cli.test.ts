import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, tempDir } from '../../helpers/fixtures';

const cli = resolve('bin/weft.js');
const clients: Client[] = [];
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(resolve('out/main/cli.js'))) throw new Error('Build first: npm run build');
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
});

/** The official SDK client, talking to `weft mcp …` over stdio. */
async function stdioClient(...args: string[]): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp', ...args],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'sdk-test', version: '1' });
  await client.connect(transport);
  clients.push(client);
  return { client, stderr: () => stderr };
}

function text(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result.content as { type: string; text: string }[]).map((c) => c.text).join('\n');
}

/** Starts `weft mcp … --http` and waits for the URL and the token it prints. */
async function startHttp(...args: string[]): Promise<{ url: URL; token: string }> {
  const child = spawn(process.execPath, [cli, 'mcp', ...args, '--http', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise((resolveUrl, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/mcp/.exec(out);
      const token = /Authorization: Bearer (\S+)/.exec(out);
      if (match && token) resolveUrl({ url: new URL(match[0]), token: token[1]! });
    });
    child.on('exit', (code) => reject(new Error(`weft mcp exited with ${code}: ${out}`)));
  });
}

describe('weft mcp', () => {
  it('serves the files server over stdio to the SDK client, confined to --root', async () => {
    const repo = makeRepo();
    writeFileSync(join(repo, 'notes.md'), 'alpha\nbeta\n');
    const outside = tempDir('weft-outside-');
    writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET');
    const { client } = await stdioClient('files', '--root', repo);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['read', 'list', 'glob', 'search', 'edit', 'write', 'move', 'delete']);
    expect(tools.find((t) => t.name === 'read')!.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
      openWorldHint: false,
    });
    expect(text(await client.callTool({ name: 'read', arguments: { path: 'notes.md', start_line: 2 } }))).toBe(
      '     2\tbeta',
    );
    const refused = await client.callTool({ name: 'read', arguments: { path: join(outside, 'secret.txt') } });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain('path_outside_project');
    expect(text(refused)).not.toContain('TOP SECRET');
    const edited = await client.callTool({
      name: 'edit',
      arguments: { path: 'notes.md', old_string: 'beta', new_string: 'gamma' },
    });
    expect(text(edited)).toContain('-beta\n+gamma');
  });

  it('runs only commands that need no approval, unless started with --allow-shell', async () => {
    const repo = makeRepo();
    const careful = await stdioClient('shell', '--root', repo);
    const refused = await careful.client.callTool({ name: 'run', arguments: { command: 'touch made.txt' } });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain('Shell commands ask unless they are on the allow list');
    expect(text(refused)).toContain('--allow-shell');
    expect(existsSync(join(repo, 'made.txt'))).toBe(false);
    const outside = await careful.client.callTool({ name: 'run', arguments: { command: 'cat /etc/hostname' } });
    expect(outside.isError).toBe(true);
    expect(text(outside)).toContain('outside the project');
    const allowed = await careful.client.callTool({ name: 'run', arguments: { command: 'git status' } });
    expect(allowed.isError).toBeFalsy();
    expect(text(allowed)).toContain('On branch main');
    expect(careful.stderr()).toContain('--allow-shell');

    const { client } = await stdioClient('shell', '--root', repo, '--allow-shell');
    const ran = await client.callTool({ name: 'run', arguments: { command: 'echo hi && pwd' } });
    expect(ran.isError).toBeFalsy();
    expect(text(ran)).toContain(`hi\n${repo}`);
    expect(text(ran)).toContain('[Exit code 0');
  });

  it('serves Streamable HTTP on loopback to the SDK client with its token, 401 without it, 403 to a foreign Host or Origin', async () => {
    const repo = makeRepo();
    writeFileSync(join(repo, 'README.md'), '# changed\n');
    const { url, token } = await startHttp('git', '--root', repo);
    const client = new Client({ name: 'sdk-test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );
    clients.push(client);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['status', 'diff', 'log', 'blame', 'commit', 'branch']);
    expect(text(await client.callTool({ name: 'status', arguments: {} }))).toContain(' M README.md');

    const port = Number(url.port);
    expect(await post(port, { host: `attacker.example:${port}` })).toBe(403);
    expect(await post(port, { host: `127.0.0.1:${port}`, origin: 'https://attacker.example' })).toBe(403);
    expect(await post(port, { host: `127.0.0.1:${port + 1}` })).toBe(403);
    const local = { host: `localhost:${port}`, origin: `http://localhost:${port}` };
    expect(await post(port, local)).toBe(401);
    expect(await post(port, { ...local, authorization: `Bearer ${token.slice(1)}x` })).toBe(401);
    expect(await post(port, { ...local, authorization: `Bearer ${token}` })).toBe(200);
  });
});

/** The HTTP status of an initialize request sent with the given Host and Origin. */
function post(port: number, headers: { host: string; origin?: string; authorization?: string }): Promise<number> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  });
  return new Promise((resolveStatus, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/mcp',
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      },
      (res) => {
        res.resume();
        resolveStatus(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
