import { WeftError } from '../../shared/ipc/errors';
import type { Host } from '../host';
import type { NamespaceHandlers } from '../ipc/router';
import type { FileService } from './file-service';
import type { WatchService } from './watch-service';

/** The `files.*` requests. Listing a project starts watching it. */
export function fileHandlers(files: FileService, watch: WatchService, host: Host): NamespaceHandlers<'files'> {
  return {
    'files.list': async ({ projectId, dir }) => {
      const entries = await files.list(projectId, dir);
      void watch.watch(projectId);
      return entries;
    },
    'files.read': ({ projectId, path }) => files.read(projectId, path),
    'files.write': ({ projectId, path, content, encoding, expectedMtimeMs }) =>
      files.write(projectId, path, content, encoding, expectedMtimeMs),
    'files.create': async ({ projectId, path, kind }) => {
      await files.create(projectId, path, kind);
      return null;
    },
    'files.rename': async ({ projectId, from, to }) => {
      await files.rename(projectId, from, to);
      return null;
    },
    'files.delete': ({ projectId, path }) => files.delete(projectId, path),
    'files.reveal': async ({ projectId, path }) => {
      if (!host.revealInOs) throw new WeftError('unsupported', 'Revealing files needs the desktop app.');
      const { guard } = files.forProject(projectId);
      await host.revealInOs(path === '' ? guard.root : await guard.resolve(path));
      return null;
    },
  };
}
