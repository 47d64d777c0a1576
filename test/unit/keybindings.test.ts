import { describe, expect, it } from 'vitest';
import { formatKeybinding, matchesKeybinding } from '../../src/renderer/src/lib/keybindings';

const key = (k: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) => ({
  key: k,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

describe('keybindings', () => {
  it('maps Mod to Ctrl on Linux/Windows and Cmd on macOS', () => {
    expect(matchesKeybinding(key('P', { ctrl: true, shift: true }), 'Mod+Shift+P', false)).toBe(true);
    expect(matchesKeybinding(key('p', { meta: true, shift: true }), 'Mod+Shift+P', true)).toBe(true);
    expect(matchesKeybinding(key('p', { ctrl: true, shift: true }), 'Mod+Shift+P', true)).toBe(false);
  });

  it('does not fire when extra modifiers are held', () => {
    expect(matchesKeybinding(key('b', { ctrl: true, alt: true }), 'Mod+B', false)).toBe(false);
    expect(matchesKeybinding(key('b', { ctrl: true, shift: true }), 'Mod+B', false)).toBe(false);
  });

  it('reads the way each platform writes shortcuts', () => {
    expect(formatKeybinding('Mod+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatKeybinding('Mod+Shift+P', true)).toBe('⇧⌘P');
    expect(formatKeybinding('Mod+,', false)).toBe('Ctrl+,');
    expect(formatKeybinding('Ctrl+Shift+G', true)).toBe('⌃⇧G');
  });
});
