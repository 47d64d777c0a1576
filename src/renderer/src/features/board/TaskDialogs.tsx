import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Assignee, Task } from '../../../../shared/domain/tasks';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { FormRow } from '../../components/ui/FormRow';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { useNotices } from '../../stores/notifications';
import { AssigneeEditor, useDefaultAgent } from './AssigneeEditor';
import { checklistTitles } from './columns';
import { useBoard } from './state/board';
import { inputClass } from './ui';

/** The branch tasks start from by default: the one checked out in the project (or why it is unknown). */
function useBaseBranch(projectId: string): { branch: string | null; error: string | null } {
  const [state, setState] = useState<{ branch: string | null; error: string | null }>({ branch: null, error: null });
  useEffect(() => {
    let live = true;
    api.git
      .branches({ projectId })
      .then((branches) => {
        const branch = branches.find((b) => b.current)?.name ?? null;
        if (live)
          setState(
            branch
              ? { branch, error: null }
              : { branch: null, error: 'No branch is checked out; check one out to base tasks on it.' },
          );
      })
      .catch((e: unknown) => live && setState({ branch: null, error: describeError(e).message }));
    return () => {
      live = false;
    };
  }, [projectId]);
  return state;
}

/** Gives each new task the assignee and queues them when asked; the first refusal stops and is shown. */
async function finishNew(tasks: readonly Task[], assignee: Assignee | null, queue: boolean): Promise<void> {
  const board = useBoard.getState();
  for (const task of tasks) {
    let current = task;
    if (assignee && JSON.stringify(task.assignee) !== JSON.stringify(assignee))
      current = await api.tasks.edit({ taskId: task.id, edit: { assignee } });
    if (queue && current.assignee) current = await api.tasks.queue({ taskId: task.id });
    board.merge([current]);
  }
}

function AssignAndQueue({
  projectId,
  assignee,
  setAssignee,
  queue,
  setQueue,
}: {
  projectId: string;
  assignee: Assignee | null;
  setAssignee: (a: Assignee | null, problem: string | null) => void;
  queue: boolean;
  setQueue: (q: boolean) => void;
}) {
  return (
    <div className="mt-3 flex flex-col gap-2">
      <AssigneeEditor projectId={projectId} value={assignee} onChange={setAssignee} />
      <label className="flex items-center gap-2 text-[12px]">
        <input
          type="checkbox"
          checked={queue && assignee !== null}
          disabled={assignee === null}
          onChange={(e) => setQueue(e.target.checked)}
        />
        Queue them now (they start when the board runs)
      </label>
    </div>
  );
}

/** Paste a Markdown checklist; each open `- [ ] item` becomes a task, indented lines its description. */
export function ChecklistDialog({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const fallback = useDefaultAgent();
  const [markdown, setMarkdown] = useState('');
  const [assignee, setAssignee] = useState<Assignee | null>(fallback);
  const [problem, setProblem] = useState<string | null>(null);
  const [queue, setQueue] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titles = checklistTitles(markdown);
  const field = useRef<HTMLTextAreaElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (titles.length === 0 || busy || problem) return;
    setBusy(true);
    setError(null);
    try {
      const { created, skipped } = await api.tasks.fromChecklist({ projectId, markdown });
      useBoard.getState().merge(created);
      await finishNew(created, assignee, queue);
      if (skipped.length > 0)
        useNotices.getState().push('info', 'Ticked items were left out', `Already done: ${skipped.join(', ')}`);
      onClose();
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Paste a checklist"
      description="Each “- [ ] item” becomes a task in the backlog; lines indented under an item become its description."
      size="md"
      onClose={onClose}
      initialFocus={field}
      onSubmit={(e) => void submit(e)}
      testId="checklist-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={titles.length === 0 || busy || problem !== null}>
            {titles.length === 0 ? 'Add tasks' : `Add ${titles.length} ${titles.length === 1 ? 'task' : 'tasks'}`}
          </Button>
        </>
      }
    >
      <textarea
        ref={field}
        aria-label="Checklist (Markdown)"
        rows={8}
        className={`${inputClass} mt-3 w-full resize-y font-mono text-[12px]`}
        placeholder={'- [ ] Add a --json flag to the export command\n- [ ] Fix the date parsing in src/dates.ts'}
        value={markdown}
        onChange={(e) => setMarkdown(e.target.value)}
      />
      <AssignAndQueue
        projectId={projectId}
        assignee={assignee}
        setAssignee={(a, why) => {
          setAssignee(a);
          setProblem(why);
        }}
        queue={queue}
        setQueue={setQueue}
      />
      {problem && <p className="mt-2 text-[12px] text-wb-danger">{problem}</p>}
      {error && (
        <p role="alert" className="mt-2 text-[12px] text-wb-danger">
          {error}
        </p>
      )}
    </Dialog>
  );
}

/** One task by hand: title, description, priority and assignee. */
export function AddTaskDialog({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const fallback = useDefaultAgent();
  const { branch: baseBranch, error: branchError } = useBaseBranch(projectId);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState(3);
  const [assignee, setAssignee] = useState<Assignee | null>(fallback);
  const [problem, setProblem] = useState<string | null>(null);
  const [queue, setQueue] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = title.trim() !== '' && baseBranch !== null && !busy && problem === null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      const task = await api.tasks.add({
        projectId,
        draft: { title: title.trim(), description, priority, assignee, baseBranch: baseBranch! },
        dependsOn: [],
      });
      useBoard.getState().merge([task]);
      await finishNew([task], null, queue);
      useBoard.getState().select(task.id);
      onClose();
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Add a task"
      size="md"
      onClose={onClose}
      onSubmit={(e) => void submit(e)}
      testId="add-task-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!ready}>
            Add task
          </Button>
        </>
      }
    >
      <div className="mt-3 grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1.5 text-[12px]">
        <FormRow label="Title">
          {(f) => <input {...f} className={inputClass} value={title} onChange={(e) => setTitle(e.target.value)} />}
        </FormRow>
        <FormRow label="Description" hint="Markdown: what to do, which files, how to check it.">
          {(f) => (
            <textarea
              {...f}
              rows={5}
              className={`${inputClass} resize-y font-mono text-[12px]`}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </FormRow>
        <FormRow label="Priority">
          {(f) => (
            <select
              {...f}
              className={inputClass}
              value={priority}
              onChange={(e) => setPriority(Number(e.target.value))}
            >
              {[1, 2, 3, 4, 5].map((p) => (
                <option key={p} value={p}>{`P${p}`}</option>
              ))}
            </select>
          )}
        </FormRow>
      </div>
      <AssignAndQueue
        projectId={projectId}
        assignee={assignee}
        setAssignee={(a, why) => {
          setAssignee(a);
          setProblem(why);
        }}
        queue={queue}
        setQueue={setQueue}
      />
      {problem && <p className="mt-2 text-[12px] text-wb-danger">{problem}</p>}
      {(error ?? branchError) && (
        <p role="alert" className="mt-2 text-[12px] text-wb-danger">
          {error ?? branchError}
        </p>
      )}
    </Dialog>
  );
}
