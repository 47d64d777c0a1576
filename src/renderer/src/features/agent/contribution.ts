import { Bot, FileDiff } from 'lucide-react';
import { createElement, lazy } from 'react';
import { registerCommands, registerEditorPane, registerSideView, registerStatusItem } from '../../lib/contributions';
import { useEditor } from '../../stores/editor';
import { useProjects } from '../../stores/projects';
import { useWorkbench } from '../../stores/workbench';
import { registerNoticeOpener } from '../notifications';
import { AgentStatusItem } from './AgentStatusItem';
import { AgentsView } from './AgentsView';
import { agentCommands } from './commands';
import { openRun } from './open';
import type { RunTabState } from './tabs';

// The review shows diffs in Monaco: it and the timeline load with the first run tab.
const RunPane = lazy(() =>
  import('./RunTab').then((m) => ({
    default: ({ tab }: { tab: RunTabState }) => createElement(m.RunTab, { runId: tab.runId }),
  })),
);
const ReviewPane = lazy(() => import('./ReviewTab').then((m) => ({ default: m.ReviewTab })));

registerEditorPane('run', { component: RunPane, title: (tab) => tab.path, icon: Bot });
registerEditorPane('review', { component: ReviewPane, title: (tab) => tab.path, icon: FileDiff });

registerSideView({ id: 'agents', title: 'Agents', icon: Bot, order: 40, component: AgentsView });

/** Agents work in worktrees, so only a git project has them to show. */
function AgentStatus() {
  const gitProject = useProjects((s) => s.current?.isGitRepo === true);
  return gitProject ? createElement(AgentStatusItem) : null;
}
registerStatusItem({ id: 'agent.status', align: 'right', order: 10, component: AgentStatus });

registerCommands(agentCommands());

// A notice about a run (it needs approval, finished or stopped) opens its tab, as the run list does.
registerNoticeOpener(
  'agentRun',
  ({ runId }) => openRun(runId),
  ({ runId }) => useWorkbench.getState().editorView === 'welcome' && useEditor.getState().active === `run:${runId}`,
);
