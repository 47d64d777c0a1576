import { join } from 'node:path';
import { WeftError } from '../../shared/ipc/errors';
import { Backend } from '../index';
import { defaultDataDir } from '../paths';
import { WeftServer } from '../server/server';
import { version } from '../version';
import { isLoopback, parseCli, UsageError, type ServeArgs } from './args';
import { runFakeModel } from './fake-model';
import { usageOf } from './help';
import { boardCommand } from './board-command';
import { runMcp } from './mcp';
import { tasksCommand } from './tasks-command';
import { exitCodeDbCorrupt, workflowCommand } from './workflow-command';

async function serve(args: ServeArgs): Promise<void> {
  const dataDir = args.dataDir ?? defaultDataDir();
  const backend = Backend.create({
    dataDir,
    host: { kind: 'browser', dropFolders: false },
    echoLogs: args.verbose,
  });
  const staticDir = process.env.WEFT_RENDERER_DIR ?? join(__dirname, '../renderer');
  let server: WeftServer;
  try {
    server = await WeftServer.start({ backend, staticDir, host: args.host, port: args.port });
  } catch (error) {
    await backend.dispose();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`Port ${args.port} is already in use; pick another with --port.`);
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`This machine has no address ${args.host}.`);
    throw error;
  }
  if (!isLoopback(args.host)) {
    process.stderr.write(`weft: listening on ${args.host}, reachable from your network; keep the token secret.\n`);
  }
  process.stdout.write(`Weft is running in browser mode.\nOpen: ${server.urlWithToken}\nData: ${dataDir}\n`);
  const stop = (): void => {
    process.stdout.write('Stopping Weft…\n');
    void server
      .dispose()
      .then(() => backend.dispose())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseCli(argv);
  switch (args.command) {
    case 'help':
      process.stdout.write(usageOf(args.topic));
      return;
    case 'version':
      process.stdout.write(`${version}\n`);
      return;
    case 'serve':
      await serve(args);
      return;
    case 'dev-fake-model':
      await runFakeModel(args);
      return;
    case 'run':
    case 'runs':
      process.exitCode = await workflowCommand(args);
      return;
    case 'tasks':
      process.exitCode = await tasksCommand(args);
      return;
    case 'board':
      process.exitCode = await boardCommand(args);
      return;
    case 'mcp':
      await runMcp(args);
      return;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`weft: ${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof WeftError) {
    process.stderr.write(`weft: ${error.message}\n`);
    // A damaged database is not this command's failure; scripts can tell it apart and stop retrying.
    process.exit(error.code === 'db_corrupt' ? exitCodeDbCorrupt : 1);
  }
  // The full error went to the log file; the terminal gets one readable line.
  process.stderr.write(`weft: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
