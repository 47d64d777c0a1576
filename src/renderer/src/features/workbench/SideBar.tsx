import { useWorkbench, type SideView } from '../../stores/workbench';
import { AgentsView } from '../agent';
import { ExplorerView } from '../explorer';
import { GitView } from '../git';
import { SearchView } from '../search';
import { WorkflowsView } from '../workflow';

const titles: Record<SideView, string> = {
  explorer: 'Explorer',
  search: 'Search',
  git: 'Source Control',
  agents: 'Agents',
  workflows: 'Workflows',
};

/** The side panel: the view chosen in the activity bar. */
export function SideBar() {
  const view = useWorkbench((s) => s.sideView);
  return (
    <aside aria-label={titles[view]} className="flex h-full flex-col bg-wb-side">
      <div className="flex h-9 shrink-0 items-center px-4 text-[11px] font-semibold tracking-wide text-wb-muted uppercase">
        {titles[view]}
      </div>
      <div className="min-h-0 flex-1 overflow-hidden">
        {view === 'explorer' && <ExplorerView />}
        {view === 'search' && <SearchView />}
        {view === 'git' && <GitView />}
        {view === 'agents' && <AgentsView />}
        {view === 'workflows' && <WorkflowsView />}
      </div>
    </aside>
  );
}
