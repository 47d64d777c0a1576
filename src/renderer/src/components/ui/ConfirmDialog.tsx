import * as AlertDialog from '@radix-ui/react-alert-dialog';
import type { ReactNode } from 'react';
import { Button } from './Button';
import { dialogClasses as c } from './dialog-classes';
import { useFocusReturn } from './focus-return';

/**
 * A modal question with a cancel and a confirm button, announced as an alert dialog. Focus starts
 * on Cancel, so Enter never confirms a destructive action by accident; Escape and a click outside
 * cancel. Callers mount it to ask and unmount it once answered.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const focusReturn = useFocusReturn();
  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onCancel()}>
      <AlertDialog.Portal>
        {/* An alert dialog ignores clicks outside by default; here a click outside has always meant Cancel. */}
        <AlertDialog.Overlay
          className={`${c.overlay} ${c.center}`}
          onPointerDown={(event) => {
            if (event.target === event.currentTarget) onCancel();
          }}
        >
          <AlertDialog.Content
            className={`${c.panel} ${c.sm}`}
            // As in Dialog: says the page behind is inert, and keeps the workbench's keys quiet.
            aria-modal="true"
            // Alert dialogs then put focus on Cancel themselves.
            onOpenAutoFocus={focusReturn.onOpenAutoFocus}
            onCloseAutoFocus={focusReturn.onCloseAutoFocus}
          >
            <AlertDialog.Title className={c.title}>{title}</AlertDialog.Title>
            <AlertDialog.Description asChild>
              <div className={c.body}>{children}</div>
            </AlertDialog.Description>
            <div className={c.footer}>
              <AlertDialog.Cancel asChild>
                <Button>Cancel</Button>
              </AlertDialog.Cancel>
              {/* Not AlertDialog.Action: it reports a close, which this dialog reads as Cancel. */}
              <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm}>
                {confirmLabel}
              </Button>
            </div>
          </AlertDialog.Content>
        </AlertDialog.Overlay>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
