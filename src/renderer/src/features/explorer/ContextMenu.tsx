import * as Menu from '@radix-ui/react-dropdown-menu';
import { useRef, useState } from 'react';

export interface MenuItem {
  readonly label: string;
  readonly run: () => void;
  readonly danger?: boolean;
}

/**
 * A small context menu at the pointer, on Radix's menu: arrow keys, Home/End and typing a letter
 * move between items, Enter runs one, Escape or a click elsewhere closes it, and focus goes back
 * to where it was. The caller mounts it to open it and unmounts it on `onClose`.
 *
 * Radix's own ContextMenu cannot be opened by the caller, and the tree decides the items from the
 * row under the pointer, so this is a dropdown menu anchored at the pointer instead.
 */
export function ContextMenu({
  x,
  y,
  items,
  onClose,
}: {
  x: number;
  y: number;
  items: MenuItem[];
  onClose: () => void;
}) {
  // Read while rendering, before the menu takes focus: the tree a person right-clicked, usually.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  // The chosen item runs once focus is back where it was, so an item that moves focus (Open,
  // a prompt, a new terminal) keeps it.
  const chosen = useRef<MenuItem | null>(null);
  return (
    <Menu.Root open onOpenChange={(open) => !open && onClose()}>
      <Menu.Trigger asChild>
        {/* Only an anchor for placing the menu; the tree is what a person right-clicked. */}
        <span aria-hidden className="pointer-events-none fixed h-0 w-0" style={{ left: x, top: y }} />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          side="bottom"
          align="start"
          sideOffset={2}
          collisionPadding={4}
          className="z-50 min-w-44 rounded-sm border border-wb-border bg-wb-side py-1 shadow-lg outline-none"
          onCloseAutoFocus={(event) => {
            // Radix would focus the anchor, which is not focusable; the opener may be gone (a deleted row).
            event.preventDefault();
            if (opener?.isConnected) opener.focus({ preventScroll: true });
            const item = chosen.current;
            chosen.current = null;
            item?.run();
          }}
        >
          {items.map((item) => (
            <Menu.Item
              key={item.label}
              onSelect={() => {
                chosen.current = item;
              }}
              className={`block w-full cursor-pointer px-3 py-1 text-left text-[13px] outline-none data-[highlighted]:bg-wb-accent-strong data-[highlighted]:text-wb-accent-fg ${item.danger ? 'text-wb-danger' : ''}`}
            >
              {item.label}
            </Menu.Item>
          ))}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
