import { X } from 'lucide-react';
import { useState } from 'react';
import type { Assignee, Task } from '../../../../shared/domain/tasks';
import { Button } from '../../components/ui/Button';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { openReview, openRun } from '../agent';
import {
  act,
  approveTask,
  cancelTask,
  queueTask,
  recoverTask,
  resumeTask,
  retryTask,
  setPriority,
  unqueueTask,
} from './actions';
import { AssigneeEditor } from './AssigneeEditor';
import { DependencyPicker } from './DependencyPicker';
import { BASE, pairOf, plannedOverlap } from './radar';
import { useBoard, withTask } from './state/board';
import { useRuns } from './state/runs';
import { TaskJournal } from './TaskJournal';
import { StateChip, inputClass } from './ui';

function Heading({ children }: { children: string }) {
  return <h3 className="mt-4 mb-1 text-[11px] font-semibold tracking-wide text-wb-muted uppercase">{children}</h3>;
}

/** The selected task: its text, dependencies, assignee, what its run did, and what can be done next. */
export function TaskDetail({ taskId }: { taskId: string }) {
  const task = useBoard((s) => s.tasks[taskId]);
  const all = useBoard((s) => s.tasks);
  const detail = useBoard((s) => (s.detail?.task.id === taskId ? s.detail : null));
  const detailError = useBoard((s) => s.detailError);
  if (!task) return null;
  return (
    <aside
      aria-label={`Task: ${task.title}`}
      data-testid="task-detail"
      className="flex w-96 shrink-0 flex-col overflow-y-auto border-l border-wb-border bg-wb-side p-3 text-[13px]"
    >
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <StateChip state={task.state} interrupted={task.interrupted} />
        </div>
        <button
          type="button"
          aria-label="Close task details"
          className="rounded-sm p-0.5 text-wb-muted hover:bg-wb-hover hover:text-wb-fg"
          onClick={() => useBoard.getState().select(null)}
        >
          <X size={14} aria-hidden />
        </button>
      </div>
      {/* Keyed by task so the fields start from the task each time another one is selected. */}
      <TextFields key={`text-${task.id}`} task={task} />
      <OverlapWarning task={task} />
      <Actions task={task} />
      {task.failure && (
        <div role="alert" className="mt-3 rounded-sm border border-wb-danger/50 bg-wb-danger/10 p-2 text-[12px]">
          <div className="font-semibold text-wb-danger">{task.failure.message}</div>
        </div>
      )}
      <Heading>Priority</Heading>
      <select
        aria-label="Priority"
        className={inputClass}
        value={task.priority}
        onChange={(e) => void setPriority(task, Number(e.target.value))}
      >
        {[1, 2, 3, 4, 5].map((p) => (
          <option key={p} value={p}>
            {`P${p}${p === 1 ? ' (most urgent)' : p === 5 ? ' (least urgent)' : ''}`}
          </option>
        ))}
      </select>
      <Heading>Depends on</Heading>
      <DependencyPicker key={`deps-${task.id}-${task.dependsOn.join(',')}`} task={task} all={all} />
      <Heading>Assignee</Heading>
      <AssigneeForm key={`assignee-${task.id}`} task={task} />
      <Conflicts task={task} />
      {detail?.checkOutput && (
        <>
          <Heading>Check output</Heading>
          <pre
            aria-label="Check output"
            // Scrolls when long, so it takes focus for the keyboard to scroll it.
            tabIndex={0}
            className="max-h-60 overflow-auto rounded-sm border border-wb-border bg-wb-bg p-2 font-mono text-[11px] whitespace-pre-wrap"
          >
            {detail.checkOutput}
          </pre>
        </>
      )}
      {detail?.setupOutput && (
        <>
          <Heading>Setup output</Heading>
          <pre
            aria-label="Setup output"
            tabIndex={0}
            className="max-h-40 overflow-auto rounded-sm border border-wb-border bg-wb-bg p-2 font-mono text-[11px] whitespace-pre-wrap"
          >
            {detail.setupOutput}
          </pre>
        </>
      )}
      {detail && (
        <>
          <Heading>Journal</Heading>
          <TaskJournal events={detail.events} />
          <p className="mt-2 truncate text-[11px] text-wb-muted" title={detail.worktreePath ?? undefined}>
            {task.branch ? `Branch ${task.branch}` : `Starts from ${task.baseBranch}`}
            {detail.ports && ` · ports ${detail.ports.base}–${detail.ports.base + detail.ports.size - 1}`}
          </p>
        </>
      )}
      {detailError && <p className="mt-2 text-[12px] text-wb-danger">{detailError.message}</p>}
    </aside>
  );
}

