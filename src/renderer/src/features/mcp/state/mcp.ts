import { create } from 'zustand';
import type { McpImportResult, McpServerInput, McpServerState } from '../../../../../shared/domain/mcp';
import { api } from '../../../lib/api';

interface McpState {
  servers: McpServerState[];
  /** The project whose own servers the list includes (null: only global ones). */
  projectId: string | null;
  loaded: boolean;
  load(projectId: string | null): Promise<void>;
  save(input: McpServerInput): Promise<McpServerState>;
  remove(id: string): Promise<void>;
  restart(id: string): Promise<void>;
  importJson(json: string, projectId: string | null): Promise<McpImportResult>;
}

/** MCP servers as the backend reports them; env and header values never arrive here, only their names. */
export const useMcp = create<McpState>((set, get) => ({
  servers: [],
  projectId: null,
  loaded: false,
  async load(projectId) {
    set({ projectId });
    const servers = await api.mcp.list(projectId ? { projectId } : {});
    if (get().projectId === projectId) set({ servers, loaded: true });
  },
  async save(input) {
    const saved = await api.mcp.save(input);
    upsert(saved);
    return saved;
  },
  async remove(id) {
    await api.mcp.remove({ id });
    set({ servers: get().servers.filter((s) => s.id !== id) });
  },
  async restart(id) {
    upsert(await api.mcp.restart({ id }));
  },
  async importJson(json, projectId) {
    const result = await api.mcp.import({ json, projectId });
    await get().load(get().projectId);
    return result;
  },
}));

/** Puts a server's new state in place, or appends it when it belongs to the list's scope. */
function upsert(state: McpServerState): void {
  const { servers, projectId } = useMcp.getState();
  if (servers.some((s) => s.id === state.id)) {
    useMcp.setState({ servers: servers.map((s) => (s.id === state.id ? state : s)) });
  } else if (state.projectId === null || state.projectId === projectId) {
    useMcp.setState({ servers: [...servers, state] });
  }
}

api.mcp.changed(upsert);
api.mcp.removed(({ id }) => useMcp.setState({ servers: useMcp.getState().servers.filter((s) => s.id !== id) }));
