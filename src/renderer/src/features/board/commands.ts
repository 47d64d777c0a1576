import type { Command } from '../../lib/contributions';
import { useProjects } from '../../stores/projects';
import { showSideView } from '../../stores/workbench';
import { pauseBoard, runBoard } from './actions';
import { requestBoardDialog, type BoardDialog } from './dialog-request';
import { openBoard } from './open';
import { useBoard } from './state/board';

const gitProject = () => useProjects.getState().current?.isGitRepo === true;

/** Opens the board, then one of its dialogs once the pane is mounted. */
function boardDialog(dialog: BoardDialog): void {
  openBoard('columns');
  requestAnimationFrame(() => requestBoardDialog(dialog));
}

/** The board's palette commands and keys. */
export function boardCommands(): Command[] {
  return [
    {
      id: 'board.open',
      title: 'Tasks: Open Task Board',
      category: 'Tasks',
      keybinding: 'Mod+Shift+K',
      enabled: gitProject,
      run: () => openBoard('columns'),
    },
    { id: 'board.showTasks', title: 'Tasks: Show Tasks View', category: 'Tasks', run: () => showSideView('tasks') },
    {
      id: 'board.pasteChecklist',
      title: 'Tasks: Paste a Checklist…',
      category: 'Tasks',
      enabled: gitProject,
      run: () => boardDialog('checklist'),
    },
    {
      id: 'board.addTask',
      title: 'Tasks: Add Task…',
      category: 'Tasks',
      enabled: gitProject,
      run: () => boardDialog('add'),
    },
    {
      id: 'board.run',
      title: 'Tasks: Run Board',
      category: 'Tasks',
      enabled: () => gitProject() && useBoard.getState().fleet?.running !== true,
      run: () => runBoard(),
    },
    {
      id: 'board.pause',
      title: 'Tasks: Pause Board',
      category: 'Tasks',
      enabled: () => useBoard.getState().fleet?.running === true,
      run: () => pauseBoard(),
    },
    {
      id: 'board.radar',
      title: 'Tasks: Show Conflict Radar',
      category: 'Tasks',
      enabled: gitProject,
      run: () => openBoard('radar'),
    },
    {
      id: 'board.graph',
      title: 'Tasks: Show Dependency Graph',
      category: 'Tasks',
      enabled: gitProject,
      run: () => openBoard('graph'),
    },
  ];
}
