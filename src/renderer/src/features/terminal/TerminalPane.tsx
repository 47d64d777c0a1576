import { RotateCw } from 'lucide-react';
import type { TerminalInfo } from '../../../../shared/domain/terminal';
import { api } from '../../lib/api';
import { useNotices } from '../../stores/notifications';
import { TerminalView } from './TerminalView';

/** What ended a session, in a sentence. */
function ending(info: TerminalInfo): string | null {
  if (info.status === 'running') return null;
  if (info.status === 'failed') return info.error?.message ?? 'The process could not start.';
  if (info.signal) return `${info.kind === 'run' ? 'The command' : 'The shell'} was ended by ${info.signal}.`;
  return `${info.kind === 'run' ? 'The command' : 'The shell'} exited with code ${info.exitCode}.`;
}

/** One session: its screen, and a bar saying why it ended with a way to restart it. */
export function TerminalPane({ info, focused }: { info: TerminalInfo; focused: boolean }) {
  const message = ending(info);
  const failed = info.status === 'failed' || (info.exitCode ?? 0) !== 0 || info.signal !== null;
  return (
    <div className="flex h-full min-w-0 flex-1 flex-col">
      {message && (
        <div
          role={failed ? 'alert' : 'status'}
          data-testid="terminal-status"
          className={`flex shrink-0 items-center gap-3 border-b border-wb-border px-3 py-1 text-[12px] ${failed ? 'text-wb-danger' : 'text-wb-muted'}`}
        >
          <span className="min-w-0 flex-1 truncate" title={message}>
            {message}
          </span>
          <button
            type="button"
            className="flex items-center gap-1 text-wb-fg hover:text-wb-accent"
            onClick={() => api.terminal.restart({ id: info.id }).catch((e: unknown) => useNotices.getState().error(e))}
          >
            <RotateCw size={12} /> {info.kind === 'run' ? 'Run Again' : 'Restart'}
          </button>
        </div>
      )}
      <div className="min-h-0 flex-1 py-1 pl-2">
        <TerminalView id={info.id} focused={focused} />
      </div>
    </div>
  );
}
