import { X } from 'lucide-react';
import { Suspense, useRef, type KeyboardEvent } from 'react';
import { editorPaneFor, useEditorPanes, type EditorPane } from '../../lib/contributions';
import { isDirty, useEditor, type Tab } from '../../stores/editor';

const alwaysClean = () => false;

/** One tab in the strip. The close button sits beside the tab, not in it (a tab holds no controls). */
function EditorTab({ tab, pane, selected }: { tab: Tab; pane: EditorPane | undefined; selected: boolean }) {
  const { activate, close, pin } = useEditor.getState();
  // Panes whose dirty state lives in their own store give a hook, so the marker follows it.
  const useIsDirty = pane?.useIsDirty ?? alwaysClean;
  const dirty = useIsDirty(tab) || isDirty(tab);
  const name = pane?.title(tab) ?? tab.path;
  const Icon = pane?.icon;
  const closeTab = () => {
    if (isDirty(tab) && !window.confirm(`${name} has unsaved changes. Close it and lose them?`)) return;
    close(tab.id);
  };
  return (
    <div
      className={`group flex shrink-0 items-center border-r border-wb-border pr-2 text-[13px] ${selected ? 'bg-wb-bg text-wb-fg' : 'text-wb-muted'}`}
      onAuxClick={(e) => e.button === 1 && close(tab.id)}
    >
      <div
        role="tab"
        id={`editor-tab-${tab.id}`}
        aria-selected={selected}
        tabIndex={selected ? 0 : -1}
        title={tab.path}
        data-preview={tab.preview ? 'true' : undefined}
        onClick={() => activate(tab.id)}
        onDoubleClick={() => pin(tab.id)}
        className="flex h-full cursor-pointer items-center gap-2 pr-1 pl-3 outline-offset-[-2px]"
      >
        {Icon && <Icon size={13} aria-hidden className="shrink-0" />}
        <span className={pane?.italic || tab.preview ? 'italic' : ''}>
          {name}
          {pane?.suffix ?? ''}
        </span>
        {dirty && (
          <span data-testid="dirty-marker" className="h-2 w-2 rounded-full bg-wb-fg group-hover:hidden">
            <span className="sr-only">, unsaved changes</span>
          </span>
        )}
      </div>
      {/* Kept out of the accessibility tree: inside a tab list only tabs may be; Ctrl/Cmd+W closes the active tab. */}
      <button
        type="button"
        aria-hidden
        tabIndex={-1}
        title={dirty ? `${name} has unsaved changes; close` : `Close ${name}`}
        className={`h-4 w-4 items-center justify-center rounded-sm hover:bg-wb-hover ${dirty ? 'hidden group-hover:flex' : 'flex'}`}
        onClick={closeTab}
      >
        <X size={13} />
      </button>
    </div>
  );
}

/** The open editors' tabs over the active one's pane, whichever feature registered it. */
export function EditorGroup() {
  const tabs = useEditor((s) => s.tabs);
  const active = useEditor((s) => s.active);
  // Re-render when a pane registers late (a lazily loaded feature).
  useEditorPanes();
  const strip = useRef<HTMLDivElement>(null);
  const current = tabs.find((t) => t.id === active) ?? null;
  const pane = current ? editorPaneFor(current) : undefined;
  const Pane = pane?.component;

  // Arrow keys move between tabs, as in every tab list.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const at = tabs.findIndex((t) => t.id === active);
    const next = tabs[(at + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (!next) return;
    event.preventDefault();
    useEditor.getState().activate(next.id);
    strip.current?.querySelector<HTMLElement>(`[id="${CSS.escape(`editor-tab-${next.id}`)}"]`)?.focus();
  };

  return (
    <div className="flex h-full flex-col">
      <div
        ref={strip}
        role="tablist"
        aria-label="Open editors"
        onKeyDown={onKeyDown}
        className="flex h-9 shrink-0 overflow-x-auto bg-wb-side"
      >
        {tabs.map((tab) => (
          <EditorTab
            key={editorPaneFor(tab) ? tab.id : `${tab.id}:pending`}
            tab={tab}
            pane={editorPaneFor(tab)}
            selected={tab.id === active}
          />
        ))}
      </div>
      <div
        className="min-h-0 flex-1"
        role="tabpanel"
        aria-labelledby={current ? `editor-tab-${current.id}` : undefined}
      >
        <Suspense fallback={<div className="p-4 text-wb-muted">Loading…</div>}>
          {current && Pane && <Pane key={current.id} tab={current} />}
        </Suspense>
      </div>
    </div>
  );
}
