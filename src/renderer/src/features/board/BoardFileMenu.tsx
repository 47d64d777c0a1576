import * as Menu from '@radix-ui/react-dropdown-menu';
import { MoreHorizontal } from 'lucide-react';
import { useRef } from 'react';
import { api } from '../../lib/api';
import { useNotices } from '../../stores/notifications';
import { act } from './actions';
import { useBoard } from './state/board';
import { checkWorktrees } from './state/findings';

const menuItem =
  'flex cursor-default items-center rounded-sm px-2 py-1 text-[12px] outline-none select-none data-[highlighted]:bg-wb-hover';

/** Saves the board as a JSON file the browser (or Electron) downloads. */
async function exportBoard(projectId: string): Promise<void> {
  const board = await api.tasks.exportBoard({ projectId });
  const url = URL.createObjectURL(new Blob([JSON.stringify(board, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'weft-board.json';
  link.click();
  URL.revokeObjectURL(url);
}

/** Adds the tasks of a board file (new ids, dependencies kept between them) to this board. */
async function importBoard(projectId: string, file: File): Promise<void> {
  let board: unknown;
  try {
    board = JSON.parse(await file.text());
  } catch {
    throw new Error(`${file.name} is not JSON.`);
  }
  const tasks = await api.tasks.importBoard({ projectId, board });
  useBoard.getState().merge(tasks);
  useNotices.getState().push('info', 'Board imported', `${tasks.length} tasks from ${file.name}, in the backlog.`);
}

/** The toolbar's ⋯ menu: the board as a file, out and in. */
export function BoardFileMenu({ projectId }: { projectId: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Menu.Root>
        <Menu.Trigger
          aria-label="More board actions"
          className="rounded-sm p-1 text-wb-muted hover:bg-wb-hover hover:text-wb-fg"
        >
          <MoreHorizontal size={14} aria-hidden />
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content
            align="end"
            className="z-50 min-w-44 rounded-sm border border-wb-border bg-wb-side p-1 text-wb-fg shadow-lg"
          >
            <Menu.Item className={menuItem} onSelect={() => void act(() => exportBoard(projectId))}>
              Export board as JSON…
            </Menu.Item>
            <Menu.Item className={menuItem} onSelect={() => input.current?.click()}>
              Import board from JSON…
            </Menu.Item>
            <Menu.Item className={menuItem} onSelect={() => void checkWorktrees()}>
              Check worktrees
            </Menu.Item>
            <Menu.Item
              className={menuItem}
              onSelect={() =>
                void useBoard
                  .getState()
                  .load(projectId)
                  .then(() => checkWorktrees())
              }
            >
              Refresh
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        aria-label="Board file to import"
        className="hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void act(() => importBoard(projectId, file));
        }}
      />
    </>
  );
}
