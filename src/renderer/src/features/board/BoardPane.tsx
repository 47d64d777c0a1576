import { ClipboardList, Pause, Play, Plus } from 'lucide-react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { formatUsd } from '../../../../shared/money';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { api } from '../../lib/api';
import { useProjects } from '../../stores/projects';
import { act, pauseBoard, runBoard } from './actions';
import { BoardColumns } from './BoardColumns';
import { BoardFileMenu } from './BoardFileMenu';
import { setBoardDialogHandler, type BoardDialog } from './dialog-request';
import { RadarView } from './RadarView';
import { useBoard, withFleet, type BoardView } from './state/board';
import { useFindings } from './state/findings';
import { AddTaskDialog, ChecklistDialog } from './TaskDialogs';
import { TaskDetail } from './TaskDetail';
import { inputClass } from './ui';
import { WorktreeFindings } from './WorktreeFindings';

const DependencyGraph = lazy(() => import('./DependencyGraph').then((m) => ({ default: m.DependencyGraph })));

const views: { id: BoardView; label: string }[] = [
  { id: 'columns', label: 'Board' },
  { id: 'radar', label: 'Conflict radar' },
  { id: 'graph', label: 'Dependencies' },
];

/** The task board tab: controls, the columns (or radar, or graph) and the selected task's detail. */
export function BoardPane() {
  const project = useProjects((s) => s.current);
  const board = useBoard();
  const [dialog, setDialog] = useState<BoardDialog | null>(null);

  useEffect(() => {
    setBoardDialogHandler(setDialog);
    return () => setBoardDialogHandler(null);
  }, []);
  useEffect(() => {
    const id = project?.id ?? null;
    if (useBoard.getState().projectId !== id) void useBoard.getState().load(id);
    // Git is the source of truth: each time the board opens, say where it and git disagree.
    if (id && project?.isGitRepo) void useFindings.getState().check(id);
  }, [project?.id, project?.isGitRepo]);

  if (!project)
    return <EmptyState title="No folder opened">Open a git repository to plan tasks for agents.</EmptyState>;
  if (!project.isGitRepo)
    return (
      <EmptyState title="Not a git repository">
        Each task runs on its own branch in its own worktree, so the board needs a git repository.
      </EmptyState>
    );

  const tasks = Object.values(board.tasks);
  const dialogs = (
    <>
      {dialog === 'checklist' && <ChecklistDialog projectId={project.id} onClose={() => setDialog(null)} />}
      {dialog === 'add' && <AddTaskDialog projectId={project.id} onClose={() => setDialog(null)} />}
    </>
  );
  if (board.listState === 'error' && board.listError)
    return (
      <EmptyState title={board.listError.title}>
        <span role="alert">{board.listError.message}</span>
      </EmptyState>
    );
  if (board.listState === 'ready' && tasks.length === 0)
    return (
      <div className="flex h-full flex-col" data-testid="board-view">
        {/* A stray task worktree is worth saying even on a board without tasks (a lost database, say). */}
        <WorktreeFindings />
        <EmptyState title="No tasks yet">
          <p>
            Paste a Markdown checklist (each “- [ ] item” becomes a task) or add a task by hand, then run the board:
            agents work on ready tasks in parallel, each in its own worktree.
          </p>
          <div className="mt-3 flex justify-center gap-2">
            <Button variant="primary" onClick={() => setDialog('checklist')}>
              <ClipboardList size={14} aria-hidden /> Paste a checklist
            </Button>
            <Button onClick={() => setDialog('add')}>
              <Plus size={14} aria-hidden /> Add a task
            </Button>
          </div>
        </EmptyState>
        {dialogs}
      </div>
    );

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="board-view">
      <Toolbar projectId={project.id} onDialog={setDialog} />
      <CheckCommandNote />
      <WorktreeFindings />
      <div className="flex min-h-0 flex-1">
        <div className="flex min-w-0 flex-1 flex-col">
          {board.view === 'columns' && <BoardColumns />}
          {board.view === 'radar' && <RadarView />}
          {board.view === 'graph' && (
            <Suspense fallback={<EmptyState title="Loading the graph…" />}>
              <DependencyGraph />
            </Suspense>
          )}
        </div>
        {board.selected && <TaskDetail taskId={board.selected} />}
      </div>
      {dialogs}
    </div>
  );
}

