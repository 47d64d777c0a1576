import { create } from 'zustand';
import {
  applySettingsPatch,
  defaultSettings,
  type Settings,
  type SettingsPatch,
} from '../../../shared/domain/settings';
import { api } from '../lib/api';

interface SettingsState {
  settings: Settings;
  loaded: boolean;
  load(): Promise<void>;
  update(patch: SettingsPatch): Promise<void>;
}

/** The backend's settings, mirrored; changes from any window arrive through `settings.changed`. */
export const useSettings = create<SettingsState>((set, get) => ({
  settings: defaultSettings(),
  loaded: false,
  async load() {
    set({ settings: await api.settings.get(), loaded: true });
  },
  // Applied at once so a second toggle pressed before the backend answers sees the first one.
  async update(patch) {
    const before = get().settings;
    set({ settings: applySettingsPatch(before, patch) });
    try {
      set({ settings: await api.settings.update(patch) });
    } catch (error) {
      set({ settings: await api.settings.get().catch(() => before) });
      throw error;
    }
  },
}));

api.settings.changed((settings) => useSettings.setState({ settings }));
