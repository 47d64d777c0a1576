import { useEffect, useId, useRef } from 'react';
import { Button } from '../../components/ui/Button';
import { useUnsaved } from '../../stores/unsaved';

/** Save / Don't Save / Cancel before unsaved edits would be dropped; Escape cancels. */
export function UnsavedDialog() {
  const prompt = useUnsaved((s) => s.prompt);
  const titleId = useId();
  const saveRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!prompt) return;
    const previous = document.activeElement as HTMLElement | null;
    saveRef.current?.focus();
    return () => previous?.focus?.();
  }, [prompt]);
  if (!prompt) return null;
  const { names, answer } = prompt;
  const what = names.length === 1 ? names[0] : `${names.length} files`;
  return (
    <div
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/40"
      onMouseDown={() => answer('cancel')}
    >
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            answer('cancel');
          }
        }}
        className="flex w-[28rem] max-w-[90vw] flex-col gap-3 rounded-sm border border-wb-border bg-wb-side p-4 shadow-xl"
      >
        <h2 id={titleId} className="text-[14px] font-semibold">
          Do you want to save the changes you made to {what}?
        </h2>
        {names.length > 1 && (
          <ul className="max-h-40 overflow-auto font-mono text-[12px] text-wb-muted">
            {names.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
        <p className="text-[13px]">Your changes will be lost if you don't save them.</p>
        <div className="flex justify-end gap-2">
          <Button ref={saveRef} variant="primary" onClick={() => answer('save')}>
            {names.length === 1 ? 'Save' : 'Save All'}
          </Button>
          <Button onClick={() => answer('discard')}>Don&apos;t Save</Button>
          <Button onClick={() => answer('cancel')}>Cancel</Button>
        </div>
      </div>
    </div>
  );
}
