import { describe, expect, it } from 'vitest';
import {
  applySettingsPatch,
  defaultSettings,
  settingsPatchSchema,
  settingsSchema,
} from '../../../src/shared/domain/settings';

describe('model settings', () => {
  it('starts online with no default models, so an old settings file stays valid', () => {
    expect(defaultSettings().models).toEqual({ offline: false, defaults: { agent: null, quick: null, summary: null } });
    expect(settingsSchema.parse({ theme: 'dark' }).models.offline).toBe(false);
  });

  it('patches one default without touching the others or offline mode', () => {
    const on = applySettingsPatch(defaultSettings(), { models: { offline: true } });
    const next = applySettingsPatch(on, {
      models: { defaults: { agent: { providerId: 'ollama', model: 'qwen2.5-coder:7b' } } },
    });
    expect(next.models).toEqual({
      offline: true,
      defaults: { agent: { providerId: 'ollama', model: 'qwen2.5-coder:7b' }, quick: null, summary: null },
    });
    expect(applySettingsPatch(next, { models: { defaults: { agent: null } } }).models.defaults.agent).toBeNull();
  });

  it('refuses unknown purposes and malformed model references', () => {
    expect(settingsPatchSchema.safeParse({ models: { defaults: { chat: null } } }).success).toBe(false);
    expect(
      settingsPatchSchema.safeParse({ models: { defaults: { agent: { providerId: 'Not An Id', model: 'x' } } } })
        .success,
    ).toBe(false);
    expect(settingsPatchSchema.safeParse({ models: { offline: 'yes' } }).success).toBe(false);
  });
});
