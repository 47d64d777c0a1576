import { describe, expect, it } from 'vitest';
import {
  applySettingsPatch,
  defaultSettings,
  settingsPatchSchema,
  settingsSchema,
} from '../../src/shared/domain/settings';

describe('settings', () => {
  it('fills every field with a default, so an empty store is a valid document', () => {
    const s = defaultSettings();
    expect(s.theme).toBe('system');
    expect(s.layout).toEqual({ sideBarSize: 22, panelSize: 28, sideBarVisible: true, panelVisible: true });
    expect(s.reopenLastProject).toBe(true);
  });

  it('applies a partial patch section by section without touching the rest', () => {
    const next = applySettingsPatch(defaultSettings(), { layout: { panelVisible: false }, editor: { fontSize: 16 } });
    expect(next.layout).toEqual({ sideBarSize: 22, panelSize: 28, sideBarVisible: true, panelVisible: false });
    expect(next.editor.fontSize).toBe(16);
    expect(next.theme).toBe('system');
  });

  it('refuses out-of-range values and unknown keys', () => {
    expect(settingsPatchSchema.safeParse({ editor: { fontSize: 400 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ layout: { sideBarSize: 99 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ theme: 'purple' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ layout: { extra: 1 } }).success).toBe(false);
  });

  it('reads an old document that lacks newer sections', () => {
    expect(settingsSchema.parse({ theme: 'dark' }).editor.fontSize).toBe(13);
  });
});
