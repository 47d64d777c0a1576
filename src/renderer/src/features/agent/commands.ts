import { isLive, useAgent } from './state/agent';
import { useEditor } from '../../stores/editor';
import { useProjects } from '../../stores/projects';
import type { Command } from '../../lib/contributions';
import { showSideView } from '../../stores/workbench';
import { requestNewRunFocus } from './NewRunForm';
import { openReview } from './open';

const showAgents = () => showSideView('agents');

/** The run whose tab (timeline or review) is active, if any. */
const activeRun = () => {
  const { tabs, active } = useEditor.getState();
  const tab = tabs.find((t) => t.id === active);
  if (!tab || (tab.kind !== 'run' && tab.kind !== 'review')) return null;
  return useAgent.getState().byId[tab.runId] ?? null;
};

/** The agent feature's palette commands. */
export function agentCommands(): Command[] {
  const gitProject = () => useProjects.getState().current?.isGitRepo === true;
  return [
    { id: 'agent.show', title: 'Agent: Show Agents', category: 'Agent', run: showAgents },
    {
      id: 'agent.newRun',
      title: 'Agent: New Run…',
      category: 'Agent',
      enabled: gitProject,
      run: () => {
        showAgents();
        // The side view mounts on the next frame when it was hidden.
        requestAnimationFrame(requestNewRunFocus);
      },
    },
    {
      id: 'agent.stop',
      title: 'Agent: Stop Run',
      category: 'Agent',
      enabled: () => {
        const run = activeRun();
        return run !== null && isLive(run);
      },
      run: async () => {
        const run = activeRun();
        if (run) await useAgent.getState().stop(run.id);
      },
    },
    {
      id: 'agent.review',
      title: 'Agent: Review Changes of This Run',
      category: 'Agent',
      enabled: () => activeRun() !== null,
      run: () => {
        const run = activeRun();
        if (run) openReview(run.id);
      },
    },
  ];
}
