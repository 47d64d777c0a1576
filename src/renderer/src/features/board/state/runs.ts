import { create } from 'zustand';
import type { RunView } from '../../../../../shared/domain/agent';
import type { Task } from '../../../../../shared/domain/tasks';
import { api } from '../../../lib/api';

/** What a card shows of a task's agent run besides the task itself. */
export interface RunActivity {
  /** The last tool the agent called, e.g. `files__edit`, with a short argument. */
  readonly lastTool: { readonly tool: string; readonly detail: string } | null;
  /** Files its checkpoints changed, in the order first seen. */
  readonly files: readonly string[];
}

interface RunsState {
  projectId: string | null;
  runs: Record<string, RunView>;
  activity: Record<string, RunActivity>;
  /** Reads the project's agent runs and the files each task's run touched so far. */
  load(projectId: string, tasks: readonly Task[]): Promise<void>;
  /** Starts following the runs of tasks that got one since the last load. */
  follow(tasks: readonly Task[]): void;
}

const none: RunActivity = { lastTool: null, files: [] };
/** Runs whose checkpoints were read (or are being read), so each is asked once. */
const asked = new Set<string>();

/** A tool call's most telling argument (a path or a command), short. */
export function toolDetail(argumentsJson: string): string {
  try {
    const args = JSON.parse(argumentsJson) as Record<string, unknown>;
    const value = args.path ?? args.command ?? args.pattern ?? args.query;
    return typeof value === 'string' ? value.slice(0, 80) : '';
  } catch {
    // Arguments a model sent as broken JSON still name the tool; there is no detail to show.
    return '';
  }
}

const withFiles = (activity: RunActivity | undefined, files: readonly string[]): RunActivity => {
  const current = activity ?? none;
  const added = files.filter((f) => !current.files.includes(f));
  return added.length === 0 ? current : { ...current, files: [...current.files, ...added] };
};

export const useRuns = create<RunsState>((set, get) => ({
  projectId: null,
  runs: {},
  activity: {},
  async load(projectId, tasks) {
    if (get().projectId !== projectId) {
      asked.clear();
      set({ projectId, runs: {}, activity: {} });
    }
    const runs = await api.agent.list({ projectId });
    if (get().projectId !== projectId) return;
    set({ runs: { ...get().runs, ...Object.fromEntries(runs.map((r) => [r.id, r])) } });
    get().follow(tasks);
  },
  follow(tasks) {
    for (const task of tasks) {
      const runId = task.runId;
      // A workflow run has no agent checkpoints to read.
      if (!runId || task.assignee?.kind !== 'agent' || asked.has(runId)) continue;
      asked.add(runId);
      void api.agent
        .checkpoints({ runId })
        .then((checkpoints) => {
          const files = checkpoints.flatMap((c) => c.files.map((f) => f.path));
          set({ activity: { ...get().activity, [runId]: withFiles(get().activity[runId], files) } });
        })
        .catch(() => {
          // The run may not be written yet when its task changes; its events fill the card instead.
          asked.delete(runId);
        });
    }
  },
}));

api.agent.runChanged((run) => {
  const { projectId, runs } = useRuns.getState();
  if (run.projectId === projectId) useRuns.setState({ runs: { ...runs, [run.id]: run } });
});

api.agent.entry(({ runId, entry }) => {
  const { activity } = useRuns.getState();
  if (entry.kind === 'tool') {
    const current = activity[runId] ?? none;
    const lastTool = { tool: entry.tool, detail: toolDetail(entry.arguments) };
    useRuns.setState({ activity: { ...activity, [runId]: { ...current, lastTool } } });
  } else if (entry.kind === 'checkpoint') {
    useRuns.setState({
      activity: {
        ...activity,
        [runId]: withFiles(
          activity[runId],
          entry.files.map((f) => f.path),
        ),
      },
    });
  }
});
