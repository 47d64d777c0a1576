import { z } from 'zod';
import { modelRefSchema } from './models';

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type ThemePreference = z.infer<typeof themeSchema>;

/** Pane sizes in percent of the window, as the resizable layout reports them. */
export const layoutSchema = z.object({
  sideBarSize: z.number().min(5).max(80).default(22),
  panelSize: z.number().min(5).max(90).default(28),
  sideBarVisible: z.boolean().default(true),
  panelVisible: z.boolean().default(true),
});

/** The whole typed settings document; every field has a default so old files stay valid. */
export const settingsSchema = z.object({
  theme: themeSchema.default('system'),
  layout: layoutSchema.prefault({}),
  editor: z
    .object({
      fontSize: z.number().int().min(8).max(40).default(13),
      wordWrap: z.boolean().default(false),
    })
    .prefault({}),
  explorer: z
    .object({
      /** Glob patterns hidden from the explorer and search (VS Code's files.exclude defaults); .gitignore only dims. */
      exclude: z
        .array(z.string().max(500))
        .max(200)
        .default(['**/.git', '**/.svn', '**/.hg', '**/CVS', '**/.DS_Store', '**/Thumbs.db']),
    })
    .prefault({}),
  reopenLastProject: z.boolean().default(true),
  models: z
    .object({
      /** Refuse every model request to a host other than this machine. */
      offline: z.boolean().default(false),
      /** The model each purpose uses unless a caller names one. */
      defaults: z
        .object({
          agent: modelRefSchema.nullable().default(null),
          quick: modelRefSchema.nullable().default(null),
          summary: modelRefSchema.nullable().default(null),
        })
        .prefault({}),
    })
    .prefault({}),
  agent: z
    .object({
      /**
       * Approve every tool call of an agent run without asking, because the OS sandbox confines
       * what it runs (Codex's "full auto"). Has no effect where commands are not sandboxed, nor
       * in a folder that is not trusted; the user's deny rules still deny.
       */
      approveAllWhenSandboxed: z.boolean().default(false),
    })
    .prefault({}),
  notifications: z
    .object({
      /** Toasts and OS notifications when a task or run needs approval or review, fails or finishes. */
      enabled: z.boolean().default(true),
    })
    .prefault({}),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A partial update: any subset of sections, each itself partial. Unknown keys are refused. */
export const settingsPatchSchema = z
  .object({
    theme: themeSchema,
    layout: layoutSchema.partial().strict(),
    editor: settingsSchema.shape.editor.unwrap().partial().strict(),
    explorer: settingsSchema.shape.explorer.unwrap().partial().strict(),
    reopenLastProject: z.boolean(),
    models: z
      .object({
        offline: z.boolean(),
        defaults: settingsSchema.shape.models.unwrap().shape.defaults.unwrap().partial().strict(),
      })
      .partial()
      .strict(),
    agent: settingsSchema.shape.agent.unwrap().partial().strict(),
    notifications: settingsSchema.shape.notifications.unwrap().partial().strict(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const defaultSettings = (): Settings => settingsSchema.parse({});

/** Applies a validated patch section by section; pure so both sides agree on the result. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  return settingsSchema.parse({
    ...current,
    ...(patch.theme !== undefined ? { theme: patch.theme } : {}),
    ...(patch.reopenLastProject !== undefined ? { reopenLastProject: patch.reopenLastProject } : {}),
    layout: { ...current.layout, ...patch.layout },
    editor: { ...current.editor, ...patch.editor },
    explorer: { ...current.explorer, ...patch.explorer },
    agent: { ...current.agent, ...patch.agent },
    notifications: { ...current.notifications, ...patch.notifications },
    models: {
      ...current.models,
      ...(patch.models?.offline !== undefined ? { offline: patch.models.offline } : {}),
      defaults: { ...current.models.defaults, ...patch.models?.defaults },
    },
  });
}
