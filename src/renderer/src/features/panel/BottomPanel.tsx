import { X } from 'lucide-react';
import { useSettings } from '../../stores/settings';
import { useWorkbench, type PanelTab } from '../../stores/workbench';
import { TerminalPanel } from '../terminal';
import { RunsPanel } from '../workflow';
import { LogsView } from './LogsView';

const tabs: { id: PanelTab; label: string }[] = [
  { id: 'terminal', label: 'Terminal' },
  { id: 'runs', label: 'Runs' },
  { id: 'logs', label: 'Logs' },
];

/** The bottom panel with its tabs. */
export function BottomPanel() {
  const tab = useWorkbench((s) => s.panelTab);
  const setTab = useWorkbench((s) => s.setPanelTab);
  const update = useSettings((s) => s.update);
  return (
    <section aria-label="Panel" className="flex h-full flex-col border-t border-wb-border bg-wb-panel">
      <div role="tablist" className="flex h-9 shrink-0 items-center gap-4 px-4">
        {tabs.map(({ id, label }) => (
          <button
            key={id}
            role="tab"
            type="button"
            aria-selected={tab === id}
            onClick={() => setTab(id)}
            className={`h-full border-b text-[11px] tracking-wide uppercase ${tab === id ? 'border-wb-accent text-wb-fg' : 'border-transparent text-wb-muted hover:text-wb-fg'}`}
          >
            {label}
          </button>
        ))}
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
      <div role="tabpanel" className={`min-h-0 flex-1 ${tab === 'terminal' ? 'overflow-hidden' : 'overflow-auto'}`}>
        {tab === 'terminal' && <TerminalPanel />}
        {tab === 'runs' && <RunsPanel />}
        {tab === 'logs' && <LogsView />}
      </div>
    </section>
  );
}
