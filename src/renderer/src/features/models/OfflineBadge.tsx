import { CloudOff } from 'lucide-react';
import { useSettings } from '../../stores/settings';
import { useWorkbench } from '../../stores/workbench';
import { scrollToModelSettings } from './scroll';

/** Shown in the status bar while offline mode keeps every model request on this machine. */
export function OfflineBadge() {
  const offline = useSettings((s) => s.settings.models.offline);
  if (!offline) return null;
  return (
    <button
      type="button"
      data-testid="offline-badge"
      className="flex items-center gap-1 rounded-sm bg-wb-status-fg/15 px-1.5"
      title="Offline mode: model requests go only to servers on this machine. Click to change."
      onClick={() => {
        useWorkbench.getState().setEditorView('settings');
        scrollToModelSettings();
      }}
    >
      <CloudOff size={12} /> Offline
    </button>
  );
}
