import * as RadixTooltip from '@radix-ui/react-tooltip';
import type { ReactElement, ReactNode } from 'react';

/**
 * Shares one delay among neighbouring tooltips: once one shows, moving to the next icon shows
 * its tooltip at once, as in the activity bar of VS Code.
 */
export function TooltipGroup({ children }: { children: ReactNode }) {
  return (
    <RadixTooltip.Provider delayDuration={500} skipDelayDuration={300}>
      {children}
    </RadixTooltip.Provider>
  );
}

/**
 * A short label next to an icon-only control. Unlike `title=`, it also shows when the control
 * gets keyboard focus, hides on Escape, and reads in the workbench's theme. The control keeps
 * its own aria-label: the tooltip is for sighted users, its name is for everyone. Must sit
 * inside a TooltipGroup.
 */
export function Tooltip({
  label,
  side = 'right',
  children,
}: {
  label: ReactNode;
  side?: 'top' | 'right' | 'bottom' | 'left';
  /** One element that takes focus and a ref (a button). */
  children: ReactElement;
}) {
  return (
    <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content
          side={side}
          sideOffset={4}
          collisionPadding={4}
          className="z-50 max-w-80 rounded-sm border border-wb-border bg-wb-side px-2 py-1 text-[12px] text-wb-fg shadow-md"
        >
          {label}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}