function TextFields({ task }: { task: Task }) {
  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description);
  const [error, setError] = useState<string | null>(null);
  // A change from elsewhere (another window, the CLI) shows unless the user is editing that field.
  const [shown, setShown] = useState({ title: task.title, description: task.description });
  if (shown.title !== task.title || shown.description !== task.description) {
    if (title === shown.title) setTitle(task.title);
    if (description === shown.description) setDescription(task.description);
    setShown({ title: task.title, description: task.description });
  }
  const dirty = title !== task.title || description !== task.description;
  const save = async () => {
    setError(null);
    try {
      await withTask(
        api.tasks.edit({
          taskId: task.id,
          edit: {
            ...(title !== task.title ? { title } : {}),
            ...(description !== task.description ? { description } : {}),
          },
        }),
      );
    } catch (e) {
      setError(describeError(e).message);
    }
  };
  return (
    <form
      aria-label="Task text"
      className="mt-2 flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        aria-label="Title"
        className={`${inputClass} font-semibold`}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <textarea
        aria-label="Description (Markdown)"
        placeholder="What should be done, which files, how to check it. Markdown."
        rows={6}
        className={`${inputClass} resize-y font-mono text-[12px]`}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      {error && (
        <p role="alert" className="text-[12px] text-wb-danger">
          {error}
        </p>
      )}
      {dirty && (
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={title.trim() === ''}>
            Save text
          </Button>
          <Button
            onClick={() => {
              setTitle(task.title);
              setDescription(task.description);
            }}
          >
            Revert
          </Button>
        </div>
      )}
    </form>
  );
}

function Actions({ task }: { task: Task }) {
  const [note, setNote] = useState('');
  const agentRun = task.runId && task.assignee?.kind === 'agent' ? task.runId : null;
  const active = ['running', 'validating', 'merging', 'review', 'ready', 'blocked'].includes(task.state);
  return (
    <div className="mt-3 flex flex-col gap-2">
      <div className="flex flex-wrap gap-1.5">
        {task.state === 'backlog' && (
          <Button variant="primary" onClick={() => void queueTask(task)}>
            Queue
          </Button>
        )}
        {(task.state === 'ready' || task.state === 'blocked') && (
          <Button onClick={() => void unqueueTask(task)}>Move to backlog</Button>
        )}
        {task.state === 'review' && (
          <Button variant="primary" onClick={() => void approveTask(task)}>
            Approve
          </Button>
        )}
        {task.state === 'failed' && (
          <Button variant="primary" onClick={() => void retryTask(task)}>
            Retry
          </Button>
        )}
        {task.interrupted && (
          <Button variant="primary" onClick={() => void resumeTask(task)}>
            Resume
          </Button>
        )}
        {task.state === 'cancelled' && <Button onClick={() => void recoverTask(task)}>Recover work</Button>}
        {agentRun && <Button onClick={() => openRun(agentRun)}>Open run</Button>}
        {agentRun && ['review', 'failed', 'done', 'cancelled', 'validating'].includes(task.state) && (
          <Button onClick={() => openReview(agentRun)}>View diff</Button>
        )}
        {active && (
          <Button variant="ghost" className="text-wb-danger" onClick={() => void cancelTask(task)}>
            Cancel task
          </Button>
        )}
      </div>
      {task.state === 'review' && (
        <form
          aria-label="Request changes"
          className="flex gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            if (!note.trim()) return;
            void act(async () => {
              await withTask(api.tasks.revise({ taskId: task.id, message: note.trim() }));
              setNote('');
            });
          }}
        >
          <input
            aria-label="Changes to ask for"
            placeholder="Ask the agent for changes…"
            className={`${inputClass} min-w-0 flex-1`}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button type="submit" disabled={!note.trim()}>
            Send back
          </Button>
        </form>
      )}
    </div>
  );
}

