import { ChevronDown, ChevronRight } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { StatusEntry } from '../../../../shared/domain/git';
import { api } from '../../lib/api';
import { useGit } from './state/git';
import { useNotices } from '../../stores/notifications';
import { useWorkspace } from '../../stores/workspace';
import { parseFileDiff, patchForHunk, type FileDiff } from './hunks';

interface Props {
  entries: StatusEntry[];
  side: 'staged' | 'changes';
  onOpen: (entry: StatusEntry) => void;
  action: { label: string; icon: ReactNode; run: (paths: string[]) => void };
}

/** A list of changed files; each can be opened as a diff, staged/unstaged whole, or hunk by hunk. */
export function ChangeList({ entries, side, onOpen, action }: Props) {
  const [expanded, setExpanded] = useState<Record<string, FileDiff | null>>({});
  const notices = useNotices();
  const run = useGit((s) => s.run);

  const toggleHunks = async (entry: StatusEntry, projectId: string) => {
    if (expanded[entry.path] !== undefined) {
      const next = { ...expanded };
      delete next[entry.path];
      setExpanded(next);
      return;
    }
    const text = await api.git.diff({ projectId, path: entry.path, staged: side === 'staged' });
    setExpanded({ ...expanded, [entry.path]: parseFileDiff(text) });
  };

  return (
    <ul>
      {entries.map((entry) => {
        const letter = side === 'staged' ? entry.index : entry.worktree === '?' ? 'U' : entry.worktree;
        const diff = expanded[entry.path];
        const name = entry.path.split('/').pop();
        const dir = entry.path.split('/').slice(0, -1).join('/');
        return (
          <li key={entry.path}>
            <div className="group flex items-center gap-1 px-2 py-0.5 hover:bg-wb-hover">
              {entry.worktree !== '?' ? (
                <button
                  type="button"
                  aria-label={`Show hunks of ${entry.path}`}
                  className="text-wb-muted"
                  onClick={() => {
                    const projectId = useWorkspace.getState().projectId;
                    if (projectId) void toggleHunks(entry, projectId).catch(notices.error);
                  }}
                >
                  {diff !== undefined ? <ChevronDown size={13} /> : <ChevronRight size={13} />}
                </button>
              ) : (
                <span className="w-[13px]" />
              )}
              <button
                type="button"
                className="flex min-w-0 flex-1 items-baseline gap-2 text-left"
                onClick={() => onOpen(entry)}
              >
                <span className="truncate">{name}</span>
                <span className="truncate text-[11px] text-wb-muted">{dir}</span>
              </button>
              <button
                type="button"
                title={action.label}
                aria-label={`${action.label} ${entry.path}`}
                className="rounded-sm p-0.5 opacity-0 group-hover:opacity-100 hover:bg-wb-hover focus:opacity-100"
                onClick={() => action.run([entry.path])}
              >
                {action.icon}
              </button>
              <span className="w-4 text-center font-mono text-[11px] text-wb-muted">{letter}</span>
            </div>
            {diff && (
              <div className="mx-4 mb-1 border-l border-wb-border">
                {diff.hunks.map((hunk) => (
                  <div key={hunk.header} className="mb-1">
                    <div className="flex items-center bg-wb-hover px-2 font-mono text-[11px] text-wb-muted">
                      <span className="truncate">{hunk.header}</span>
                      <button
                        type="button"
                        className="ml-auto shrink-0 px-1 text-wb-fg hover:underline"
                        onClick={() =>
                          void run(side === 'staged' ? 'Unstaging hunk…' : 'Staging hunk…', async (projectId) => {
                            await api.git.applyPatch({
                              projectId,
                              patch: patchForHunk(diff, hunk),
                              reverse: side === 'staged',
                            });
                            setExpanded({});
                          }).catch(notices.error)
                        }
                      >
                        {side === 'staged' ? 'Unstage hunk' : 'Stage hunk'}
                      </button>
                    </div>
                    <pre className="overflow-x-auto px-2 font-mono text-[11px] leading-4">
                      {hunk.lines.map((l, i) => (
                        <div
                          key={i}
                          className={
                            l.startsWith('+')
                              ? 'text-green-700 dark:text-green-400'
                              : l.startsWith('-')
                                ? 'text-wb-danger'
                                : ''
                          }
                        >
                          {l || ' '}
                        </div>
                      ))}
                    </pre>
                  </div>
                ))}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
