import { WeftError, type ErrorCode } from '../../../shared/ipc/errors';

/** A failed model call: the code and message cross the boundary; the rest steers retries. */
export class ModelError extends WeftError {
  constructor(
    code: ErrorCode,
    message: string,
    /** True when the same call may succeed if made again. */
    readonly retryable: boolean,
    /** How long the provider asked us to wait, when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(code, message);
    this.name = 'ModelError';
  }
}

/** Narrows an unknown error to a ModelError. */
export function isModelError(error: unknown): error is ModelError {
  return error instanceof ModelError;
}