function AssigneeForm({ task }: { task: Task }) {
  const [value, setValue] = useState<Assignee | null>(task.assignee);
  const [problem, setProblem] = useState<string | null>(null);
  const dirty = JSON.stringify(value) !== JSON.stringify(task.assignee);
  const editable = ['backlog', 'ready', 'blocked', 'failed'].includes(task.state);
  return (
    <div className="flex flex-col gap-2">
      <fieldset disabled={!editable} className="min-w-0">
        <legend className="sr-only">Assignee</legend>
        <AssigneeEditor
          projectId={task.projectId}
          value={value}
          onChange={(next, why) => {
            setValue(next);
            setProblem(why);
          }}
        />
      </fieldset>
      {!editable && <p className="text-[11px] text-wb-muted">The assignee can change while the task is not running.</p>}
      {problem && <p className="text-[12px] text-wb-danger">{problem}</p>}
      {dirty && editable && (
        <div>
          <Button
            variant="primary"
            disabled={problem !== null}
            onClick={() => void act(() => withTask(api.tasks.edit({ taskId: task.id, edit: { assignee: value } })))}
          >
            Save assignee
          </Button>
        </div>
      )}
    </div>
  );
}

/** Where this task collides on the radar: with which task or the base, in which files and lines. */
function Conflicts({ task }: { task: Task }) {
  const radar = useBoard((s) => s.radar);
  const all = useBoard((s) => s.tasks);
  const pairs = (radar?.pairs ?? []).filter((p) => p.a === task.id || p.b === task.id);
  if (pairs.length === 0) return null;
  return (
    <>
      <Heading>Conflict radar</Heading>
      <ul aria-label="Collisions" className="flex flex-col gap-1 text-[12px]">
        {pairs.map((pair) => {
          const other = pair.a === task.id ? pair.b : pair.a;
          const name = other === BASE ? `the base branch` : (all[other]?.title ?? other);
          const p = pairOf(radar, task.id, other)!;
          return (
            <li key={other}>
              <span className={p.conflicts.length > 0 ? 'text-wb-danger' : 'text-wb-muted'}>
                {p.conflicts.length > 0 ? `Conflicts with ${name}` : `Same files as ${name}`}
              </span>
              <ul className="ml-3 font-mono text-[11px] text-wb-muted">
                {(p.conflicts.length > 0 ? p.conflicts.map((c) => c.path) : p.overlap).map((path) => (
                  <li key={path}>{path}</li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Before a task starts: running tasks already changed files its text names, so they may collide. */
function OverlapWarning({ task }: { task: Task }) {
  const all = useBoard((s) => s.tasks);
  const activity = useRuns((s) => s.activity);
  if (!['backlog', 'ready', 'blocked'].includes(task.state)) return null;
  const running = Object.values(all)
    .filter((t) => t.id !== task.id && ['running', 'validating'].includes(t.state) && t.runId)
    .map((t) => ({ id: t.id, files: activity[t.runId!]?.files ?? [] }));
  const hits = plannedOverlap(`${task.title}\n${task.description}`, running);
  if (hits.length === 0) return null;
  return (
    <div role="note" className="mt-3 rounded-sm border border-amber-600/50 bg-amber-500/10 p-2 text-[12px]">
      May collide with running work:{' '}
      {hits.map((h) => `${all[h.taskId]?.title ?? h.taskId} changed ${h.file}`).join('; ')}.
    </div>
  );
}
