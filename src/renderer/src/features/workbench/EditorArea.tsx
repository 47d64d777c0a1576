import { useCommands, type Command } from '../../lib/contributions';
import { formatKeybinding, isMacPlatform } from '../../lib/keybindings';
import { useEditor } from '../../stores/editor';
import { useProjects } from '../../stores/projects';
import { useWorkbench } from '../../stores/workbench';
import { SettingsView } from '../settings';
import { Welcome } from '../welcome';
import { EditorGroup } from './EditorGroup';

/** The centre: settings, the welcome page, or the open project's watermark of key hints. */
export function EditorArea() {
  const commands = useCommands();
  const view = useWorkbench((s) => s.editorView);
  const project = useProjects((s) => s.current);
  const tabs = useEditor((s) => s.tabs);
  if (view === 'settings') return <SettingsView />;
  if (!project) return <Welcome />;
  if (tabs.length > 0) return <EditorGroup />;
  const isMac = isMacPlatform();
  const hints = [
    'workbench.commandPalette',
    'workbench.openFolder',
    'workbench.toggleSideBar',
    'workbench.togglePanel',
    'workbench.showSettings',
  ]
    .map((id) => commands.find((c) => c.id === id))
    .filter((c): c is Command => c !== undefined && c.keybinding !== undefined);
  return (
    <div className="flex h-full flex-col items-center justify-center gap-6 text-wb-muted" data-testid="project-home">
      <div className="text-center">
        <div className="text-2xl font-light text-wb-fg">{project.name}</div>
        <div className="mt-1 font-mono text-[12px]">{project.path}</div>
      </div>
      <dl className="grid grid-cols-[auto_auto] gap-x-6 gap-y-2 text-[12px]">
        {hints.map((c) => (
          <div key={c.id} className="contents">
            <dt className="text-right">{c.title}</dt>
            <dd>
              <kbd className="rounded-sm bg-wb-hover px-1.5 py-0.5 font-mono">
                {formatKeybinding(c.keybinding!, isMac)}
              </kbd>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
