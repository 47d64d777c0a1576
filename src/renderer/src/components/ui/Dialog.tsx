import * as RadixDialog from '@radix-ui/react-dialog';
import type { FormEvent, ReactNode, RefObject } from 'react';
import { dialogClasses as c } from './dialog-classes';
import { useFocusReturn } from './focus-return';

/**
 * The workbench's modal dialog, over Radix: it traps Tab inside, closes on Escape, names itself
 * by its title, hides the rest of the page from assistive technology while open and gives focus
 * back to where it was. Callers mount it to open it and unmount it to close it.
 */
export function Dialog({
  title,
  description,
  icon,
  subtitle,
  children,
  footer,
  onClose,
  initialFocus,
  dismissOnOutsideClick = true,
  onSubmit,
  size = 'sm',
  placement = 'center',
  testId,
}: {
  title: ReactNode;
  /** What the dialog is about, read out with its name. */
  description?: ReactNode;
  /** Shown left of the title, e.g. a shield. */
  icon?: ReactNode;
  /** A line under the title, e.g. the folder the question is about. */
  subtitle?: ReactNode;
  children?: ReactNode;
  /** The buttons, right-aligned. */
  footer?: ReactNode;
  /** Escape, a click outside or a close button. */
  onClose: () => void;
  /** What has focus when it opens; otherwise the first focusable element inside. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Off for questions that must be answered with a button. */
  dismissOnOutsideClick?: boolean;
  /** Makes the dialog a form, so its submit button (or Enter in a text field) submits it. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  size?: 'sm' | 'md';
  placement?: 'center' | 'top';
  testId?: string;
}) {
  const focusReturn = useFocusReturn();
  const content = (
    <>
      <div className="flex items-start gap-3">
        {icon}
        <div className="min-w-0 flex-1">
          <RadixDialog.Title className={c.title}>{title}</RadixDialog.Title>
          {subtitle}
        </div>
      </div>
      {description !== undefined && (
        <RadixDialog.Description asChild>
          <div className={c.body}>{description}</div>
        </RadixDialog.Description>
      )}
      {children}
      {footer && <div className={c.footer}>{footer}</div>}
    </>
  );
  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        {/* The content sits inside the overlay so a tall dialog scrolls with it instead of being cut off. */}
        <RadixDialog.Overlay className={`${c.overlay} ${c[placement]}`}>
          <RadixDialog.Content
            asChild={onSubmit !== undefined}
            className={`${c.panel} ${c[size]}`}
            data-testid={testId}
            // Radix hides the page behind from assistive technology; aria-modal says so, and the
            // workbench's keys read it to stay quiet while a dialog is open.
            aria-modal="true"
            // Radix asks for an explicit undefined when a dialog has nothing to describe it.
            {...(description === undefined ? { 'aria-describedby': undefined } : {})}
            onOpenAutoFocus={(event) => {
              focusReturn.onOpenAutoFocus();
              if (!initialFocus?.current) return;
              event.preventDefault();
              initialFocus.current.focus();
            }}
            onCloseAutoFocus={focusReturn.onCloseAutoFocus}
            onPointerDownOutside={(event) => {
              if (!dismissOnOutsideClick) event.preventDefault();
            }}
          >
            {onSubmit ? <form onSubmit={onSubmit}>{content}</form> : content}
          </RadixDialog.Content>
        </RadixDialog.Overlay>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
