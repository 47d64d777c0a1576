/** A keybinding such as `Mod+Shift+P`; `Mod` is Cmd on macOS and Ctrl elsewhere. */
export type Keybinding = string;

export interface KeyEventLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

interface Parsed {
  readonly mod: boolean;
  readonly ctrl: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
  readonly key: string;
}

function parse(binding: Keybinding): Parsed {
  const parts = binding.split('+');
  const key = (parts.pop() ?? '').toLowerCase();
  const has = (name: string) => parts.includes(name);
  return { mod: has('Mod'), ctrl: has('Ctrl'), shift: has('Shift'), alt: has('Alt'), key };
}

/** True when the key event is exactly this binding (no extra modifiers). */
export function matchesKeybinding(event: KeyEventLike, binding: Keybinding, isMac: boolean): boolean {
  const b = parse(binding);
  const wantCtrl = b.ctrl || (b.mod && !isMac);
  const wantMeta = b.mod && isMac;
  return (
    event.key.toLowerCase() === b.key &&
    event.ctrlKey === wantCtrl &&
    event.metaKey === wantMeta &&
    event.shiftKey === b.shift &&
    event.altKey === b.alt
  );
}

/** How a binding reads to the user: `⇧⌘P` on macOS, `Ctrl+Shift+P` elsewhere. */
export function formatKeybinding(binding: Keybinding, isMac: boolean): string {
  const b = parse(binding);
  const key = b.key.length === 1 ? b.key.toUpperCase() : b.key[0]!.toUpperCase() + b.key.slice(1);
  if (isMac) {
    return `${b.ctrl ? '⌃' : ''}${b.alt ? '⌥' : ''}${b.shift ? '⇧' : ''}${b.mod ? '⌘' : ''}${key}`;
  }
  return [b.mod || b.ctrl ? 'Ctrl' : '', b.alt ? 'Alt' : '', b.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

export const isMacPlatform = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
