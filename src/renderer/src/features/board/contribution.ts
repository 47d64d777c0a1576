import { KanbanSquare } from 'lucide-react';
import { createElement, lazy } from 'react';
import {
  registerCommands,
  registerEditorPane,
  registerSettingsSection,
  registerSideView,
  registerStatusItem,
} from '../../lib/contributions';
import { registerNoticeOpener } from '../notifications';
import { useEditor } from '../../stores/editor';
import { useWorkbench } from '../../stores/workbench';
import { BoardStatusItem } from './BoardStatusItem';
import { boardCommands } from './commands';
import { BOARD_TAB_ID, openTask } from './open';
import { useBoard } from './state/board';
import { TasksView } from './TasksView';
import type { BoardTab } from './tabs';

// The board (columns, detail, dialogs, radar) loads with its first tab; the side view, the status
// item and the notice opener are small and ready at start.
const BoardPane = lazy(() =>
  import('./BoardPane').then((m) => ({ default: (_: { tab: BoardTab }) => createElement(m.BoardPane) })),
);
const BoardSettings = lazy(() => import('./BoardSettings').then((m) => ({ default: m.BoardSettings })));

registerEditorPane('board', { component: BoardPane, title: () => 'Task Board', icon: KanbanSquare });
registerSideView({ id: 'tasks', title: 'Tasks', icon: KanbanSquare, order: 45, component: TasksView });
registerStatusItem({ id: 'board.status', align: 'right', order: 5, component: BoardStatusItem });
registerSettingsSection({ id: 'board', order: 35, component: BoardSettings });
registerCommands(boardCommands());

registerNoticeOpener(
  'task',
  ({ projectId, taskId }) => openTask(projectId, taskId),
  // The task's detail is open on the board.
  ({ taskId }) =>
    useWorkbench.getState().editorView === 'welcome' &&
    useEditor.getState().active === BOARD_TAB_ID &&
    useBoard.getState().selected === taskId,
);