function Toolbar({ projectId, onDialog }: { projectId: string; onDialog: (d: BoardDialog) => void }) {
  const view = useBoard((s) => s.view);
  const fleet = useBoard((s) => s.fleet);
  const [parallel, setParallel] = useState<string>('');
  const concurrency = fleet?.settings.concurrency ?? 2;
  const n = parallel === '' ? concurrency : Number(parallel);
  const validN = Number.isInteger(n) && n >= 1 && n <= 64;
  return (
    <div
      role="toolbar"
      aria-label="Board"
      className="flex flex-wrap items-center gap-2 border-b border-wb-border px-3 py-1.5 text-[12px]"
    >
      <div className="flex rounded-sm border border-wb-border" role="group" aria-label="View">
        {views.map((v) => (
          <button
            key={v.id}
            type="button"
            aria-pressed={view === v.id}
            className={`px-2 py-0.5 ${view === v.id ? 'bg-wb-hover font-semibold text-wb-fg' : 'text-wb-muted'}`}
            onClick={() => useBoard.getState().setView(v.id)}
          >
            {v.label}
          </button>
        ))}
      </div>
      <Button onClick={() => onDialog('checklist')}>
        <ClipboardList size={14} aria-hidden /> Paste checklist
      </Button>
      <Button onClick={() => onDialog('add')}>
        <Plus size={14} aria-hidden /> Add task
      </Button>
      <BoardFileMenu projectId={projectId} />
      <div className="ml-auto flex items-center gap-2">
        {fleet?.paused === 'budget' && <span className="text-wb-danger">Paused: the board’s budget is used up</span>}
        {fleet && fleet.spentUsd > 0 && <span className="text-wb-muted">{formatUsd(fleet.spentUsd)} spent</span>}
        <label className="flex items-center gap-1">
          Agents at once
          <input
            type="number"
            min={1}
            max={64}
            className={`${inputClass} w-14`}
            value={parallel === '' ? concurrency : parallel}
            onChange={(e) => setParallel(e.target.value)}
          />
        </label>
        {fleet?.running ? (
          <Button onClick={() => void pauseBoard()}>
            <Pause size={14} aria-hidden /> Pause
          </Button>
        ) : (
          <Button variant="primary" disabled={!validN} onClick={() => void runBoard(n)}>
            <Play size={14} aria-hidden /> Run board
          </Button>
        )}
      </div>
    </div>
  );
}

/** Tasks are validated by the project's check command, which the user confirms once. */
function CheckCommandNote() {
  const fleet = useBoard((s) => s.fleet);
  const projectId = useBoard((s) => s.projectId);
  if (!fleet || !projectId || fleet.settings.checkCommand !== null) return null;
  const proposal = fleet.proposal;
  return (
    <div
      role="status"
      className="flex items-center gap-2 border-b border-wb-border bg-amber-500/10 px-3 py-1 text-[12px]"
      data-testid="check-command-note"
    >
      {proposal ? (
        <>
          <span>
            Detected check command: <code className="font-mono">{proposal.command}</code>{' '}
            <span className="text-wb-muted">({proposal.reason})</span>
          </span>
          <Button
            onClick={() =>
              void act(() =>
                withFleet(api.tasks.updateSettings({ projectId, patch: { checkCommand: proposal.command } })),
              )
            }
          >
            Use it
          </Button>
        </>
      ) : (
        <span>No check command confirmed yet. Set the command that validates a task under Settings → Task board.</span>
      )}
    </div>
  );
}
