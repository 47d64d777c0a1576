import { create } from 'zustand';
import {
  liveRunStatuses,
  type ApprovalDecision,
  type RunEntry,
  type RunView,
} from '../../../../../shared/domain/agent';
import type { ModelRef } from '../../../../../shared/domain/models';
import {
  addCostPoint,
  costFromEntries,
  adoptSnapshot,
  appendDelta,
  emptyTimeline,
  upsertEntry,
  type CostPoint,
  type Timeline,
} from '../timeline';
import { api, connection } from '../../../lib/api';
import { describeError } from '../../../lib/errors';
import { useEditor } from '../../../stores/editor';

/** What the UI holds of one opened run: its timeline, kept current by events. */
export interface RunDetail extends Timeline {
  readonly loading: boolean;
  readonly error: { title: string; message: string } | null;
  /** Cost after each step, as reported while the run was watched (for the header's chart). */
  readonly cost: readonly CostPoint[];
  /** The backend holds entries older than the first one here (the run is read a page at a time). */
  readonly earlier: boolean;
  /** An earlier page is being read. */
  readonly loadingEarlier: boolean;
  /** Checkpoints and rollbacks before the entries here: where a checkpoint's diff starts. */
  readonly anchors: readonly RunEntry[];
}

export interface StartInput {
  task: string;
  model?: ModelRef;
  maxSteps?: number;
  budgetUsd?: number;
}

interface AgentState {
  /** The project whose runs `runs` lists. */
  projectId: string | null;
  runs: RunView[];
  listState: 'idle' | 'loading' | 'ready' | 'error';
  listError: { title: string; message: string } | null;
  /** Runs by id: those listed, and any opened from elsewhere. */
  byId: Record<string, RunView>;
  details: Record<string, RunDetail>;
  loadRuns(projectId: string | null): Promise<void>;
  /** Loads the newest page of a run's timeline (again); events received meanwhile are kept. */
  loadRun(runId: string): Promise<void>;
  /** Reads the page before the first entry shown and puts it in front. */
  loadEarlier(runId: string): Promise<void>;
  start(projectId: string, input: StartInput): Promise<RunView>;
  stop(runId: string): Promise<void>;
  send(runId: string, text: string): Promise<void>;
  approve(runId: string, approvalId: string, decision: ApprovalDecision): Promise<void>;
  rollback(runId: string, checkpointId: string | null): Promise<void>;
  undoRollback(runId: string): Promise<void>;
  finish(runId: string, action: 'merge' | 'cherry_pick' | 'branch' | 'discard', paths?: string[]): Promise<RunView>;
}

/** True while the run's model or tools may still act. */
export const isLive = (run: Pick<RunView, 'status'>): boolean => liveRunStatuses.includes(run.status);

const blankDetail: RunDetail = {
  ...emptyTimeline,
  loading: false,
  error: null,
  cost: [],
  earlier: false,
  loadingEarlier: false,
  anchors: [],
};

