import type { Task, TaskFailure, TaskId, TaskState } from '../../shared/domain/tasks';

/**
 * What can happen to a task. Events that depend on the rest of the board (whether every
 * dependency is done) carry that answer, so the transition stays a pure function of its inputs.
 */
export type TaskTransition =
  /** The user queues a backlog task; it is ready when its dependencies are done, blocked until then. */
  | { type: 'queue'; depsDone: boolean }
  /** Back to the backlog, before anything started. */
  | { type: 'unqueue' }
  /** A dependency changed (landed, was added or removed): ready and blocked follow it. */
  | { type: 'deps'; depsDone: boolean }
  /** The scheduler started a run; `stackedOn` when it starts on a dependency still in review. */
  | { type: 'start'; branch: string; runId: string; stackedOn: TaskId | null }
  /** The run ended its work; the check command runs next. */
  | { type: 'finished' }
  | { type: 'checkPassed' }
  /** Red check: the output goes back to the same run unless `maxRetries` follow-ups were used. */
  | { type: 'checkFailed'; output: string; maxRetries: number }
  | { type: 'fail'; failure: TaskFailure }
  /** The user asks the run for changes from review. */
  | { type: 'revise' }
  /** The user approved the review: the task enters the merge queue. */
  | { type: 'approve' }
  | { type: 'landed' }
  /** A conflict or a red check at landing: back to review with the reason. */
  | { type: 'mergeRejected'; failure: TaskFailure }
  /** The dependency a stacked task started on landed and the task was rebased onto its base. */
  | { type: 'unstacked' }
  /** A failed task goes back to the queue; its branch and worktree are kept. */
  | { type: 'retry'; depsDone: boolean }
  | { type: 'cancel' }
  /** A cancelled task comes back to the backlog. */
  | { type: 'reopen' }
  /** Weft stopped while the task was active. */
  | { type: 'interrupt' }
  /** The user (or auto-resume) continues an interrupted task. */
  | { type: 'resume' };

export type TaskTransitionType = TaskTransition['type'];

/** Why a transition was refused; `code` is stable, `message` says it for the user. */
export type TransitionError =
  | { code: 'illegal_transition'; message: string; from: TaskState; event: TaskTransitionType }
  | { code: 'dependencies_not_done'; message: string }
  | { code: 'task_interrupted'; message: string }
  | { code: 'not_interrupted'; message: string };

export type TransitionResult = { ok: true; task: Task } | { ok: false; error: TransitionError };

/** The states each event may leave from; anything else is refused by name. */
const allowedFrom: Record<TaskTransitionType, readonly TaskState[]> = {
  queue: ['backlog'],
  unqueue: ['ready', 'blocked'],
  deps: ['ready', 'blocked'],
  start: ['ready', 'blocked'],
  finished: ['running'],
  checkPassed: ['validating'],
  checkFailed: ['validating'],
  fail: ['running', 'validating', 'merging'],
  revise: ['review'],
  approve: ['review'],
  landed: ['merging'],
  mergeRejected: ['merging'],
  unstacked: ['running', 'validating', 'review', 'merging', 'failed'],
  retry: ['failed'],
  cancel: ['backlog', 'ready', 'blocked', 'running', 'validating', 'review', 'merging', 'failed'],
  reopen: ['cancelled'],
  interrupt: ['running', 'validating', 'merging'],
  resume: ['running', 'validating', 'merging'],
};

/** Events that only record or clear an interruption, or stop the task; all others wait for a resume. */
const allowedWhileInterrupted = new Set<TaskTransitionType>(['resume', 'cancel', 'fail', 'unstacked']);

const queued = (depsDone: boolean): TaskState => (depsDone ? 'ready' : 'blocked');

function refuse(task: Task, event: TaskTransition): TransitionResult {
  return {
    ok: false,
    error: {
      code: 'illegal_transition',
      from: task.state,
      event: event.type,
      message: `Task "${task.title}" is ${task.state}; it cannot ${describe(event.type)}.`,
    },
  };
}

