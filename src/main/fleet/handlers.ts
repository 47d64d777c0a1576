import { WeftError, type ErrorCode } from '../../shared/ipc/errors';
import type { NamespaceHandlers } from '../ipc/router';
import type { EnvironmentFiles } from './environment-file';
import type { FleetService } from './fleet-service';
import { FleetGitError, type FleetGitErrorCode } from './git/errors';

/**
 * The fleet's git codes as the shared codes the UI already words; the message says the
 * specifics (which branch, which archive, which git version).
 */
const sharedCode: Record<FleetGitErrorCode, ErrorCode> = {
  git_too_old: 'unsupported',
  base_missing: 'invalid_ref',
  branch_missing: 'invalid_ref',
  branch_rewritten: 'invalid_ref',
  archive_failed: 'git_failed',
  archive_not_found: 'invalid_input',
};

type Handlers = NamespaceHandlers<'tasks'>;

/** Every handler's fleet git errors cross IPC as {code, message} instead of `internal`. */
function translated(handlers: Handlers): Handlers {
  const out: Record<string, (input: never, ctx: never) => unknown> = {};
  for (const [channel, handler] of Object.entries(handlers) as [string, (i: never, c: never) => unknown][]) {
    out[channel] = async (input, ctx) => {
      try {
        return await handler(input, ctx);
      } catch (error) {
        if (error instanceof FleetGitError) throw new WeftError(sharedCode[error.code], error.message);
        throw error;
      }
    };
  }
  return out as unknown as Handlers;
}

/** The `tasks.*` handlers: the board as the user edits and runs it. */
export function taskHandlers(fleet: FleetService, environments?: EnvironmentFiles): Handlers {
  // Without the project's files (a backend built without them) the environment cannot be edited here.
  const files = (): EnvironmentFiles => {
    if (!environments) throw new WeftError('unsupported', 'Editing .weft/environment.json is not available here.');
    return environments;
  };
  return translated({
    'tasks.list': ({ projectId }) => fleet.list(projectId),
    'tasks.get': ({ taskId }) => fleet.detail(taskId),
    'tasks.add': ({ projectId, draft, dependsOn }) => fleet.add(projectId, draft, dependsOn),
    'tasks.edit': ({ taskId, edit }) => fleet.edit(taskId, edit),
    'tasks.remove': ({ taskId }) => fleet.cancel(taskId),
    'tasks.setDependencies': ({ taskId, dependsOn }) => fleet.board.setDependencies(taskId, dependsOn),
    'tasks.setPriority': ({ taskId, priority }) => fleet.board.setPriority(taskId, priority),
    'tasks.queue': ({ taskId }) => fleet.queue(taskId),
    'tasks.unqueue': ({ taskId }) => fleet.board.unqueue(taskId),
    'tasks.start': ({ projectId, parallel }) => fleet.start(projectId, parallel),
    'tasks.stop': ({ projectId }) => fleet.stop(projectId),
    'tasks.approve': ({ taskId }) => fleet.approve(taskId),
    'tasks.revise': ({ taskId, message }) => fleet.revise(taskId, message),
    'tasks.retry': ({ taskId }) => fleet.retry(taskId),
    'tasks.resume': ({ taskId }) => fleet.resume(taskId),
    'tasks.recover': ({ taskId }) => fleet.recover(taskId),
    'tasks.fromChecklist': ({ projectId, markdown, baseBranch }) =>
      fleet.fromChecklist(projectId, markdown, baseBranch),
    'tasks.importBoard': ({ projectId, board, baseBranch }) => fleet.importBoard(projectId, board, baseBranch),
    'tasks.exportBoard': ({ projectId }) => fleet.exportBoard(projectId),
    'tasks.settings': ({ projectId }) => fleet.settings(projectId),
    'tasks.updateSettings': ({ projectId, patch }) => fleet.updateSettings(projectId, patch),
    'tasks.radar': ({ projectId, refresh }) => fleet.radarReport(projectId, refresh),
    'tasks.radarPair': ({ projectId, a, b }) => fleet.radarPair(projectId, a, b),
    'tasks.reconcile': ({ projectId }) => fleet.reconcile(projectId),
    'tasks.reconcileAction': ({ projectId, action }) => fleet.reconcileAction(projectId, action),
    'tasks.environment': ({ projectId }) => files().read(projectId),
    'tasks.saveEnvironment': ({ projectId, environment }) => files().write(projectId, environment),
  });
}
