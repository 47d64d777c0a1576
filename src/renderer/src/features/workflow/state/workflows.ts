import { create } from 'zustand';
import { WORKFLOWS_DIR, type WorkflowSummary, type WorkflowTemplate } from '../../../../../shared/domain/workflow';
import { api } from '../../../lib/api';

interface WorkflowsState {
  projectId: string | null;
  list: WorkflowSummary[];
  loading: boolean;
  templates: WorkflowTemplate[];
  /** The New workflow form is open in the side view. */
  creating: boolean;
  setCreating(creating: boolean): void;
  load(projectId: string): Promise<void>;
  loadTemplates(): Promise<void>;
  /** Writes a new workflow file; refuses to overwrite one with the same name. */
  create(projectId: string, name: string, definition: Record<string, unknown>): Promise<void>;
  remove(projectId: string, name: string): Promise<void>;
}

/** The open project's workflow files and the starter templates. */
export const useWorkflows = create<WorkflowsState>((set, get) => ({
  projectId: null,
  list: [],
  loading: false,
  templates: [],
  creating: false,
  setCreating(creating) {
    set({ creating });
  },
  async load(projectId) {
    if (get().projectId !== projectId) set({ projectId, list: [] });
    set({ loading: true });
    try {
      const list = await api.workflow.list({ projectId });
      if (get().projectId === projectId) set({ list });
    } finally {
      set({ loading: false });
    }
  },
  async loadTemplates() {
    if (get().templates.length === 0) set({ templates: await api.workflow.templates() });
  },
  async create(projectId, name, definition) {
    await api.workflow.save({ projectId, name, definition, create: true });
    await get().load(projectId);
  },
  async remove(projectId, name) {
    await api.workflow.remove({ projectId, name });
    await get().load(projectId);
  },
}));

api.workflow.filesChanged(({ projectId }) => {
  if (projectId === useWorkflows.getState().projectId) void useWorkflows.getState().load(projectId);
});

// Files changed outside Weft (a checkout, an editor): the list follows.
api.files.changed(({ projectId, changes }) => {
  if (projectId !== useWorkflows.getState().projectId) return;
  if (changes.some((c) => c.path.startsWith(`${WORKFLOWS_DIR}/`))) void useWorkflows.getState().load(projectId);
});