function describe(type: TaskTransitionType): string {
  switch (type) {
    case 'queue':
      return 'be queued (only a backlog task can)';
    case 'unqueue':
      return 'go back to the backlog (only a queued task that has not started can)';
    case 'deps':
      return 'change between ready and blocked';
    case 'start':
      return 'start';
    case 'finished':
      return 'finish a run';
    case 'checkPassed':
    case 'checkFailed':
      return 'take a check result';
    case 'fail':
      return 'fail';
    case 'revise':
      return 'be sent back for changes (only from review)';
    case 'approve':
      return 'be approved (only from review)';
    case 'landed':
    case 'mergeRejected':
      return 'take a landing result';
    case 'unstacked':
      return 'be rebased off its dependency';
    case 'retry':
      return 'be retried (only a failed task can)';
    case 'cancel':
      return 'be cancelled';
    case 'reopen':
      return 'be reopened (only a cancelled task can)';
    case 'interrupt':
      return 'be marked interrupted';
    case 'resume':
      return 'be continued';
  }
}

/**
 * The task lifecycle `backlog → ready → running → validating → review → merging → done`, with
 * `blocked`, `failed` and `cancelled`, as one pure function: the board stores what it returns
 * and journals the event. A refusal names the state and the event, and changes nothing.
 */
export function transition(task: Task, event: TaskTransition, now: number): TransitionResult {
  if (!allowedFrom[event.type].includes(task.state)) return refuse(task, event);
  if (task.interrupted && !allowedWhileInterrupted.has(event.type)) {
    return {
      ok: false,
      error: {
        code: 'task_interrupted',
        message: `Task "${task.title}" was interrupted when Weft stopped; continue it first.`,
      },
    };
  }
  const next = (patch: Partial<Task>): TransitionResult => ({ ok: true, task: { ...task, ...patch, updatedAt: now } });
  switch (event.type) {
    case 'queue':
    case 'deps':
      return next({ state: queued(event.depsDone) });
    case 'unqueue':
      return next({ state: 'backlog' });
    case 'start':
      // A blocked task starts only stacked on a dependency in review; the scheduler decides that.
      if (task.state === 'blocked' && event.stackedOn === null) {
        return {
          ok: false,
          error: {
            code: 'dependencies_not_done',
            message: `Task "${task.title}" waits for its dependencies; it can only start stacked on one in review.`,
          },
        };
      }
      return next({
        state: 'running',
        branch: event.branch,
        runId: event.runId,
        stackedOn: event.stackedOn,
        failure: null,
      });
    case 'finished':
      return next({ state: 'validating' });
    case 'checkPassed':
      return next({ state: 'review', failure: null });
    case 'checkFailed': {
      const failure: TaskFailure = { code: 'check_failed', message: 'The check command failed.', output: event.output };
      if (task.checkAttempts >= event.maxRetries) {
        return next({
          state: 'failed',
          failure: {
            ...failure,
            // No follow-ups (a workflow task, or fix attempts set to 0): just say it failed.
            message:
              task.checkAttempts === 0
                ? 'The check command failed.'
                : `The check command still failed after ${task.checkAttempts} follow-up${task.checkAttempts === 1 ? '' : 's'}.`,
          },
        });
      }
      return next({ state: 'running', checkAttempts: task.checkAttempts + 1, failure });
    }
    case 'fail':
      return next({ state: 'failed', failure: event.failure, interrupted: false });
    case 'revise':
      return next({ state: 'running', failure: null });
    case 'approve':
      return next({ state: 'merging', failure: null });
    case 'landed':
      return next({ state: 'done', failure: null, stackedOn: null });
    case 'mergeRejected':
      return next({ state: 'review', failure: event.failure });
    case 'unstacked':
      return next({ stackedOn: null });
    case 'retry':
      return next({ state: queued(event.depsDone), failure: null, checkAttempts: 0 });
    case 'cancel':
      return next({ state: 'cancelled', interrupted: false });
    case 'reopen':
      return next({ state: 'backlog', failure: null });
    case 'interrupt':
      return next({ interrupted: true });
    case 'resume':
      if (!task.interrupted) {
        return {
          ok: false,
          error: { code: 'not_interrupted', message: `Task "${task.title}" is not interrupted.` },
        };
      }
      return next({ interrupted: false });
  }
}
