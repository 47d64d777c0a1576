import { Check, GitBranch, Minus, Plus, RotateCcw } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { StatusEntry } from '../../../../shared/domain/git';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { api } from '../../lib/api';
import { openDiff } from '../editor';
import { useGit } from './state/git';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { useWorkspace } from '../../stores/workspace';
import { ChangeList } from './ChangeList';

function Section({ title, children, count }: { title: string; count?: number; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="mt-2">
      <h3 className="flex items-center px-4 text-[11px] font-semibold tracking-wide text-wb-muted uppercase">
        {title}
        {count !== undefined && <span className="ml-auto rounded-full bg-wb-hover px-1.5">{count}</span>}
      </h3>
      <div className="mt-1">{children}</div>
    </section>
  );
}

/** Source control: commit box, staged and unstaged changes, branches, log, stashes, worktrees. */
export function GitView() {
  const project = useProjects((s) => s.current);
  const status = useWorkspace((s) => s.status);
  const { branches, log, stashes, worktrees, busy, refresh, run } = useGit();
  const notices = useNotices();
  const [message, setMessage] = useState('');
  const [amend, setAmend] = useState(false);

  useEffect(() => {
    if (project?.isGitRepo) void refresh().catch(notices.error);
  }, [project?.id, project?.isGitRepo, refresh, notices.error]);

  if (!project) return <EmptyState title="No folder opened">Open a folder to see its changes.</EmptyState>;
  if (!project.isGitRepo)
    return <EmptyState title="Not a git repository">Initialize a repository from the Explorer.</EmptyState>;

  const entries = status?.entries ?? [];
  const staged = entries.filter((e) => e.index !== '.' && e.index !== '?');
  const changes = entries.filter((e) => e.worktree !== '.');
  const act = (label: string, work: (projectId: string) => Promise<unknown>) =>
    void run(label, work).catch(notices.error);

  const commit = () =>
    act('Committing…', async (projectId) => {
      await api.git.commit({ projectId, message, amend });
      setMessage('');
      setAmend(false);
    });

  const showDiff = (entry: StatusEntry, side: 'staged' | 'changes') =>
    void openDiff(
      entry.path,
      side === 'staged'
        ? { left: { rev: 'HEAD', label: 'HEAD' }, right: { rev: null, label: 'staged' } }
        : { left: { rev: null, label: 'index' }, right: 'working' },
    ).catch(notices.error);

  return (
    <div className="flex h-full flex-col overflow-auto pb-4 text-[13px]" data-testid="git-view">
      <div className="flex flex-col gap-2 px-4">
        <div className="flex items-center gap-2">
          <GitBranch size={14} className="shrink-0 text-wb-muted" />
          <select
            aria-label="Branch"
            className="min-w-0 flex-1 rounded-sm border border-wb-border bg-wb-input px-1 py-0.5"
            value={status?.branch ?? ''}
            onChange={(e) =>
              act('Switching branch…', (projectId) =>
                api.git.switchBranch({ projectId, name: e.target.value, force: false }),
              )
            }
          >
            {status?.branch === null && <option value="">(detached HEAD)</option>}
            {branches.map((b) => (
              <option key={b.name} value={b.name}>
                {b.name}
              </option>
            ))}
          </select>
          <Button
            variant="ghost"
            title="Create Branch…"
            aria-label="Create Branch"
            onClick={() => {
              const name = window.prompt('New branch name (created from the current commit and checked out)');
              if (name)
                act('Creating branch…', (projectId) => api.git.createBranch({ projectId, name, checkout: true }));
            }}
          >
            <Plus size={14} />
          </Button>
          <Button
            variant="ghost"
            title="Refresh"
            aria-label="Refresh"
            onClick={() => void refresh().catch(notices.error)}
          >
            <RotateCcw size={14} />
          </Button>
        </div>
        <textarea
          aria-label="Commit message"
          placeholder={`Message (${navigator.platform.includes('Mac') ? '⌘' : 'Ctrl'}+Enter to commit)`}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit();
          }}
          className="h-16 resize-y rounded-sm border border-wb-border bg-wb-input px-2 py-1 outline-none focus:border-wb-accent"
        />
        <div className="flex items-center gap-2">
          <Button variant="primary" className="flex-1 justify-center" disabled={busy !== null} onClick={commit}>
            <Check size={14} /> {amend ? 'Amend Commit' : 'Commit'}
          </Button>
          <label className="flex items-center gap-1 text-[12px] text-wb-muted">
            <input type="checkbox" checked={amend} onChange={(e) => setAmend(e.target.checked)} /> Amend
          </label>
        </div>
        {busy && (
          <div role="status" className="flex items-center gap-2 text-[12px] text-wb-muted">
            <span className="h-2 w-2 animate-pulse rounded-full bg-wb-accent" />
            {busy}
            <button
              type="button"
              className="ml-auto underline"
              onClick={() => {
                const projectId = useWorkspace.getState().projectId;
                if (projectId) void api.git.cancel({ projectId }).catch(notices.error);
              }}
            >
              Cancel
            </button>
          </div>
        )}
      </div>

      <Section title="Staged Changes" count={staged.length}>
        <ChangeList
          entries={staged}
          side="staged"
          onOpen={(e) => showDiff(e, 'staged')}
          action={{
            label: 'Unstage',
            icon: <Minus size={13} />,
            run: (paths) => act('Unstaging…', (projectId) => api.git.unstage({ projectId, paths })),
          }}
        />
      </Section>
      <Section title="Changes" count={changes.length}>
        <ChangeList
          entries={changes}
          side="changes"
          onOpen={(e) => showDiff(e, 'changes')}
          action={{
            label: 'Stage',
            icon: <Plus size={13} />,
            run: (paths) => act('Staging…', (projectId) => api.git.stage({ projectId, paths })),
          }}
        />
        {changes.length > 0 && (
          <div className="flex gap-2 px-4 pt-1">
            <Button
              onClick={() =>
                act('Staging…', (projectId) => api.git.stage({ projectId, paths: changes.map((c) => c.path) }))
              }
            >
              Stage All
            </Button>
            <Button
              onClick={() =>
                act('Stashing…', (projectId) => api.git.stash({ projectId, message: '', includeUntracked: true }))
              }
            >
              Stash
            </Button>
          </div>
        )}
      </Section>
      <Section title="Log">
        <ol data-testid="git-log">
          {log.map((c) => (
            <li
              key={c.hash}
              className="flex gap-2 px-4 py-0.5"
              title={`${c.hash}\n${c.author}, ${new Date(c.date).toLocaleString()}`}
            >
              <span className="shrink-0 font-mono text-[12px] text-wb-muted">{c.shortHash}</span>
              <span className="truncate">{c.subject}</span>
            </li>
          ))}
        </ol>
      </Section>
      {stashes.length > 0 && (
        <Section title="Stashes" count={stashes.length}>
          {stashes.map((s) => (
            <div key={s.index} className="flex items-center gap-2 px-4 py-0.5">
              <span className="truncate">{s.message}</span>
              <Button
                variant="ghost"
                className="ml-auto"
                onClick={() => act('Applying stash…', (projectId) => api.git.stashPop({ projectId, index: s.index }))}
              >
                Pop
              </Button>
            </div>
          ))}
        </Section>
      )}
      <Section title="Worktrees" count={worktrees.length}>
        {worktrees.map((w) => (
          <div key={w.path} className="truncate px-4 py-0.5 text-[12px]" title={w.path}>
            <span className="text-wb-fg">{w.branch ?? '(detached)'}</span>{' '}
            <span className="text-wb-muted">{w.path}</span>
          </div>
        ))}
      </Section>
    </div>
  );
}
