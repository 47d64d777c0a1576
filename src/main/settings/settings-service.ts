import {
  applySettingsPatch,
  defaultSettings,
  settingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../shared/domain/settings';
import type { EventHub } from '../ipc/events';
import type { Logger } from '../logging/logger';
import type { SettingsRepo } from './settings-repo';

/** Typed, persisted settings with change events to every renderer. */
export class SettingsService {
  private current: Settings;

  constructor(
    private readonly repo: SettingsRepo,
    private readonly events: EventHub,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.current = this.load();
  }

  get(): Settings {
    return this.current;
  }

  update(patch: SettingsPatch): Settings {
    const next = applySettingsPatch(this.current, patch);
    this.repo.writeAll(next as unknown as Record<string, unknown>, this.now());
    this.current = next;
    this.events.emit('settings.changed', next);
    return next;
  }

  /** Reads stored sections; a section that no longer validates falls back to its defaults alone. */
  private load(): Settings {
    const stored = this.repo.readAll();
    const result = settingsSchema.safeParse(stored);
    if (result.success) return result.data;
    const defaults = defaultSettings() as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...defaults };
    for (const [key, value] of Object.entries(stored)) {
      const one = settingsSchema.safeParse({ ...defaults, [key]: value });
      if (one.success) merged[key] = value;
      else this.log.warn({ section: key }, 'a stored settings section is invalid; using its defaults');
    }
    return settingsSchema.parse(merged);
  }

  dispose(): void {}
}
