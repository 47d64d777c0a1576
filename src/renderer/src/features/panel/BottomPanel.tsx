import { X } from 'lucide-react';
import { Suspense } from 'react';
import { usePanelTabs } from '../../lib/contributions';
import { useSettings } from '../../stores/settings';
import { useWorkbench } from '../../stores/workbench';

/** The bottom panel with the tabs features registered. */
export function BottomPanel() {
  const id = useWorkbench((s) => s.panelTab);
  const setTab = useWorkbench((s) => s.setPanelTab);
  const update = useSettings((s) => s.update);
  const tabs = usePanelTabs();
  const current = tabs.find((t) => t.id === id) ?? tabs[0];
  const View = current?.component;
  return (
    <section aria-label="Panel" className="flex h-full flex-col border-t border-wb-border bg-wb-panel">
      <div className="flex h-9 shrink-0 items-center px-4">
        <div role="tablist" aria-label="Panel views" className="flex h-full items-center gap-4">
          {tabs.map((tab) => (
            <button
              key={tab.id}
              id={`panel-tab-${tab.id}`}
              role="tab"
              type="button"
              aria-selected={current?.id === tab.id}
              onClick={() => setTab(tab.id)}
              className={`h-full border-b text-[11px] tracking-wide uppercase ${current?.id === tab.id ? 'border-wb-accent text-wb-fg' : 'border-transparent text-wb-muted hover:text-wb-fg'}`}
            >
              {tab.title}
            </button>
          ))}
        </div>
        <button
          type="button"
          title="Close Panel"
          aria-label="Close Panel"
          className="ml-auto text-wb-muted hover:text-wb-fg"
          onClick={() => void update({ layout: { panelVisible: false } })}
        >
          <X size={15} />
        </button>
      </div>
      <div
        role="tabpanel"
        aria-labelledby={current ? `panel-tab-${current.id}` : undefined}
        className={`min-h-0 flex-1 ${current?.ownsScrolling ? 'overflow-hidden' : 'overflow-auto'}`}
      >
        <Suspense fallback={null}>{View && <View key={current.id} />}</Suspense>
      </div>
    </section>
  );
}
