import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { decide, defaultAllowCommands } from '../agent/policy/policy';
import { ShellParser } from '../agent/policy/shell-parser';
import { runChangedFiles } from '../agent/run-changed-files';
import { IgnoreRules } from '../files/ignore-rules';
import { PathGuard } from '../files/path-guard';
import { McpHttpHost } from '../mcp/http-host';
import { runnerShell } from '../mcp/runner-shell';
import { builtInDeclaration, createBuiltInServer, type BuiltInContext } from '../mcp/servers';
import pino from 'pino';
import { defaultDataDir } from '../paths';
import { SandboxService } from '../sandbox/sandbox-service';
import { CommandRunner } from '../terminal/runner';
import { UsageError, type McpArgs } from './args';

/**
 * Why a command would need approval, by the agent's own policy with its default allow list and no
 * rules: with nobody to ask, such a command is refused. Null when it may run.
 */
async function needsApproval(
  guard: PathGuard,
  shell: ShellParser,
  command: string,
  cwd: string,
  sandboxed: boolean,
): Promise<string | null> {
  const decision = decide(
    {
      name: 'shell__run',
      server: 'shell',
      builtIn: true,
      readOnly: false,
      openWorld: true,
      declaration: builtInDeclaration('shell', 'run'),
    },
    { command, cwd: guard.relative(cwd) || '.' },
    {
      root: guard.root,
      isWorktree: false,
      rules: [],
      allowCommands: defaultAllowCommands,
      flavour: guard.flavour,
      shell,
      // The other host's agent may have edited package.json through the files server: a script
      // runner runs only while what defines it matches the last commit.
      changedFiles: await runChangedFiles(guard.root, 'HEAD'),
      sandboxed,
      // The person who started `weft mcp` on this folder vouches for it.
      trusted: true,
      allowAll: false,
    },
  );
  if (decision.action === 'allow') return null;
  return `Refused: ${decision.reason} This server was started without --allow-shell, so only commands that need no approval run (a single simple command such as ls, cat, git status or npm test). Start it with --allow-shell to run any command in its root.`;
}

/**
 * `weft mcp <server> --root DIR`: one built-in server for another MCP host. Every path stays
 * inside DIR; the shell server runs commands with the CommandRunner (its whole process tree
 * ended on timeout), any command only when started with --allow-shell. Stdout belongs to the protocol in
 * stdio mode, so everything else goes to stderr.
 */
export async function runMcp(args: McpArgs): Promise<void> {
  let guard: PathGuard;
  try {
    guard = new PathGuard(args.root);
  } catch {
    throw new UsageError(`--root ${args.root} does not exist. Name the folder the server may work in.`);
  }
  // Otherwise a file as root starts a server whose every tool fails, and the other host says why least clearly.
  if (!statSync(guard.root).isDirectory()) {
    throw new UsageError(`--root ${args.root} is a file, not a folder. Name the folder that contains it.`);
  }
  const runner = new CommandRunner();
  const shellParser = await ShellParser.load();
  const say = (line: string) => process.stderr.write(`weft mcp ${args.server}: ${line}\n`);
  // Commands run in the OS sandbox with the served folder as the only writable place, like an
  // agent run's; where there is none, only commands that need no approval run, even with --allow-shell.
  const sandbox = new SandboxService({ dataDir: defaultDataDir(), log: pino({ level: 'silent' }) });
  const session = await sandbox.open({
    writable: [guard.root],
    allowedHosts: () => [],
    onViolation: (v) => say(`the sandbox stopped a ${v.kind === 'write' ? 'write to' : 'connection to'} ${v.target}`),
  });
  if (args.server === 'shell' && !session.sandboxed) say(`commands are not sandboxed: ${session.reason ?? ''}`);
  const allowAny = args.allowShell && session.sandboxed;
  const ctx: BuiltInContext = {
    guard,
    ignore: new IgnoreRules(guard.root, []),
    shell: runnerShell(runner, {
      confinement: session,
      ...(allowAny
        ? {}
        : { refusal: (command, cwd) => needsApproval(guard, shellParser, command, cwd, session.sandboxed) }),
    }),
  };

  let stop: () => Promise<void>;
  if (args.http) {
    // WEFT_MCP_TOKEN keeps the token stable across restarts, for a client config that names it.
    const token = process.env.WEFT_MCP_TOKEN || randomBytes(24).toString('base64url');
    let host: McpHttpHost;
    try {
      host = await McpHttpHost.start({
        port: args.port,
        createServer: () => createBuiltInServer(args.server, ctx),
        token,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new UsageError(`Port ${args.port} is already in use; pick another with --port.`);
      }
      throw error;
    }
    process.stdout.write(
      `Weft's ${args.server} MCP server for ${guard.root}\nStreamable HTTP: ${host.url}\n` +
        `Header: Authorization: Bearer ${token}\n`,
    );
    stop = () => host.dispose();
  } else {
    const server = createBuiltInServer(args.server, ctx);
    const transport = new StdioServerTransport();
    await server.connect(transport);
    if (args.verbose) say(`serving ${guard.root} over stdio`);
    stop = () => server.close();
    // The host closing our stdin is how a stdio server is told to go; answer what it already asked first.
    const pending = new Set<string | number>();
    let ending = false;
    const receive = transport.onmessage;
    transport.onmessage = (message) => {
      if ('method' in message && 'id' in message) pending.add(message.id);
      receive?.(message);
    };
    const send = transport.send.bind(transport);
    transport.send = async (message) => {
      await send(message);
      if (!('method' in message) && 'id' in message && message.id !== undefined) {
        pending.delete(message.id);
        if (ending && pending.size === 0) void shutdown();
      }
    };
    process.stdin.once('end', () => {
      ending = true;
      if (pending.size === 0) void shutdown();
    });
  }
  if (args.server === 'shell' && !args.allowShell) {
    say(
      'only commands that need no approval run (ls, cat, git status, npm test, …); start with --allow-shell to run any.',
    );
  }

  let stopping = false;
  async function shutdown(): Promise<void> {
    if (stopping) return;
    stopping = true;
    runner.dispose();
    await sandbox.dispose();
    await stop().catch(() => undefined);
    process.exit(0);
  }
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}
