import { Command as Cmdk } from 'cmdk';
import { useEffect, useRef } from 'react';
import { formatKeybinding, isMacPlatform } from '../../lib/keybindings';
import { useWorkbench } from '../../stores/workbench';
import type { Command } from '../../lib/contributions';
import { runCommand } from '../../lib/contributions';

/** Ctrl/Cmd+Shift+P: every enabled command, filtered as you type, with its keys shown. */
export function CommandPalette({ commands }: { commands: readonly Command[] }) {
  const open = useWorkbench((s) => s.paletteOpen);
  const setOpen = useWorkbench((s) => s.setPaletteOpen);
  const previousFocus = useRef<Element | null>(null);
  const isMac = isMacPlatform();

  useEffect(() => {
    if (open) previousFocus.current = document.activeElement;
    else if (previousFocus.current instanceof HTMLElement) previousFocus.current.focus();
  }, [open]);

  if (!open) return null;
  const visible = commands.filter((c) => !c.enabled || c.enabled());
  const close = () => setOpen(false);

  return (
    <div className="fixed inset-0 z-50 flex justify-center bg-black/20 pt-[12vh]" onMouseDown={close}>
      <Cmdk
        label="Command palette"
        loop
        className="h-fit w-[600px] max-w-[90vw] overflow-hidden rounded-md border border-wb-border bg-wb-side shadow-2xl"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            close();
          }
        }}
      >
        <Cmdk.Input
          autoFocus
          placeholder="Type a command"
          className="w-full border-b border-wb-border bg-wb-input px-3 py-2 text-[13px] text-wb-fg outline-none"
        />
        <Cmdk.List className="max-h-[50vh] overflow-y-auto py-1" data-testid="palette-list">
          <Cmdk.Empty className="px-3 py-2 text-wb-muted">No matching commands</Cmdk.Empty>
          {visible.map((command) => (
            <Cmdk.Item
              key={command.id}
              value={`${command.category}: ${titleWithoutCategory(command)}`}
              keywords={[command.id]}
              onSelect={() => {
                close();
                void runCommand(command);
              }}
              className="flex cursor-pointer items-center justify-between px-3 py-1.5 text-wb-fg data-[selected=true]:bg-wb-accent-strong data-[selected=true]:text-wb-accent-fg"
            >
              <span>
                <span className="opacity-70">{command.category}: </span>
                {titleWithoutCategory(command)}
              </span>
              {command.keybinding && (
                <kbd className="ml-4 font-mono text-[11px] opacity-80">
                  {formatKeybinding(command.keybinding, isMac)}
                </kbd>
              )}
            </Cmdk.Item>
          ))}
        </Cmdk.List>
      </Cmdk>
    </div>
  );
}

/** Features write titles either way ("Kill…" or "Terminal: Kill…"); the palette adds the category once. */
function titleWithoutCategory(command: { category: string; title: string }): string {
  const prefix = `${command.category}: `;
  return command.title.startsWith(prefix) ? command.title.slice(prefix.length) : command.title;
}
