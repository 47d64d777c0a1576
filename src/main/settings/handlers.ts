import type { NamespaceHandlers } from '../ipc/router';
import type { SettingsService } from './settings-service';

/** The `settings.*` requests. */
export function settingsHandlers(settings: SettingsService): NamespaceHandlers<'settings'> {
  return {
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
  };
}
