import { useRef } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { useUnsaved } from '../../stores/unsaved';

/** Save / Don't Save / Cancel before unsaved edits would be dropped; Escape and a click outside cancel. */
export function UnsavedDialog() {
  const prompt = useUnsaved((s) => s.prompt);
  const saveRef = useRef<HTMLButtonElement>(null);
  if (!prompt) return null;
  const { names, answer } = prompt;
  const what = names.length === 1 ? names[0] : `${names.length} files`;
  return (
    <Dialog
      title={`Do you want to save the changes you made to ${what}?`}
      description={
        <>
          {names.length > 1 && (
            <ul className="mb-2 max-h-40 overflow-auto font-mono text-[12px] text-wb-muted">
              {names.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <p>Your changes will be lost if you don&apos;t save them.</p>
        </>
      }
      footer={
        <>
          <Button ref={saveRef} variant="primary" onClick={() => answer('save')}>
            {names.length === 1 ? 'Save' : 'Save All'}
          </Button>
          <Button onClick={() => answer('discard')}>Don&apos;t Save</Button>
          <Button onClick={() => answer('cancel')}>Cancel</Button>
        </>
      }
      onClose={() => answer('cancel')}
      initialFocus={saveRef}
    />
  );
}
