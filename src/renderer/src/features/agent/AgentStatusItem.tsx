import { Bot, Loader2, ShieldQuestion } from 'lucide-react';
import { isLive, useAgent } from './state/agent';
import { useAgentRuns } from './AgentsView';
import { openRun } from './open';

/** The status bar's word on agents: how many are working, and a shortcut to one that needs you. */
export function AgentStatusItem() {
  useAgentRuns();
  const runs = useAgent((s) => s.runs);
  const waiting = runs.filter((r) => r.status === 'awaiting_approval');
  const working = runs.filter((r) => isLive(r) && r.status !== 'awaiting_approval');
  if (waiting.length === 0 && working.length === 0) return null;
  const target = waiting[0] ?? working[0]!;
  const label =
    waiting.length > 0
      ? `${waiting.length} ${waiting.length === 1 ? 'run needs' : 'runs need'} approval`
      : `${working.length} ${working.length === 1 ? 'agent' : 'agents'} working`;
  return (
    <button
      type="button"
      className="flex items-center gap-1"
      title={`${label}: open ${waiting.length > 0 ? 'it' : 'the run'}`}
      data-testid="agent-status"
      onClick={() => openRun(target.id)}
    >
      {waiting.length > 0 ? (
        <ShieldQuestion size={12} aria-hidden />
      ) : (
        <>
          <Bot size={12} aria-hidden />
          <Loader2 size={10} className="animate-spin" aria-hidden />
        </>
      )}
      {label}
    </button>
  );
}
