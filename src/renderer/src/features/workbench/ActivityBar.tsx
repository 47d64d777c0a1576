import { Bot, FolderTree, GitBranch, Search, Settings, Workflow, type LucideIcon } from 'lucide-react';
import { useSettings } from '../../stores/settings';
import { useWorkbench, type SideView } from '../../stores/workbench';

const items: { view: SideView; label: string; icon: LucideIcon }[] = [
  { view: 'explorer', label: 'Explorer', icon: FolderTree },
  { view: 'search', label: 'Search', icon: Search },
  { view: 'git', label: 'Source Control', icon: GitBranch },
  { view: 'agents', label: 'Agents', icon: Bot },
  { view: 'workflows', label: 'Workflows', icon: Workflow },
];

/** The far-left strip: one icon per side view; clicking the active one hides the side bar. */
export function ActivityBar() {
  const sideView = useWorkbench((s) => s.sideView);
  const setSideView = useWorkbench((s) => s.setSideView);
  const setEditorView = useWorkbench((s) => s.setEditorView);
  const visible = useSettings((s) => s.settings.layout.sideBarVisible);
  const update = useSettings((s) => s.update);

  return (
    <nav
      aria-label="Activity bar"
      className="flex w-12 shrink-0 flex-col items-center justify-between bg-wb-activity py-1"
    >
      <div className="flex flex-col items-center">
        {items.map(({ view, label, icon: Icon }) => {
          const active = visible && sideView === view;
          return (
            <button
              key={view}
              type="button"
              title={label}
              aria-label={label}
              aria-pressed={active}
              onClick={() => {
                if (active) void update({ layout: { sideBarVisible: false } });
                else {
                  setSideView(view);
                  if (!visible) void update({ layout: { sideBarVisible: true } });
                }
              }}
              className={`flex h-12 w-12 items-center justify-center border-l-2 ${active ? 'border-wb-activity-active text-wb-activity-active' : 'border-transparent text-wb-activity-fg hover:text-wb-activity-active'}`}
            >
              <Icon size={22} strokeWidth={1.5} />
            </button>
          );
        })}
      </div>
      <button
        type="button"
        title="Settings"
        aria-label="Settings"
        onClick={() => setEditorView('settings')}
        className="flex h-12 w-12 items-center justify-center text-wb-activity-fg hover:text-wb-activity-active"
      >
        <Settings size={22} strokeWidth={1.5} />
      </button>
    </nav>
  );
}
