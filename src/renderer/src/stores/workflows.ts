import { create } from 'zustand';
import type { WorkflowSummary, WorkflowTemplate } from '../../../shared/domain/workflow';
import { api } from '../lib/api';

interface WorkflowsState {
  projectId: string | null;
  list: WorkflowSummary[];
  loading: boolean;
  templates: WorkflowTemplate[];
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
