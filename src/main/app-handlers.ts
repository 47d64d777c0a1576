import { homedir } from 'node:os';
import type { SandboxStatus } from '../shared/domain/sandbox';
import { WeftError } from '../shared/ipc/errors';
import { listFolders } from './folder-browser';
import type { Host } from './host';
import type { NamespaceHandlers } from './ipc/router';
import { version } from './version';

/** The `app.*` requests: facts about the host and what only the host can do. */
export function appHandlers(
  host: Host,
  dataDir: string,
  sandbox: () => SandboxStatus,
  home: string = homedir(),
): NamespaceHandlers<'app'> {
  return {
    'app.info': () => ({
      version,
      host: host.kind,
      platform: process.platform,
      dataDir,
      capabilities: {
        pickFolder: host.pickFolder !== undefined,
        revealInOs: host.revealInOs !== undefined,
        dropFolders: host.dropFolders,
      },
      sandbox: sandbox(),
    }),
    'app.pickFolder': async () => {
      if (!host.pickFolder)
        throw new WeftError('unsupported', 'This window cannot show a folder picker; type the path instead.');
      return { path: await host.pickFolder() };
    },
    'app.listFolders': (input) => listFolders(home, input),
    'app.openExternal': async ({ url }) => {
      if (!host.openExternal) throw new WeftError('unsupported', 'Open this link from your browser.');
      await host.openExternal(url);
      return null;
    },
  };
}
