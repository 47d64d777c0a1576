import type { Task } from '../../../../shared/domain/tasks';
import { api } from '../../lib/api';
import { useNotices } from '../../stores/notifications';
import { askForNotifications } from '../notifications';
import { useBoard, withFleet, withTask } from './state/board';

/** Runs a user's action on the board; a refusal (a cycle, a wrong state) becomes a notice. */
export async function act(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    useNotices.getState().error(error);
  }
}

export const queueTask = (task: Task) => act(() => withTask(api.tasks.queue({ taskId: task.id })));
export const unqueueTask = (task: Task) => act(() => withTask(api.tasks.unqueue({ taskId: task.id })));
export const setPriority = (task: Task, priority: number) =>
  act(() => withTask(api.tasks.setPriority({ taskId: task.id, priority: Math.min(5, Math.max(1, priority)) })));
export const approveTask = (task: Task) => act(() => withTask(api.tasks.approve({ taskId: task.id })));
export const retryTask = (task: Task) => act(() => withTask(api.tasks.retry({ taskId: task.id })));
export const resumeTask = (task: Task) => act(() => withTask(api.tasks.resume({ taskId: task.id })));
export const recoverTask = (task: Task) => act(() => withTask(api.tasks.recover({ taskId: task.id })));
export const cancelTask = (task: Task) => act(() => withTask(api.tasks.remove({ taskId: task.id })));

/** Moves a task between backlog and the queue, as a drop on a column does. */
export function moveTo(task: Task, target: 'backlog' | 'ready'): Promise<void> {
  const queued = task.state === 'ready' || task.state === 'blocked';
  if (target === 'ready' && task.state === 'backlog') return queueTask(task);
  if (target === 'backlog' && queued) return unqueueTask(task);
  return Promise.resolve();
}

/** Starts the board (asking for OS notifications the first time, since this is a click). */
export async function runBoard(parallel?: number): Promise<void> {
  const projectId = useBoard.getState().projectId;
  if (!projectId) return;
  await askForNotifications();
  await act(() => withFleet(api.tasks.start({ projectId, ...(parallel ? { parallel } : {}) })));
}

export async function pauseBoard(): Promise<void> {
  const projectId = useBoard.getState().projectId;
  if (projectId) await act(() => withFleet(api.tasks.stop({ projectId })));
}
