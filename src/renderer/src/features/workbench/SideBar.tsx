import { Suspense } from 'react';
import { useSideViews } from '../../lib/contributions';
import { useWorkbench } from '../../stores/workbench';

/** The side panel: the view chosen in the activity bar. */
export function SideBar() {
  const id = useWorkbench((s) => s.sideView);
  const views = useSideViews();
  const view = views.find((v) => v.id === id) ?? views[0];
  if (!view) return null;
  const View = view.component;
  return (
    <aside aria-label={view.title} className="flex h-full flex-col bg-wb-side">
      <div className="flex h-9 shrink-0 items-center px-4 text-[11px] font-semibold tracking-wide text-wb-muted uppercase">
        {view.title}
      </div>
      <div className="min-h-0 flex-1 overflow-hidden">
        <Suspense fallback={null}>
          <View key={view.id} />
        </Suspense>
      </div>
    </aside>
  );
}
