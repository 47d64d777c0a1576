import { WeftError } from '../../shared/ipc/errors';
import type { NamespaceHandlers } from '../ipc/router';

const notYet = (): never => {
  throw new WeftError('unsupported', 'Agent runs are not available in this build yet.');
};

/** The `agent.*` requests. */
export function agentHandlers(): NamespaceHandlers<'agent'> {
  return {
    'agent.start': notYet,
    'agent.list': notYet,
    'agent.get': notYet,
    'agent.stop': notYet,
    'agent.send': notYet,
    'agent.approve': notYet,
    'agent.checkpoints': notYet,
    'agent.changes': notYet,
    'agent.fileVersions': notYet,
    'agent.rollback': notYet,
    'agent.undoRollback': notYet,
    'agent.finish': notYet,
    'agent.rules': notYet,
    'agent.saveRule': notYet,
    'agent.removeRule': notYet,
    'agent.audit': notYet,
  };
}
