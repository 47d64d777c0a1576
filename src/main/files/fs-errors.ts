import { WeftError } from '../../shared/ipc/errors';

/** What the caller was doing when the filesystem said no, as the verb the message uses. */
export type FsAction = 'read' | 'write' | 'list' | 'create' | 'move' | 'delete';

/**
 * A filesystem failure as a WeftError with its own code and a sentence a person can act on;
 * anything unknown is returned unchanged so it still reaches the log as `internal`. `shown` is
 * the path as the caller typed it (never the real path, which may name places outside).
 */
export function fsError(error: unknown, shown: string, action: FsAction = 'read'): unknown {
  if (error instanceof WeftError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      // On a write or create the file itself may be new: then it is a folder on the way that is missing.
      return action === 'write' || action === 'create' || action === 'move'
        ? new WeftError('path_not_found', `A folder in the path ${shown} does not exist.`)
        : new WeftError('path_not_found', `${shown} does not exist.`);
    case 'ENOTDIR':
      return new WeftError('not_a_directory', `A part of ${shown} is a file where a folder is expected.`);
    case 'EISDIR':
      return new WeftError('is_a_directory', `${shown} is a folder, not a file.`);
    case 'EACCES':
    case 'EPERM':
      return new WeftError('permission_denied', `The system does not let Weft ${action} ${shown}.`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new WeftError('disk_full', `There is no space left on the disk to ${action} ${shown}.`);
    case 'EROFS':
      return new WeftError('read_only_filesystem', `${shown} is on a read-only disk; it cannot be changed.`);
    case 'ENAMETOOLONG':
      return new WeftError('name_too_long', `${shown} is too long a name for this filesystem.`);
    case 'EEXIST':
    case 'ENOTEMPTY':
      return new WeftError('already_exists', `${shown} already exists.`);
    case 'ELOOP':
      // Every open here is of a path just resolved, so a link where none was is a change under us.
      return new WeftError(
        'path_changed',
        `${shown} is a symbolic link that loops, or it was replaced by a link while Weft opened it.`,
      );
    default:
      return error;
  }
}
