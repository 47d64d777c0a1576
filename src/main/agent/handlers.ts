import type { NamespaceHandlers } from '../ipc/router';
import type { AgentService } from './agent-service';

/** The `agent.*` requests. */
export function agentHandlers(agent: AgentService): NamespaceHandlers<'agent'> {
  return {
    'agent.start': (input) => agent.start(input),
    'agent.list': ({ projectId }) => agent.list(projectId),
    'agent.get': ({ runId, before, limit }) => agent.get(runId, { before, limit }),
    'agent.stop': ({ runId }) => agent.stop(runId),
    'agent.send': ({ runId, text }) => agent.send(runId, text),
    'agent.approve': ({ runId, approvalId, decision }) => {
      agent.approve(runId, approvalId, decision);
      return null;
    },
    'agent.checkpoints': ({ runId }) => agent.checkpoints(runId),
    'agent.changes': ({ runId, from, to }) => agent.changes(runId, from, to),
    'agent.fileVersions': ({ runId, from, to, path }) => agent.fileVersions(runId, from, to, path),
    'agent.rollback': ({ runId, checkpointId }) => agent.rollback(runId, checkpointId),
    'agent.undoRollback': ({ runId }) => agent.undoRollback(runId),
    'agent.finish': ({ runId, action, paths }) => agent.finish(runId, action, paths),
    'agent.rules': ({ projectId }) => agent.rules(projectId),
    'agent.saveRule': (input) => agent.saveRule(input),
    'agent.removeRule': ({ id }) => {
      agent.removeRule(id);
      return null;
    },
    'agent.audit': ({ projectId, runId, limit }) => agent.audit(projectId, runId, limit),
  };
}
