import * as RadixDialog from '@radix-ui/react-dialog';
import { Command as Cmdk } from 'cmdk';
import { useRef } from 'react';
import { useFocusReturn } from '../../components/ui/focus-return';
import { formatKeybinding, isMacPlatform } from '../../lib/keybindings';
import { useWorkbench } from '../../stores/workbench';
import type { Command } from '../../lib/contributions';
import { runCommand } from '../../lib/contributions';

/**
 * Ctrl/Cmd+Shift+P: every enabled command, filtered as you type, with its keys shown. A modal
 * dialog (Radix): Tab stays inside, Escape or a click outside closes it, the page behind is
 * hidden from screen readers, and focus goes back to where it was.
 */
export function CommandPalette({ commands }: { commands: readonly Command[] }) {
  const open = useWorkbench((s) => s.paletteOpen);
  const setOpen = useWorkbench((s) => s.setPaletteOpen);
  const focusReturn = useFocusReturn();
  // The chosen command runs once focus is back where it was, so a command that moves focus (to a
  // form, to another dialog) is not undone by the palette returning it afterwards.
  const chosen = useRef<Command | null>(null);
  const isMac = isMacPlatform();

  if (!open) return null;
  const visible = commands.filter((c) => !c.enabled || c.enabled());
  const close = () => setOpen(false);

  return (
    <RadixDialog.Root open onOpenChange={(next) => !next && close()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-50 flex justify-center bg-black/20 pt-[12vh]">
          <RadixDialog.Content
            aria-modal="true"
            aria-describedby={undefined}
            className="h-fit w-[600px] max-w-[90vw] overflow-hidden rounded-md border border-wb-border bg-wb-side shadow-2xl outline-none"
            onOpenAutoFocus={focusReturn.onOpenAutoFocus}
            onCloseAutoFocus={(event) => {
              focusReturn.onCloseAutoFocus(event);
              const command = chosen.current;
              chosen.current = null;
              if (command) void runCommand(command);
            }}
          >
            <RadixDialog.Title className="sr-only">Command palette</RadixDialog.Title>
            <Cmdk label="Command palette" loop>
              <Cmdk.Input
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
                      chosen.current = command;
                      close();
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
          </RadixDialog.Content>
        </RadixDialog.Overlay>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Features write titles either way ("Kill…" or "Terminal: Kill…"); the palette adds the category once. */
function titleWithoutCategory(command: { category: string; title: string }): string {
  const prefix = `${command.category}: `;
  return command.title.startsWith(prefix) ? command.title.slice(prefix.length) : command.title;
}
