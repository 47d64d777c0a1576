import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { McpServerState } from '../../../src/shared/domain/mcp';
import { runnerShell } from '../../../src/main/mcp/runner-shell';
import { CommandRunner } from '../../../src/main/terminal/runner';
import { ok, openProject } from '../../helpers/backend';
import { makeRepo, tempDir } from '../../helpers/fixtures';
import { mcpBackend, scriptServer, waitForServer } from '../../helpers/mcp';

const runner = new CommandRunner();
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const noSignal = () => new AbortController().signal;

/** A stdio server like a filesystem server pointed at the repository: writes where it is told. */
function writerServer() {
  const server = scriptServer(
    `server.registerTool('write', { description: 'Writes a file', inputSchema: { path: z.string() } }, async ({ path }) => {
  try { writeFileSync(path, 'written by the server'); return { content: [{ type: 'text', text: 'wrote ' + path }] }; }
  catch (e) { return { content: [{ type: 'text', text: String(e.message) }], isError: true }; }
});
server.registerTool('cwd', { description: 'Where it runs' }, async () => ({ content: [{ type: 'text', text: process.cwd() }] }));
server.sendToolListChanged();`,
    `import { writeFileSync } from 'node:fs';\nimport { z } from '${new URL('../../../node_modules/zod/index.js', import.meta.url).href}';`,
  );
  // The sandbox empties /tmp, where the helper writes scripts; a server installed there could not
  // start confined. Keep this one beside the project, as an installed server would be.
  const dir = resolve('test-results', 'mcp-servers');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `writer-${randomBytes(4).toString('hex')}.mjs`);
  copyFileSync(server.args[0]!, file);
  return { ...server, args: [file] };
}

/** The tools of an agent run as the run driver opens them: a worktree, its sandbox, its tool set. */
async function openRunTools(backend: ReturnType<typeof mcpBackend>, projectId: string, repo: string) {
  const worktree = join(tempDir('weft-mcp-wt-'), 'run');
  mkdirSync(worktree);
  // As an agent run's, with the project's checkout readable (it sits under /tmp here), and this
  // checkout too (the test server and the zod it imports live here; a CI clone may be under /tmp).
  const session = await backend.sandbox.open({
    writable: [worktree],
    readable: [repo, resolve('.')],
    allowedHosts: () => [],
  });
  cleanup.push(() => session.close());
  const set = await backend.mcp.open({
    projectId,
    root: worktree,
    shell: runnerShell(runner, { refusal: () => 'Refused: no commands in this test.' }),
    confinement: session,
  });
  cleanup.push(() => set.close());
  return { worktree, set };
}

describe('external stdio MCP servers in agent runs', () => {
  it('run in the run’s worktree, inside its sandbox: writes elsewhere fail', async () => {
    const backend = mcpBackend();
    const repo = makeRepo();
    const projectId = await openProject(backend, repo);
    await ok(backend, 'mcp.save', { name: 'fs', projectId, transport: { type: 'stdio', ...writerServer() } });
    await waitForServer(backend, 'fs', (s) => s.status === 'ready', projectId);
    const { worktree, set } = await openRunTools(backend, projectId, repo);
    expect((await set.call('fs__cwd', {}, noSignal())).text).toBe(worktree);
    const inside = await set.call('fs__write', { path: join(worktree, 'a.txt') }, noSignal());
    expect(inside.isError).toBeFalsy();
    expect(readFileSync(join(worktree, 'a.txt'), 'utf8')).toBe('written by the server');
    // The user's checkout, where the shared instance runs, is out of reach for the run's.
    const outside = await set.call('fs__write', { path: join(repo, 'behind-your-back.txt') }, noSignal());
    expect(outside).toMatchObject({ isError: true });
    expect(outside.text).toMatch(/read-only file system/i);
    expect(existsSync(join(repo, 'behind-your-back.txt'))).toBe(false);
  });

  it('marked unconfined by the user run as before, in the project folder and outside the sandbox', async () => {
    const backend = mcpBackend();
    const repo = makeRepo();
    const projectId = await openProject(backend, repo);
    const saved = await ok<McpServerState>(backend, 'mcp.save', {
      name: 'trusted',
      projectId,
      transport: { type: 'stdio', ...writerServer() },
      unconfined: true,
    });
    expect(saved.unconfined).toBe(true);
    await ok(backend, 'mcp.save', { name: 'fs', projectId, transport: { type: 'stdio', ...writerServer() } });
    await waitForServer(backend, 'trusted', (s) => s.status === 'ready', projectId);
    await waitForServer(backend, 'fs', (s) => s.status === 'ready', projectId);
    expect(backend.mcp.list(projectId).find((s: McpServerState) => s.name === 'fs')?.unconfined).toBe(false);
    const { set } = await openRunTools(backend, projectId, repo);
    expect((await set.call('trusted__cwd', {}, noSignal())).text).toBe(repo);
    const trusted = await set.call('trusted__write', { path: join(repo, 'trusted.txt') }, noSignal());
    expect(trusted.isError).toBeFalsy();
    expect(readFileSync(join(repo, 'trusted.txt'), 'utf8')).toBe('written by the server');
    // The same write from the confined server of the same run is refused.
    const confined = await set.call('fs__write', { path: join(repo, 'confined.txt') }, noSignal());
    expect(confined).toMatchObject({ isError: true });
    expect(confined.text).toMatch(/read-only file system/i);
    expect(existsSync(join(repo, 'confined.txt'))).toBe(false);
  });

  it('of a folder that is not trusted do not start, and start once it is', async () => {
    const backend = mcpBackend();
    const projectId = await openProject(backend, makeRepo());
    const trustedId = await openProject(backend, makeRepo());
    await ok(backend, 'projects.setTrust', { id: projectId, trusted: false });
    await ok(backend, 'mcp.save', { name: 'fs', projectId, transport: { type: 'stdio', ...writerServer() } });
    // The same server saved at the same moment in a trusted folder measures how long a start
    // takes: once that one is ready, this one would have been too.
    await ok(backend, 'mcp.save', {
      name: 'fs',
      projectId: trustedId,
      transport: { type: 'stdio', ...writerServer() },
    });
    await waitForServer(backend, 'fs', (s) => s.status === 'ready', trustedId);
    const before = backend.mcp.list(projectId).find((s: McpServerState) => s.name === 'fs');
    expect(before?.status).toBe('stopped');
    await ok(backend, 'projects.setTrust', { id: projectId, trusted: true });
    await waitForServer(backend, 'fs', (s) => s.status === 'ready', projectId);
  });
});
