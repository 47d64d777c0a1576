// Errors of the fleet's git core. Codes not yet in src/shared/ipc/errors.ts are listed here so the
// wiring can add them to the shared list (the UI maps each code to a sentence) when it exposes them.
import type { ErrorCode } from '../../../shared/ipc/errors';
import { asWeftError } from '../../git/git-process';

export type FleetGitErrorCode =
  'git_too_old' | 'base_missing' | 'branch_missing' | 'branch_rewritten' | 'archive_failed' | 'archive_not_found';

/** Like WeftError (code and message safe to show), for the fleet codes the shared list does not have yet. */
export class FleetGitError extends Error {
  constructor(
    readonly code: FleetGitErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FleetGitError';
  }

  toData(): { code: FleetGitErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export type FleetErrorCode = FleetGitErrorCode | ErrorCode;

/**
 * The code and message of anything thrown, for results that carry a reason instead of throwing;
 * git failures become a readable `git_failed` (`what` says what was being done).
 */
export function reasonOf(error: unknown, what: string): { code: FleetErrorCode; message: string } {
  if (error instanceof FleetGitError) return { code: error.code, message: error.message };
  const weft = asWeftError(error, what);
  return { code: weft.code, message: weft.message };
}
