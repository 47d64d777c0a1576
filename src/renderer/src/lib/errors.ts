import { missingCase, type ErrorCode } from '../../../shared/ipc/errors';
import { ApiError } from './api';

/** A heading a person understands for each error code; the backend's message adds the detail. */
export function errorTitle(code: ErrorCode): string {
  switch (code) {
    case 'invalid_input':
      return 'That input was not accepted';
    case 'unknown_channel':
    case 'internal':
      return 'Something went wrong inside Weft';
    case 'unsupported':
      return 'Not available here';
    case 'unauthorized':
      return 'Not allowed';
    case 'path_not_found':
      return 'Folder not found';
    case 'not_a_directory':
      return 'That is a file, not a folder';
    case 'permission_denied':
      return 'Permission denied';
    case 'path_outside_project':
      return 'That path is outside the project';
    case 'path_outside_home':
      return 'That folder is outside your home folder';
    case 'project_not_found':
      return 'Project not found';
    case 'not_a_git_repository':
      return 'Not a git repository';
    case 'already_a_git_repository':
      return 'Already a git repository';
    case 'git_failed':
      return 'Git failed';
    case 'db_corrupt':
      return 'Weft’s database is damaged';
    case 'db_newer_than_app':
      return 'Weft’s database is from a newer version';
    case 'cancelled':
      return 'Cancelled';
    case 'not_a_file':
      return 'Not a file';
    case 'already_exists':
      return 'Already exists';
    case 'file_changed_on_disk':
      return 'The file changed on disk';
    case 'is_a_directory':
      return 'That is a folder, not a file';
    case 'disk_full':
      return 'The disk is full';
    case 'read_only_filesystem':
      return 'The disk is read-only';
    case 'name_too_long':
      return 'The name is too long';
    case 'hard_link_refused':
      return 'Hard-linked files are not opened';
    case 'path_changed':
      return 'The path changed while Weft opened it';
    case 'invalid_ref':
      return 'Not a valid branch or revision name';
    case 'uncommitted_changes':
      return 'You have uncommitted changes';
    case 'nothing_to_commit':
      return 'Nothing to commit';
    case 'offline_blocked':
      return 'Blocked by offline mode';
    case 'model_provider_not_found':
      return 'Model provider not found';
    case 'model_auth_failed':
      return 'The model provider refused the key';
    case 'model_rate_limited':
      return 'The model provider is rate limiting';
    case 'model_unavailable':
      return 'The model provider is unavailable';
    case 'model_timeout':
      return 'The model did not answer in time';
    case 'model_stream_interrupted':
      return 'The model’s answer was cut off';
    case 'model_bad_request':
      return 'The model provider refused the request';
    case 'budget_exceeded':
      return 'Budget used up';
    case 'template_not_found':
      return 'Prompt template not found';
    case 'template_variable_missing':
      return 'The prompt template needs more values';
    case 'secret_unavailable':
      return 'A stored key cannot be read';
    case 'terminal_not_found':
      return 'That terminal is gone';
    case 'spawn_failed':
      return 'The program could not start';
    case 'mcp_server_not_found':
      return 'MCP server not found';
    case 'mcp_server_failed':
      return 'The MCP server is not running';
    case 'mcp_tool_failed':
      return 'The tool failed';
    case 'run_not_found':
      return 'Agent run not found';
    case 'run_busy':
      return 'The run is still working';
    case 'run_owned_by_task':
      return 'This run belongs to a board task';
    case 'policy_denied':
      return 'Blocked by the approval policy';
    case 'approval_not_found':
      return 'That approval is no longer pending';
    case 'checkpoint_not_found':
      return 'Checkpoint not found';
    case 'unmerged_changes':
      return 'The run has changes that are not merged';
    case 'merge_conflict':
      return 'The changes conflict with the branch';
    case 'workflow_not_found':
      return 'Workflow not found';
    case 'workflow_invalid':
      return 'The workflow has errors';
    case 'folder_untrusted':
      return 'This folder is in restricted mode';
    default:
      return missingCase(code);
  }
}

/** Turns anything thrown into a title and a message, never a stack trace. */
export function describeError(error: unknown): { title: string; message: string } {
  if (error instanceof ApiError) return { title: errorTitle(error.code), message: error.message };
  // Not from the backend: a bug in the UI. Keep it for the developer tools, show a sentence.
  console.error(error);
  return { title: 'Something went wrong', message: 'An unexpected error occurred. The details are in the log.' };
}
