import { WeftError } from '../../shared/ipc/errors';

/** Which board rule refused a request; stable, for tests and (later) the UI's wording. */
export type BoardRule =
  | 'task_not_found'
  | 'invalid_task'
  | 'dependency_cycle'
  | 'dependency_other_project'
  | 'dependency_not_found'
  | 'dependencies_locked'
  | 'illegal_transition'
  | 'dependencies_not_done'
  | 'task_interrupted'
  | 'not_interrupted'
  | 'invalid_board_file'
  | 'field_locked'
  | 'unassigned';

/**
 * A request the board refused, with nothing changed. It crosses IPC as `invalid_input` with the
 * sentence; `rule` says which rule for code that needs to tell them apart.
 */
export class BoardError extends WeftError {
  constructor(
    readonly rule: BoardRule,
    message: string,
  ) {
    super('invalid_input', message);
    this.name = 'BoardError';
  }
}
