import { z } from 'zod';

/** Every error code that may cross the process boundary; the UI maps each to a sentence. */
export const errorCodes = [
  'invalid_input',
  'unknown_channel',
  'internal',
  'unsupported',
  'unauthorized',
  'path_not_found',
  'not_a_directory',
  'permission_denied',
  'path_outside_project',
  'path_outside_home',
  'project_not_found',
  'not_a_git_repository',
  'already_a_git_repository',
  'git_failed',
  'db_corrupt',
  'db_newer_than_app',
  'cancelled',
  'not_a_file',
  'already_exists',
  'file_changed_on_disk',
  'is_a_directory',
  'disk_full',
  'read_only_filesystem',
  'name_too_long',
  'hard_link_refused',
  'path_changed',
  'invalid_ref',
  'uncommitted_changes',
  'nothing_to_commit',
  'offline_blocked',
  'model_provider_not_found',
  'model_auth_failed',
  'model_rate_limited',
  'model_unavailable',
  'model_timeout',
  'model_stream_interrupted',
  'model_bad_request',
  'budget_exceeded',
  'template_not_found',
  'template_variable_missing',
  'secret_unavailable',
  'terminal_not_found',
  'spawn_failed',
  'mcp_server_not_found',
  'mcp_server_failed',
  'mcp_tool_failed',
  'run_not_found',
  'run_busy',
  /** A board task's run, which only the board may resume or retry (it owns the task's worktree). */
  'run_owned_by_task',
  'policy_denied',
  'approval_not_found',
  'checkpoint_not_found',
  'unmerged_changes',
  'merge_conflict',
  'workflow_not_found',
  'workflow_invalid',
  'folder_untrusted',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The shape of an error as it crosses IPC or the WebSocket: data, never a stack trace. */
export const errorDataSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
});
export type ErrorData = z.infer<typeof errorDataSchema>;

/** A reply to a request: the value, or an error as data. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

/** An error a service throws on purpose; its code and message are safe to show a user. */
export class WeftError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WeftError';
  }

  toData(): ErrorData {
    return { code: this.code, message: this.message };
  }
}

export function isWeftError(value: unknown): value is WeftError {
  return value instanceof WeftError;
}

/** Exhaustiveness helper for switches over unions. */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
