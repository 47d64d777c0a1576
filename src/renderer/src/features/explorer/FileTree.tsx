import { useVirtualizer } from '@tanstack/react-virtual';
import { ChevronDown, ChevronRight, File, Folder, FolderOpen } from 'lucide-react';
import { useId, useMemo, useRef, useState } from 'react';
import type { DirEntry } from '../../../../shared/domain/files';
import { useNotices } from '../../stores/notifications';
import { useWorkspace } from '../../stores/workspace';
import { openFile } from '../editor';
import { ContextMenu, type MenuItem } from './ContextMenu';
import { useTreeActions } from './tree-actions';

interface Row {
  readonly entry: DirEntry;
  readonly depth: number;
}

const ROW_HEIGHT = 22;

const decorationColour: Record<string, string> = {
  M: 'text-amber-800 dark:text-amber-300',
  A: 'text-green-700 dark:text-green-400',
  '?': 'text-green-700 dark:text-green-400',
  D: 'text-wb-danger',
  U: 'text-wb-danger',
  R: 'text-sky-700 dark:text-sky-300',
  '•': 'text-amber-800 dark:text-amber-300',
};

/** Flattens the loaded, expanded part of the tree into rows, so only visible rows render. */
function flatten(children: Record<string, DirEntry[]>, expanded: Record<string, boolean>): Row[] {
  const rows: Row[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of children[dir] ?? []) {
      rows.push({ entry, depth });
      if (entry.kind === 'dir' && expanded[entry.path]) walk(entry.path, depth + 1);
    }
  };
  walk('', 0);
  return rows;
}

/** The explorer: a lazy, virtualized tree with git colours and a context menu. */
export function FileTree() {
  const { children, expanded, decorations, selected, toggle, select } = useWorkspace();
  const notices = useNotices();
  const actions = useTreeActions();
  const rows = useMemo(() => flatten(children, expanded), [children, expanded]);
  // Focus stays on the tree; the selected row is announced through aria-activedescendant.
  const rowId = useId();
  const selectedIndex = rows.findIndex((r) => r.entry.path === selected);
  const scroller = useRef<HTMLDivElement>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; items: MenuItem[] } | null>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  const activate = (entry: DirEntry) => {
    select(entry.path);
    if (entry.kind === 'dir') void toggle(entry.path).catch(notices.error);
    else void openFile(entry.path).catch(notices.error);
  };

  return (
    <div
      ref={scroller}
      role="tree"
      aria-label="Files"
      aria-activedescendant={selectedIndex >= 0 ? `${rowId}-${selectedIndex}` : undefined}
      tabIndex={0}
      className="h-full overflow-auto outline-none"
      onContextMenu={(e) => {
        e.preventDefault();
        setMenu({ x: e.clientX, y: e.clientY, items: actions.forFolder('') });
      }}
      onKeyDown={(e) => {
        const index = rows.findIndex((r) => r.entry.path === selected);
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const next = rows[Math.max(0, Math.min(rows.length - 1, index + (e.key === 'ArrowDown' ? 1 : -1)))];
          if (next) {
            select(next.entry.path);
            virtual.scrollToIndex(rows.indexOf(next));
          }
        } else if (e.key === 'Enter' && rows[index]) activate(rows[index].entry);
        else if (e.key === 'F2' && rows[index]) actions.rename(rows[index].entry.path);
        else if (e.key === 'Delete' && rows[index]) actions.remove(rows[index].entry.path);
      }}
    >
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((item) => {
          const { entry, depth } = rows[item.index]!;
          const decoration = decorations[entry.path];
          const isOpen = expanded[entry.path];
          return (
            <div
              key={entry.path}
              id={`${rowId}-${item.index}`}
              role="treeitem"
              aria-level={depth + 1}
              aria-expanded={entry.kind === 'dir' ? Boolean(isOpen) : undefined}
              aria-selected={selected === entry.path}
              data-path={entry.path}
              onClick={() => activate(entry)}
              onContextMenu={(e) => {
                e.preventDefault();
                e.stopPropagation();
                select(entry.path);
                setMenu({
                  x: e.clientX,
                  y: e.clientY,
                  items: entry.kind === 'dir' ? actions.forFolder(entry.path) : actions.forFile(entry.path),
                });
              }}
              className={`absolute left-0 flex w-full cursor-pointer items-center gap-1 pr-2 text-[13px] ${selected === entry.path ? 'bg-wb-hover' : 'hover:bg-wb-hover'} ${entry.ignored ? 'opacity-50' : ''}`}
              style={{ top: item.start, height: ROW_HEIGHT, paddingLeft: 8 + depth * 12 }}
            >
              <span className="w-4 shrink-0 text-wb-muted">
                {entry.kind === 'dir' ? isOpen ? <ChevronDown size={14} /> : <ChevronRight size={14} /> : null}
              </span>
              <span className="shrink-0 text-wb-muted">
                {entry.kind === 'dir' ? isOpen ? <FolderOpen size={14} /> : <Folder size={14} /> : <File size={14} />}
              </span>
              <span className={`truncate ${decoration ? decorationColour[decoration] : ''}`}>{entry.name}</span>
              {decoration && decoration !== '•' && (
                <span className={`ml-auto shrink-0 text-[11px] ${decorationColour[decoration]}`}>
                  {decoration === '?' ? 'U' : decoration}
                </span>
              )}
            </div>
          );
        })}
      </div>
      {menu && <ContextMenu {...menu} onClose={() => setMenu(null)} />}
    </div>
  );
}
