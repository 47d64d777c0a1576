import { Play, SquareTerminal, X } from 'lucide-react';
import { useState } from 'react';
import type { TerminalInfo } from '../../../../shared/domain/terminal';
import { api } from '../../lib/api';
import { useNotices } from '../../stores/notifications';
import { useTerminals } from './state/terminals';

const report = (error: unknown) => useNotices.getState().error(error);

/** The list of terminal tabs: click to show, double-click to rename, × to close. */
export function TerminalTabs({ sessions }: { sessions: TerminalInfo[] }) {
  const active = useTerminals((s) => s.active);
  const split = useTerminals((s) => s.split);
  const setActive = useTerminals((s) => s.setActive);
  const [editing, setEditing] = useState<string | null>(null);

  const rename = (id: string, name: string) => {
    setEditing(null);
    const trimmed = name.trim();
    if (trimmed) api.terminal.rename({ id, name: trimmed }).catch(report);
  };

  return (
    <div role="tablist" aria-label="Terminals" className="flex min-w-0 flex-1 items-center gap-0.5 overflow-x-auto">
      {sessions.map((s) => {
        const Icon = s.kind === 'run' ? Play : SquareTerminal;
        const shown = s.id === active || s.id === split;
        return (
          <div
            key={s.id}
            role="tab"
            aria-selected={s.id === active}
            data-testid="terminal-tab"
            title={s.command}
            onClick={() => setActive(s.id)}
            onDoubleClick={() => setEditing(s.id)}
            className={`group flex h-6 shrink-0 cursor-pointer items-center gap-1.5 rounded-sm px-2 text-[12px] ${shown ? 'bg-wb-hover text-wb-fg' : 'text-wb-muted hover:text-wb-fg'}`}
          >
            <Icon size={12} className={s.status === 'running' ? '' : 'text-wb-danger'} />
            {editing === s.id ? (
              <input
                autoFocus
                aria-label="Terminal name"
                defaultValue={s.name}
                className="w-28 bg-wb-input px-1 outline-none"
                onClick={(e) => e.stopPropagation()}
                onBlur={(e) => rename(s.id, e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') rename(s.id, e.currentTarget.value);
                  if (e.key === 'Escape') setEditing(null);
                }}
              />
            ) : (
              <span className="max-w-40 truncate">{s.name}</span>
            )}
            {s.kind === 'run' && <span className="text-[10px] text-wb-muted uppercase">read-only</span>}
            <button
              type="button"
              aria-label={`Close ${s.name}`}
              title="Close"
              className="invisible text-wb-muted group-hover:visible hover:text-wb-fg"
              onClick={(e) => {
                e.stopPropagation();
                useTerminals.getState().close(s.id).catch(report);
              }}
            >
              <X size={12} />
            </button>
          </div>
        );
      })}
    </div>
  );
}
