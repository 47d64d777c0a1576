import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect } from 'vitest';
import { Backend } from '../../src/main/index';
import type { McpTiming } from '../../src/main/mcp/external-server';
import type { McpServerState } from '../../src/shared/domain/mcp';
import { tempDir } from './fixtures';
import { trustOpenedFolders } from './trust';

const running: Backend[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.dispose();
});

/** A real backend whose MCP restarts come quickly, disposed after the test; folders it opens are trusted. */
export function mcpBackend(options: { dataDir?: string; timing?: Partial<McpTiming> } = {}): Backend {
  const backend = Backend.create({
    dataDir: options.dataDir ?? tempDir('weft-mcp-'),
    host: { kind: 'browser', dropFolders: false },
    logLevel: 'info',
    validateOutputs: true,
    mcpTiming: {
      restart: { baseMs: 100, maxMs: 400, maxFailures: 3, stableMs: 60_000 },
      startTimeoutMs: 20_000,
      ...options.timing,
    },
  });
  running.push(backend);
  trustOpenedFolders(backend);
  return backend;
}

/** The reference MCP server, run with this Node over stdio (no network). */
export const everything = {
  command: process.execPath,
  args: [resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
};

/** Writes a small MCP server script using the SDK from node_modules; `body` runs after it connects. */
export function scriptServer(body: string, before = ''): { command: string; args: string[] } {
  const sdk = (path: string) => pathToFileURL(resolve('node_modules/@modelcontextprotocol/sdk/dist/esm', path)).href;
  const file = join(tempDir('weft-mcp-script-'), 'server.mjs');
  writeFileSync(
    file,
    `import { McpServer } from '${sdk('server/mcp.js')}';
import { StdioServerTransport } from '${sdk('server/stdio.js')}';
${before}
const server = new McpServer({ name: 'script', version: '1' });
server.registerTool('ping', { description: 'Answers pong' }, async () => ({ content: [{ type: 'text', text: 'pong' }] }));
await server.connect(new StdioServerTransport());
${body}
`,
  );
  return { command: process.execPath, args: [file] };
}

/** Collects every `mcp.changed` state of one server name. */
export function recordStates(backend: Backend, name: string): McpServerState[] {
  const states: McpServerState[] = [];
  backend.events.subscribe((channel, payload) => {
    if (channel === 'mcp.changed' && (payload as McpServerState).name === name) states.push(payload as McpServerState);
  });
  return states;
}

/** Waits until the server named `name` matches, and returns its state from `mcp.list`. */
export async function waitForServer(
  backend: Backend,
  name: string,
  test: (s: McpServerState) => boolean,
  projectId?: string,
  timeout = 20_000,
): Promise<McpServerState> {
  let last: McpServerState | undefined;
  await expect
    .poll(
      () => {
        last = backend.mcp.list(projectId).find((s) => s.name === name);
        return last !== undefined && test(last);
      },
      { timeout, interval: 50 },
    )
    .toBe(true);
  return last!;
}
