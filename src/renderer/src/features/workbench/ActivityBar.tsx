import { Settings } from 'lucide-react';
import { useSideViews } from '../../lib/contributions';
import { Tooltip, TooltipGroup } from '../../components/ui/Tooltip';
import { useSettings } from '../../stores/settings';
import { useWorkbench } from '../../stores/workbench';

/** The far-left strip: one icon per side view; clicking the active one hides the side bar. */
export function ActivityBar() {
  const sideView = useWorkbench((s) => s.sideView);
  const setSideView = useWorkbench((s) => s.setSideView);
  const setEditorView = useWorkbench((s) => s.setEditorView);
  const visible = useSettings((s) => s.settings.layout.sideBarVisible);
  const update = useSettings((s) => s.update);
  const views = useSideViews();

  return (
    <TooltipGroup>
      <nav
        aria-label="Activity bar"
        className="flex w-12 shrink-0 flex-col items-center justify-between bg-wb-activity py-1"
      >
        <div className="flex flex-col items-center">
          {views.map(({ id: view, title: label, icon: Icon }) => {
            const active = visible && sideView === view;
            return (
              <Tooltip key={view} label={label}>
                <button
                  type="button"
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
              </Tooltip>
            );
          })}
        </div>
        <Tooltip label="Settings">
          <button
            type="button"
            aria-label="Settings"
            onClick={() => setEditorView('settings')}
            className="flex h-12 w-12 items-center justify-center text-wb-activity-fg hover:text-wb-activity-active"
          >
            <Settings size={22} strokeWidth={1.5} />
          </button>
        </Tooltip>
      </nav>
    </TooltipGroup>
  );
}
