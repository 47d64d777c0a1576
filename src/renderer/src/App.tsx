import { useEffect, useState } from 'react';
import { describeError } from './lib/errors';
import { useCommands } from './lib/contributions';
import { useKeybindings, useTheme, Workbench } from './features/workbench';
import { useApp } from './stores/app';
import { useLogs } from './features/panel';
import { useNotices } from './stores/notifications';
import { useProjects } from './stores/projects';
import { useSettings } from './stores/settings';
import { useTerminals } from './features/terminal';
import { useWorkbench } from './stores/workbench';

/** Loads what the workbench needs from the backend, then shows it. */
export function App() {
  const [startError, setStartError] = useState<{ title: string; message: string } | null>(null);
  const settingsLoaded = useSettings((s) => s.loaded);
  const infoLoaded = useApp((s) => s.info !== null);
  const ready = settingsLoaded && infoLoaded;
  const commands = useCommands();
  useTheme();
  useKeybindings(commands);

  useEffect(() => {
    const start = async () => {
      await Promise.all([useApp.getState().load(), useSettings.getState().load(), useLogs.getState().load()]);
      const sandbox = useApp.getState().info?.sandbox;
      // Said once, at start: every agent run also shows "Not sandboxed" and asks per command.
      if (sandbox && !sandbox.available) {
        useNotices
          .getState()
          .push(
            'error',
            'Commands are not sandboxed on this computer',
            `${sandbox.reason ?? 'No sandbox is available.'} Weft will ask before every command an agent runs.`,
          );
      }
      await useProjects.getState().loadRecent();
      await useProjects.getState().reopenLast();
      await useTerminals.getState().load();
      // Terminals outlive a reload in main; come back to them rather than to the log.
      if (useTerminals.getState().sessions.length > 0) useWorkbench.getState().setPanelTab('terminal');
    };
    start().catch((error: unknown) => setStartError(describeError(error)));
  }, []);

  if (startError) {
    return (
      <div role="alert" className="flex h-full flex-col items-center justify-center gap-2 p-8 text-center">
        <div className="text-lg text-wb-danger">{startError.title}</div>
        <div className="max-w-lg text-wb-muted">{startError.message}</div>
      </div>
    );
  }
  if (!ready) return <div className="flex h-full items-center justify-center text-wb-muted">Starting Weft…</div>;
  return <Workbench />;
}
