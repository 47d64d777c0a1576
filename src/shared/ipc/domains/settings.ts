import { settingsPatchSchema, settingsSchema } from '../../domain/settings';
import { event, none, request } from '../define';

/** Typed settings with change events. */
export const settings = {
  get: request(none, settingsSchema),
  update: request(settingsPatchSchema, settingsSchema),
  changed: event(settingsSchema),
} as const;
