import { useEffect, useId, useRef, type ReactNode } from 'react';
import { dialogKeyDown } from './dialog-keys';
import { Button } from './Button';

/**
 * A modal question with a cancel and a confirm button. Focus starts on Cancel, so Enter never
 * confirms a destructive action by accident; Escape and a click outside cancel.
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
  const titleId = useId();
  const bodyId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    cancelRef.current?.focus();
    return () => previous?.focus?.();
  }, []);
  const onKeyDown = (event: React.KeyboardEvent) => dialogKeyDown(event, boxRef.current, () => onCancel());
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40" onMouseDown={onCancel}>
      <div
        ref={boxRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={onKeyDown}
        onMouseDown={(e) => e.stopPropagation()}
        className="flex w-[28rem] max-w-[90vw] flex-col gap-3 rounded-sm border border-wb-border bg-wb-side p-4 shadow-xl"
      >
        <h2 id={titleId} className="text-[14px] font-semibold">
          {title}
        </h2>
        <div id={bodyId} className="text-[13px] leading-relaxed">
          {children}
        </div>
        <div className="flex justify-end gap-2">
          <Button ref={cancelRef} onClick={onCancel}>
            Cancel
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </div>
  );
}
