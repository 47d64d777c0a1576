import { useState, type DragEvent } from 'react';
import { Group, Panel, Separator, type Layout } from 'react-resizable-panels';
import { pathForDroppedFile } from '../../lib/api';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { useSettings } from '../../stores/settings';
import { confirmUnsaved } from '../../stores/unsaved';
import { useWorkbench } from '../../stores/workbench';
import { useCommands } from '../../lib/contributions';
import { CommandPalette } from '../palette';
import { BottomPanel } from '../panel';
import { LinkConfirm } from '../terminal';
import { ActivityBar } from './ActivityBar';
import { EditorArea } from './EditorArea';
import { Notices } from './Notices';
import { SideBar } from './SideBar';
import { StatusBar } from './StatusBar';
import { TrustDialog } from './TrustDialog';
import { UnsavedDialog } from './UnsavedDialog';
import { useProjectSession } from './use-project-session';

const separator = 'bg-wb-border data-[separator=active]:bg-wb-accent data-[separator=hover]:bg-wb-accent';

/** The VS Code-like frame: activity bar, side bar, editor area, bottom panel, status bar. */
export function Workbench() {
  const commands = useCommands();
  const layout = useSettings((s) => s.settings.layout);
  const update = useSettings((s) => s.update);
  const notices = useNotices();
  const [dragging, setDragging] = useState(false);
  useProjectSession();

  // Sizes persist through settings only when the user drags, not on every programmatic layout.
  const saveSide = (l: Layout, meta: { isUserInteraction: boolean }) => {
    if (meta.isUserInteraction && l.side !== undefined) void update({ layout: { sideBarSize: round(l.side) } });
  };
  const savePanel = (l: Layout, meta: { isUserInteraction: boolean }) => {
    if (meta.isUserInteraction && l.panel !== undefined) void update({ layout: { panelSize: round(l.panel) } });
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!file) return;
    const path = pathForDroppedFile(file);
    if (!path) {
      notices.push(
        'error',
        'Type the path instead',
        'In browser mode the page cannot see where a dropped folder lives. Type its path on the welcome page.',
      );
      return;
    }
    void confirmUnsaved()
      .then((go) => {
        if (!go) return true;
        useWorkbench.getState().setEditorView('welcome');
        return useProjects.getState().open(path);
      })
      .then((ok) => {
        if (!ok) {
          const error = useProjects.getState().openError;
          if (error) notices.push('error', error.title, error.message);
        }
      });
  };

  return (
    <div
      className="flex h-full flex-col"
      onDragOver={(e) => {
        // Only files and folders from outside open a project; steps dragged onto a canvas do not.
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <div className="flex min-h-0 flex-1">
        <ActivityBar />
        <Group id="weft-main" orientation="horizontal" className="min-w-0 flex-1" onLayoutChanged={saveSide}>
          {layout.sideBarVisible && (
            <>
              <Panel id="side" defaultSize={`${layout.sideBarSize}%`} minSize="160px" maxSize="70%">
                <SideBar />
              </Panel>
              <Separator className={`w-px ${separator}`} />
            </>
          )}
          <Panel id="center" minSize="30%">
            <Group id="weft-center" orientation="vertical" onLayoutChanged={savePanel}>
              <Panel id="editor" minSize="15%">
                <main className="h-full bg-wb-bg">
                  <EditorArea />
                </main>
              </Panel>
              {layout.panelVisible && (
                <>
                  <Separator className={`h-px ${separator}`} />
                  <Panel id="panel" defaultSize={`${layout.panelSize}%`} minSize="80px" maxSize="85%">
                    <BottomPanel />
                  </Panel>
                </>
              )}
            </Group>
          </Panel>
        </Group>
      </div>
      <StatusBar />
      <CommandPalette commands={commands} />
      <Notices />
      <LinkConfirm />
      <TrustDialog />
      <UnsavedDialog />
      {dragging && (
        <div className="pointer-events-none fixed inset-0 z-30 flex items-center justify-center border-2 border-dashed border-wb-accent bg-wb-accent/10 text-lg">
          Drop a folder to open it
        </div>
      )}
    </div>
  );
}

const round = (n: number) => Math.round(n * 10) / 10;
