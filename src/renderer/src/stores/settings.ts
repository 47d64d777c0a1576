import { create } from 'zustand';
import { defaultSettings, type Settings, type SettingsPatch } from '../../../shared/domain/settings';
import { api } from '../lib/api';

interface SettingsState {
  settings: Settings;
  loaded: boolean;
  load(): Promise<void>;
  update(patch: SettingsPatch): Promise<void>;
}

/** The backend's settings, mirrored; changes from any window arrive through `settings.changed`. */
export const useSettings = create<SettingsState>((set) => ({
  settings: defaultSettings(),
  loaded: false,
  async load() {
    set({ settings: await api.settings.get(), loaded: true });
  },
  async update(patch) {
    set({ settings: await api.settings.update(patch) });
  },
}));

api.settings.changed((settings) => useSettings.setState({ settings }));
