import { ArrowDown, ArrowUp, X } from 'lucide-react';
import { useState } from 'react';
import { hostFor } from './registry';

const options = { decorations: { matchOverviewRuler: '#d18616', activeMatchColorOverviewRuler: '#d18616' } };

/** Find in the active terminal's output (search addon). */
export function TerminalSearch({ id, onClose }: { id: string; onClose: () => void }) {
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const find = (forward: boolean) => {
    const search = hostFor(id).search;
    const found = forward ? search.findNext(text, options) : search.findPrevious(text, options);
    setMissing(text !== '' && !found);
  };
  const close = () => {
    hostFor(id).search.clearDecorations();
    onClose();
    hostFor(id).focus();
  };
  return (
    <div className="flex items-center gap-1 rounded-sm border border-wb-border bg-wb-input px-1">
      <input
        autoFocus
        aria-label="Find in terminal"
        placeholder="Find"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') find(!e.shiftKey);
          if (e.key === 'Escape') close();
        }}
        className={`h-5 w-40 bg-transparent text-[12px] outline-none ${missing ? 'text-wb-danger' : ''}`}
      />
      <button type="button" title="Previous match" aria-label="Previous match" onClick={() => find(false)}>
        <ArrowUp size={13} />
      </button>
      <button type="button" title="Next match" aria-label="Next match" onClick={() => find(true)}>
        <ArrowDown size={13} />
      </button>
      <button type="button" title="Close find" aria-label="Close find" onClick={close}>
        <X size={13} />
      </button>
    </div>
  );
}
