import { KanbanSquare } from 'lucide-react';
import { useMemo } from 'react';
import { boardSummary } from './columns';
import { openBoard } from './open';
import { useBoard } from './state/board';
import { useBoardProject } from './use-board-project';

/** "2 running · 1 needs review" on the status bar while the board has work; a click opens it. */
export function BoardStatusItem() {
  useBoardProject();
  const tasks = useBoard((s) => s.tasks);
  const summary = useMemo(() => boardSummary(Object.values(tasks)), [tasks]);
  if (!summary) return null;
  return (
    <button
      type="button"
      className="flex items-center gap-1"
      title="Open the task board"
      data-testid="board-status"
      onClick={() => openBoard('columns')}
    >
      <KanbanSquare size={12} aria-hidden />
      {summary}
    </button>
  );
}
