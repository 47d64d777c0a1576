import { create } from 'zustand';
import type { Task } from '../../../../../shared/domain/tasks';
import type { FleetSettingsView, RadarReportView, TaskDetail } from '../../../../../shared/ipc/domains/tasks';
import { api, connection } from '../../../lib/api';
import { describeError } from '../../../lib/errors';
import { useRuns } from './runs';

export interface ErrorInfo {
  readonly title: string;
  readonly message: string;
}

/** Which view the board tab shows. */
export type BoardView = 'columns' | 'radar' | 'graph';

interface BoardState {
  /** The project whose board is held. */
  projectId: string | null;
  tasks: Record<string, Task>;
  listState: 'idle' | 'loading' | 'ready' | 'error';
  listError: ErrorInfo | null;
  fleet: FleetSettingsView | null;
  radar: RadarReportView | null;
  view: BoardView;
  /** The task whose detail panel is open. */
  selected: string | null;
  detail: TaskDetail | null;
  detailError: ErrorInfo | null;
  load(projectId: string | null): Promise<void>;
  select(taskId: string | null): void;
  setView(view: BoardView): void;
  loadDetail(taskId: string): Promise<void>;
  loadRadar(refresh?: boolean): Promise<void>;
  /** Records tasks a request or an event returned. */
  merge(tasks: readonly Task[]): void;
  setFleet(view: FleetSettingsView): void;
}

export const useBoard = create<BoardState>((set, get) => ({
  projectId: null,
  tasks: {},
  listState: 'idle',
  listError: null,
  fleet: null,
  radar: null,
  view: 'columns',
  selected: null,
  detail: null,
  detailError: null,
  async load(projectId) {
    const changed = get().projectId !== projectId;
    set({
      projectId,
      listState: projectId ? 'loading' : 'idle',
      listError: null,
      ...(changed ? { tasks: {}, fleet: null, radar: null, selected: null, detail: null } : {}),
    });
    if (!projectId) return;
    try {
      const [tasks, fleet] = await Promise.all([api.tasks.list({ projectId }), api.tasks.settings({ projectId })]);
      if (get().projectId !== projectId) return;
      set({ tasks: Object.fromEntries(tasks.map((t) => [t.id, t])), fleet, listState: 'ready' });
      void useRuns.getState().load(projectId, tasks);
      void get().loadRadar();
    } catch (error) {
      if (get().projectId === projectId) set({ listState: 'error', listError: describeError(error) });
    }
  },
  select(taskId) {
    set({ selected: taskId, detail: taskId && get().detail?.task.id === taskId ? get().detail : null });
    if (taskId) void get().loadDetail(taskId);
  },
  setView(view) {
    set({ view });
    if (view === 'radar') void get().loadRadar();
  },
  async loadDetail(taskId) {
    try {
      const detail = await api.tasks.get({ taskId });
      if (get().selected === taskId) set({ detail, detailError: null });
    } catch (error) {
      if (get().selected === taskId) set({ detailError: describeError(error) });
    }
  },
  async loadRadar(refresh = false) {
    const projectId = get().projectId;
    if (!projectId) return;
    // A radar that cannot be computed says why in the report; a failed request is shown the same way.
    try {
      const radar = await api.tasks.radar({ projectId, refresh });
      if (get().projectId === projectId) set({ radar });
    } catch (error) {
      const { message } = describeError(error);
      if (get().projectId === projectId)
        set({
          radar: {
            projectId,
            at: Date.now(),
            base: null,
            tasks: [],
            pairs: [],
            error: { code: 'request_failed', message },
          },
        });
    }
  },
  merge(tasks) {
    const projectId = get().projectId;
    const mine = tasks.filter((t) => t.projectId === projectId);
    if (mine.length === 0) return;
    set({ tasks: { ...get().tasks, ...Object.fromEntries(mine.map((t) => [t.id, t])) } });
    const selected = get().selected;
    if (selected && mine.some((t) => t.id === selected)) void get().loadDetail(selected);
    useRuns.getState().follow(mine);
  },
  setFleet(fleet) {
    set({ fleet });
  },
}));

/** Runs a board request that answers with a task, recording it; errors reach the caller. */
export async function withTask(request: Promise<Task>): Promise<Task> {
  const task = await request;
  useBoard.getState().merge([task]);
  return task;
}

/** Runs a request that answers with the board's settings view, recording it. */
export async function withFleet(request: Promise<FleetSettingsView>): Promise<FleetSettingsView> {
  const view = await request;
  useBoard.getState().setFleet(view);
  return view;
}

api.tasks.changed(({ projectId, tasks }) => {
  const board = useBoard.getState();
  if (projectId !== board.projectId) return;
  if (tasks.length > 0) board.merge(tasks);
  // An empty change is the board's settings or run state: read them again.
  else
    void api.tasks
      .settings({ projectId })
      .then((view) => useBoard.getState().projectId === projectId && board.setFleet(view))
      .catch((error: unknown) => useBoard.setState({ listError: describeError(error) }));
});

api.tasks.radarChanged((radar) => {
  if (radar.projectId === useBoard.getState().projectId) useBoard.setState({ radar });
});

// Events sent while the socket was down are lost: read the board again.
connection.onChange((state) => {
  const { projectId, load } = useBoard.getState();
  if (state === 'open' && projectId) void load(projectId);
});
