import { Trash2 } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { KeptRunWorkspace } from '../../../../shared/ipc/domains/workflow';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { api } from '../../lib/api';
import { useNotices } from '../../stores/notifications';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a kept run holds that exists nowhere else, in words; null when nothing. */
export function lossOf(k: KeptRunWorkspace): string | null {
  const parts = [
    k.commits > 0 ? plural(k.commits, 'unmerged commit', 'unmerged commits') : null,
    k.files > 0 ? plural(k.files, 'uncommitted file', 'uncommitted files') : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * The worktrees and branches finished runs kept, above the Runs list, and their clean-up: the
 * user picks runs, the dialog names what each holds, and unmerged work is archived under
 * `refs/weft/archive/<run>` before anything is removed.
 */
export function KeptWorktrees({ projectId, runsKey }: { projectId: string; runsKey: string }) {
  const [kept, setKept] = useState<KeptRunWorkspace[]>([]);
  const [choosing, setChoosing] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const reload = useCallback(
    () =>
      api.workflow
        .kept({ projectId })
        .then(setKept)
        .catch(() => setKept([])),
    [projectId],
  );
  // The list changes when runs end (a run that changed something is kept): follow the runs.
  useEffect(() => void reload(), [reload, runsKey]);
  if (kept.length === 0) return null;

  const open = () => {
    setChosen(new Set(kept.map((k) => k.runId)));
    setChoosing(true);
  };
  const toggle = (runId: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(runId)) next.delete(runId);
      else next.add(runId);
      return next;
    });
  const confirm = () => {
    const runIds = kept.filter((k) => chosen.has(k.runId)).map((k) => k.runId);
    setChoosing(false);
    if (runIds.length === 0) return;
    void api.workflow
      .cleanUp({ projectId, runIds })
      .then(({ removed, archived }) => {
        const where = archived.length > 0 ? `; unmerged work kept under ${archived.join(', ')}` : '';
        useNotices
          .getState()
          .push('info', 'Runs cleaned up', `${plural(removed.length, 'run', 'runs')} removed${where}.`);
      })
      .catch(useNotices.getState().error)
      .finally(() => void reload());
  };
  const losing = kept.filter((k) => chosen.has(k.runId) && lossOf(k) !== null);

  return (
    <div
      className="flex items-center gap-2 border-b border-wb-border px-3 py-1 text-[11px] text-wb-muted"
      aria-label="Kept worktrees"
      role="region"
    >
      <span
        className="min-w-0 flex-1 truncate"
        title="Finished runs that changed something keep their worktree and branch until cleaned up"
      >
        {plural(kept.length, 'kept run worktree', 'kept run worktrees')}
      </span>
      <button type="button" className="flex items-center gap-1 hover:text-wb-fg" onClick={open}>
        <Trash2 size={12} /> Clean up…
      </button>
      {choosing && (
        <ConfirmDialog
          title="Clean up run worktrees"
          confirmLabel={`Remove ${plural(chosen.size, 'run', 'runs')}`}
          danger
          onConfirm={confirm}
          onCancel={() => setChoosing(false)}
        >
          <p className="mb-2">Removes the worktree and the weft/ branch of the runs you choose.</p>
          <ul className="mb-2 flex max-h-60 flex-col gap-1 overflow-y-auto" aria-label="Kept runs">
            {kept.map((k) => (
              <li key={k.runId}>
                <label className="flex items-baseline gap-2">
                  <input type="checkbox" checked={chosen.has(k.runId)} onChange={() => toggle(k.runId)} />
                  <span className="min-w-0 flex-1">
                    <span className="font-medium">{k.workflow}</span>{' '}
                    <span className="font-mono text-[11px] text-wb-muted">{k.branch}</span>
                    <span className="block text-[11px] text-wb-muted">
                      {lossOf(k) ?? 'nothing that is not in your branch'}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {losing.length > 0 && (
            <p role="note" className="text-wb-danger">
              {losing.map((k) => `${k.workflow} (${k.branch}): ${lossOf(k)}`).join('; ')}. This work exists nowhere
              else: it is archived under refs/weft/archive/&lt;run&gt; before removal, so nothing is lost.
            </p>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
