import { create } from 'zustand';
import type {
  LocalServer,
  ModelInfo,
  ProviderInput,
  ProviderView,
  UsageDay,
} from '../../../../../shared/domain/models';
import { api } from '../../../lib/api';
import { describeError } from '../../../lib/errors';

/** The outcome of the last "test connection" of one provider. */
export type ConnectionState =
  { status: 'testing' } | { status: 'ok'; latencyMs: number } | { status: 'error'; title: string; message: string };

interface ModelsState {
  providers: ProviderView[];
  loaded: boolean;
  /** Models each provider listed at its last test, with what probing found. */
  models: Record<string, ModelInfo[]>;
  connection: Record<string, ConnectionState>;
  local: LocalServer[] | null;
  detecting: boolean;
  usage: UsageDay[];
  /** What the usage view shows, so a recorded call can refresh it. */
  usageQuery: { days: number; projectId?: string } | null;
  load(): Promise<void>;
  save(input: ProviderInput): Promise<ProviderView>;
  remove(id: string): Promise<void>;
  test(id: string): Promise<void>;
  probe(id: string, model: string): Promise<ModelInfo>;
  detect(): Promise<void>;
  loadUsage(days: number, projectId?: string): Promise<void>;
}

/** Model providers as the backend reports them; keys never arrive here, only their hints. */
export const useModels = create<ModelsState>((set, get) => ({
  providers: [],
  loaded: false,
  models: {},
  connection: {},
  local: null,
  detecting: false,
  usage: [],
  usageQuery: null,
  async load() {
    set({ providers: await api.models.providers(), loaded: true });
  },
  async save(input) {
    const saved = await api.models.saveProvider(input);
    await get().load();
    return saved;
  },
  async remove(id) {
    await api.models.removeProvider({ id });
    const { [id]: _gone, ...models } = get().models;
    set({ models });
    await get().load();
  },
  async test(id) {
    set({ connection: { ...get().connection, [id]: { status: 'testing' } } });
    try {
      const result = await api.models.testConnection({ id });
      set({
        models: { ...get().models, [id]: result.models },
        connection: { ...get().connection, [id]: { status: 'ok', latencyMs: result.latencyMs } },
      });
    } catch (error) {
      set({ connection: { ...get().connection, [id]: { status: 'error', ...describeError(error) } } });
    }
  },
  async probe(id, model) {
    const info = await api.models.probeModel({ id, model });
    const list = get().models[id] ?? [];
    const next = list.some((m) => m.id === model) ? list.map((m) => (m.id === model ? info : m)) : [...list, info];
    set({ models: { ...get().models, [id]: next } });
    return info;
  },
  async detect() {
    set({ detecting: true });
    try {
      set({ local: await api.models.detectLocal() });
    } finally {
      set({ detecting: false });
    }
  },
  async loadUsage(days, projectId) {
    const query = projectId ? { days, projectId } : { days };
    set({ usageQuery: query, usage: await api.models.usage(query) });
  },
}));

api.models.providersChanged((providers) => useModels.setState({ providers }));
api.models.usageRecorded(() => {
  const query = useModels.getState().usageQuery;
  if (query)
    void useModels
      .getState()
      .loadUsage(query.days, query.projectId)
      .catch(() => undefined);
});
