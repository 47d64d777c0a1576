import '@xterm/xterm/css/xterm.css';
import { Columns2, Plus, Search, Square } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { api } from '../../lib/api';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { useTerminals } from './state/terminals';
import { TerminalPane } from './TerminalPane';
import { TerminalSearch } from './TerminalSearch';
import { TerminalTabs } from './TerminalTabs';

const report = (error: unknown) => useNotices.getState().error(error);

const iconButton = 'rounded-sm p-1 text-wb-muted hover:bg-wb-hover hover:text-wb-fg disabled:opacity-40';

/** The Terminal tab of the bottom panel: the current project's terminals and command runs. */
export function TerminalPanel() {
  const project = useProjects((s) => s.current);
  const all = useTerminals((s) => s.sessions);
  const active = useTerminals((s) => s.active);
  const split = useTerminals((s) => s.split);
  const [searching, setSearching] = useState(false);
  const sessions = useMemo(() => all.filter((s) => s.projectId === project?.id), [all, project?.id]);
  const shown = sessions.find((s) => s.id === active) ?? sessions[sessions.length - 1];
  const beside = split && split !== shown?.id ? sessions.find((s) => s.id === split) : undefined;

  if (!project) {
    return <EmptyState title="No terminals">Open a folder to start a terminal in it.</EmptyState>;
  }
  const create = (options?: { split?: boolean }) => useTerminals.getState().create(project.id, options).catch(report);

  if (!shown) {
    return (
      <EmptyState title="No terminals">
        <div className="flex flex-col items-center gap-3">
          <span>Run a shell in {project.name}. Commands agents run appear here too, read-only.</span>
          <Button onClick={() => void create()}>
            <Plus size={14} /> New Terminal
          </Button>
        </div>
      </EmptyState>
    );
  }
  return (
    <div className="flex h-full flex-col" data-testid="terminal-panel">
      <div className="flex h-8 shrink-0 items-center gap-2 border-b border-wb-border px-2">
        <TerminalTabs sessions={sessions} />
        {searching && <TerminalSearch id={shown.id} onClose={() => setSearching(false)} />}
        <div className="flex items-center gap-0.5">
          <button
            type="button"
            title="New Terminal (Ctrl+`)"
            aria-label="New Terminal"
            className={iconButton}
            onClick={() => void create()}
          >
            <Plus size={15} />
          </button>
          <button
            type="button"
            title="Split Terminal"
            aria-label="Split Terminal"
            className={iconButton}
            onClick={() => void create({ split: true })}
          >
            <Columns2 size={15} />
          </button>
          <button
            type="button"
            title="Find"
            aria-label="Find in terminal"
            className={iconButton}
            onClick={() => setSearching((v) => !v)}
          >
            <Search size={15} />
          </button>
          <button
            type="button"
            title="Kill Terminal"
            aria-label="Kill Terminal"
            className={iconButton}
            disabled={shown.status !== 'running'}
            onClick={() => api.terminal.kill({ id: shown.id }).catch(report)}
          >
            <Square size={13} />
          </button>
        </div>
      </div>
      <div className="flex min-h-0 flex-1">
        <TerminalPane key={shown.id} info={shown} focused />
        {beside && (
          <>
            <div className="w-px shrink-0 bg-wb-border" />
            <TerminalPane key={beside.id} info={beside} focused={false} />
          </>
        )}
      </div>
    </div>
  );
}