export const useAgent = create<AgentState>((set, get) => ({
  projectId: null,
  runs: [],
  listState: 'idle',
  listError: null,
  byId: {},
  details: {},
  async loadRuns(projectId) {
    set({ projectId, runs: [], listState: projectId ? 'loading' : 'idle', listError: null });
    if (!projectId) return;
    try {
      const runs = await api.agent.list({ projectId });
      if (get().projectId !== projectId) return;
      const byId = { ...get().byId };
      for (const run of runs) byId[run.id] = run;
      set({ runs, byId, listState: 'ready' });
    } catch (error) {
      if (get().projectId === projectId) set({ listState: 'error', listError: describeError(error) });
    }
  },
  async loadRun(runId) {
    // Events that arrive while the snapshot is read collect in a fresh detail, then both are merged.
    const previous = get().details[runId];
    set({ details: { ...get().details, [runId]: { ...blankDetail, cost: previous?.cost ?? [], loading: true } } });
    try {
      const { run, entries, earlier, anchors } = await api.agent.get({ runId });
      remember(run);
      patchDetail(runId, (live) => ({
        ...live,
        ...adoptSnapshot(live, entries),
        earlier,
        anchors,
        loading: false,
        error: null,
        cost: addCostPoint(costFromEntries(live.cost, entries), run.steps, run.costUsd),
      }));
    } catch (error) {
      patchDetail(runId, (live) => ({ ...live, loading: false, error: describeError(error) }));
    }
  },
  async loadEarlier(runId) {
    const detail = get().details[runId];
    const before = detail?.entries[0]?.seq;
    if (!detail || !detail.earlier || detail.loadingEarlier || detail.loading || before === undefined) return;
    patchDetail(runId, (d) => ({ ...d, loadingEarlier: true }));
    try {
      const { entries, earlier } = await api.agent.get({ runId, before });
      // A reload meanwhile started over from the newest page: this one would leave a gap.
      patchDetail(runId, (live) =>
        live.entries[0]?.seq === before
          ? { ...live, ...adoptSnapshot(live, entries), earlier, loadingEarlier: false, error: null }
          : { ...live, loadingEarlier: false },
      );
    } catch (error) {
      patchDetail(runId, (live) => ({ ...live, loadingEarlier: false, error: describeError(error) }));
    }
  },
  async start(projectId, input) {
    const run = await api.agent.start({ projectId, ...input });
    // The run is shown at once, before its first events; they are kept as they arrive.
    if (!get().details[run.id]) set({ details: { ...get().details, [run.id]: { ...blankDetail, loading: true } } });
    remember(run);
    void get().loadRun(run.id);
    return run;
  },
  async stop(runId) {
    remember(await api.agent.stop({ runId }));
  },
  async send(runId, text) {
    remember(await api.agent.send({ runId, text }));
  },
  async approve(runId, approvalId, decision) {
    await api.agent.approve({ runId, approvalId, decision });
  },
  async rollback(runId, checkpointId) {
    remember(await api.agent.rollback({ runId, checkpointId }));
  },
  async undoRollback(runId) {
    remember(await api.agent.undoRollback({ runId }));
  },
  async finish(runId, action, paths) {
    const run = await api.agent.finish({ runId, action, ...(paths ? { paths } : {}) });
    remember(run);
    return run;
  },
}));

/** Records a run summary wherever it is shown: the list, the lookup and the cost chart. */
function remember(run: RunView): void {
  const { runs, projectId, byId, details } = useAgent.getState();
  const listed = runs.some((r) => r.id === run.id);
  const nextRuns = listed
    ? runs.map((r) => (r.id === run.id ? run : r))
    : run.projectId === projectId
      ? [run, ...runs]
      : runs;
  const detail = details[run.id];
  useAgent.setState({
    runs: nextRuns,
    byId: { ...byId, [run.id]: run },
    ...(detail
      ? { details: { ...details, [run.id]: { ...detail, cost: addCostPoint(detail.cost, run.steps, run.costUsd) } } }
      : {}),
  });
}

/** Changes the detail of an opened run; runs nobody opened keep no timeline. */
function patchDetail(runId: string, change: (d: RunDetail) => RunDetail): void {
  const detail = useAgent.getState().details[runId];
  if (detail) useAgent.setState({ details: { ...useAgent.getState().details, [runId]: change(detail) } });
}

api.agent.runChanged(remember);
api.agent.entry(({ runId, entry }) => patchDetail(runId, (d) => ({ ...d, ...upsertEntry(d, entry) })));
api.agent.delta(({ runId, seq, text }) => patchDetail(runId, (d) => ({ ...d, ...appendDelta(d, seq, text) })));

// A run's timeline is held while a tab shows it (its run or review tab); closing the last one lets it go.
useEditor.subscribe((state, previous) => {
  if (state.tabs === previous.tabs) return;
  const shown = new Set(state.tabs.flatMap((t) => ('runId' in t && typeof t.runId === 'string' ? [t.runId] : [])));
  const { details } = useAgent.getState();
  const kept = Object.fromEntries(Object.entries(details).filter(([runId]) => shown.has(runId)));
  if (Object.keys(kept).length !== Object.keys(details).length) useAgent.setState({ details: kept });
});

// Events sent while the socket was down are lost: read again what is on screen.
connection.onChange((state) => {
  if (state !== 'open') return;
  const { projectId, details, loadRuns, loadRun } = useAgent.getState();
  if (projectId) void loadRuns(projectId);
  for (const runId of Object.keys(details)) void loadRun(runId);
});
