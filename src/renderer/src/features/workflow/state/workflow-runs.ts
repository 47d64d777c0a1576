import { create } from 'zustand';
import type {
  NodeRunDetail,
  NodeRunView,
  WorkflowRunDetail,
  WorkflowRunInfo,
} from '../../../../../shared/domain/workflow-runs';
import { api } from '../../../lib/api';

/** A run with its nodes by key, as the canvas and the Runs panel read it. */
export interface RunDetailState {
  run: WorkflowRunInfo;
  nodes: Record<string, NodeRunView>;
  definition: WorkflowRunDetail['definition'];
}

/** Node details (input, output, log) are cached by `runId` + NUL + node key. */
const nodeKey = (runId: string, node: string) => `${runId}\0${node}`;
/** Lines kept per node in the renderer; the full log stays in the journal. */
const MAX_LOG_LINES = 2000;

interface RunsState {
  projectId: string | null;
  runs: WorkflowRunInfo[];
  /** False when the backend cannot run workflows (the list request is unsupported). */
  available: boolean;
  details: Record<string, RunDetailState>;
  nodeDetails: Record<string, NodeRunDetail>;
  /** The run selected in the Runs panel. */
  selected: string | null;
  load(projectId: string): Promise<void>;
  loadDetail(runId: string): Promise<RunDetailState>;
  loadNode(runId: string, node: string): Promise<NodeRunDetail>;
  nodeDetail(runId: string, node: string): NodeRunDetail | undefined;
  select(runId: string | null): void;
  start(projectId: string, name: string, inputs: Record<string, unknown>): Promise<WorkflowRunInfo>;
  act(runId: string, action: 'cancel' | 'pause' | 'resume'): Promise<void>;
  retry(runId: string, node: string): Promise<void>;
  approve(runId: string, node: string, approved: boolean): Promise<void>;
}

const upsert = (runs: WorkflowRunInfo[], run: WorkflowRunInfo): WorkflowRunInfo[] => {
  const i = runs.findIndex((r) => r.id === run.id);
  if (i < 0) return [run, ...runs];
  const next = [...runs];
  next[i] = run;
  return next;
};

export const useWorkflowRuns = create<RunsState>((set, get) => {
  const took = (run: WorkflowRunInfo) => {
    const s = get();
    const detail = s.details[run.id];
    set({
      runs: run.projectId === s.projectId ? upsert(s.runs, run) : s.runs,
      ...(detail ? { details: { ...s.details, [run.id]: { ...detail, run } } } : {}),
    });
  };
  return {
    projectId: null,
    runs: [],
    available: true,
    details: {},
    nodeDetails: {},
    selected: null,
    async load(projectId) {
      if (get().projectId !== projectId) set({ projectId, runs: [], selected: null });
      try {
        const runs = await api.workflow.runs({ projectId, limit: 200 });
        if (get().projectId === projectId) set({ runs, available: true });
      } catch (error) {
        if ((error as { code?: string }).code === 'unsupported') set({ available: false });
        else throw error;
      }
    },
    async loadDetail(runId) {
      const detail = await api.workflow.runDetail({ runId });
      const state: RunDetailState = {
        run: detail.run,
        nodes: Object.fromEntries(detail.nodes.map((n) => [n.key, n])),
        definition: detail.definition,
      };
      set({ details: { ...get().details, [runId]: state } });
      return state;
    },
    async loadNode(runId, node) {
      const detail = await api.workflow.nodeDetail({ runId, node });
      set({ nodeDetails: { ...get().nodeDetails, [nodeKey(runId, node)]: detail } });
      return detail;
    },
    nodeDetail: (runId, node) => get().nodeDetails[nodeKey(runId, node)],
    select(runId) {
      set({ selected: runId });
      if (runId && !get().details[runId]) void get().loadDetail(runId);
    },
    async start(projectId, name, inputs) {
      const run = await api.workflow.run({ projectId, name, inputs });
      took(run);
      await get().loadDetail(run.id);
      return run;
    },
    async act(runId, action) {
      took(await api.workflow[action]({ runId }));
    },
    async retry(runId, node) {
      took(await api.workflow.retry({ runId, node }));
      await get().loadDetail(runId);
    },
    async approve(runId, node, approved) {
      took(await api.workflow.approve({ runId, node, approved }));
    },
  };
});

api.workflow.runChanged((run) => {
  const s = useWorkflowRuns.getState();
  const detail = s.details[run.id];
  useWorkflowRuns.setState({
    runs: run.projectId === s.projectId ? upsert(s.runs, run) : s.runs,
    ...(detail ? { details: { ...s.details, [run.id]: { ...detail, run } } } : {}),
  });
});

api.workflow.nodesChanged(({ runId, nodes }) => {
  const s = useWorkflowRuns.getState();
  const detail = s.details[runId];
  const patch: Partial<RunsState> = {};
  if (detail) {
    const next = { ...detail.nodes };
    for (const n of nodes) next[n.key] = n;
    patch.details = { ...s.details, [runId]: { ...detail, nodes: next } };
  }
  // An open node detail follows its node's state.
  let nodeDetails: Record<string, NodeRunDetail> | null = null;
  for (const n of nodes) {
    const key = nodeKey(runId, n.key);
    const cached = s.nodeDetails[key];
    if (cached) {
      nodeDetails ??= { ...s.nodeDetails };
      nodeDetails[key] = { ...cached, node: n };
    }
  }
  if (nodeDetails) patch.nodeDetails = nodeDetails;
  if (patch.details || patch.nodeDetails) useWorkflowRuns.setState(patch);
  // Output and input arrive with the settled state; fetch them for open details.
  for (const n of nodes) {
    if (s.nodeDetails[nodeKey(runId, n.key)] && n.status !== 'running' && n.status !== 'pending') {
      void useWorkflowRuns
        .getState()
        .loadNode(runId, n.key)
        .catch(() => undefined);
    }
  }
});

api.workflow.nodeLog(({ runId, lines }) => {
  const s = useWorkflowRuns.getState();
  let nodeDetails: Record<string, NodeRunDetail> | null = null;
  for (const line of lines) {
    const key = nodeKey(runId, line.node);
    const cached = (nodeDetails ?? s.nodeDetails)[key];
    if (!cached) continue;
    nodeDetails ??= { ...s.nodeDetails };
    nodeDetails[key] = { ...cached, logs: [...cached.logs, line].slice(-MAX_LOG_LINES) };
  }
  if (nodeDetails) useWorkflowRuns.setState({ nodeDetails });
});
