import { useEditor } from '../../stores/editor';
import { useProjects } from '../../stores/projects';
import { useBoard, type BoardView } from './state/board';
import type { BoardTab } from './tabs';

export const BOARD_TAB_ID = 'board';

/** Opens the board tab (one per window; it follows the open project), optionally on a view. */
export function openBoard(view?: BoardView): void {
  const tab: BoardTab = { id: BOARD_TAB_ID, kind: 'board', path: 'Task Board' };
  useEditor.getState().openTab(tab);
  const board = useBoard.getState();
  const projectId = useProjects.getState().current?.id ?? null;
  if (board.projectId !== projectId || board.listState === 'idle') void board.load(projectId);
  if (view) board.setView(view);
}

/** Shows a task: the board tab on its columns with the task's detail open. */
export function openTask(projectId: string, taskId: string): void {
  if (useProjects.getState().current?.id !== projectId) return;
  openBoard('columns');
  useBoard.getState().select(taskId);
}
