/** The id of the Models section in Settings, for links from the status bar and the palette. */
export const MODEL_SETTINGS_ID = 'settings-models';

/** Scrolls Settings to the Models section once it has rendered. */
export function scrollToModelSettings(): void {
  requestAnimationFrame(() => document.getElementById(MODEL_SETTINGS_ID)?.scrollIntoView({ block: 'start' }));
}
