import { GitBranch, RefreshCw } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { FindingView } from '../../../../shared/ipc/domains/tasks';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { useBoard } from './state/board';
import { checkWorktrees, findingKey, useFindings } from './state/findings';

type Stray = Extract<FindingView, { kind: 'stray_worktree' }>;

const code = (text: string) => <code className="font-mono break-all">{text}</code>;
const short = (commit: string) => commit.slice(0, 8);

/**
 * Where git and the board disagree, each in plain words with what the user can do about it.
 * Shown only while there is something to say; nothing here changes without a click, and
 * removing a stray worktree asks first.
 */
export function WorktreeFindings() {
  const { findings, checking, busy, error } = useFindings();
  const [removing, setRemoving] = useState<Stray | null>(null);
  if (findings.length === 0 && !error) return null;
  return (
    <section
      aria-label="Worktree check"
      data-testid="worktree-findings"
      className="border-b border-wb-border bg-amber-500/10 px-3 py-2 text-[12px]"
    >
      <div className="flex items-center gap-2">
        <GitBranch size={14} aria-hidden />
        <h2 className="font-semibold">
          {findings.length === 0
            ? 'The worktrees could not be checked'
            : findings.length === 1
              ? 'Git and the board disagree about one thing'
              : `Git and the board disagree about ${findings.length} things`}
        </h2>
        <Button variant="ghost" className="ml-auto" disabled={checking} onClick={() => void checkWorktrees()}>
          <RefreshCw size={12} aria-hidden className={checking ? 'animate-spin' : ''} /> Check again
        </Button>
      </div>
      {error && (
        <p role="alert" className="mt-1 text-wb-danger">
          <span className="font-semibold">{error.title}:</span> {error.message}
        </p>
      )}
      <ul className="mt-1 flex flex-col gap-1">
        {findings.map((f) => (
          <Finding
            key={findingKey(f)}
            finding={f}
            busy={busy === findingKey(f)}
            disabled={busy !== null}
            onRemove={setRemoving}
          />
        ))}
      </ul>
      {removing && (
        <ConfirmDialog
          title="Remove this worktree?"
          confirmLabel="Archive and remove"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const stray = removing;
            setRemoving(null);
            void useFindings.getState().act(findingKey(stray), { action: 'removeStray', path: stray.path });
          }}
        >
          <p>
            {code(removing.path)} and its branch are removed. Its commits and uncommitted changes are archived under{' '}
            {code('refs/weft/archive/')} first, so nothing is lost; if archiving fails, nothing is removed.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function Finding({
  finding: f,
  busy,
  disabled,
  onRemove,
}: {
  finding: FindingView;
  busy: boolean;
  disabled: boolean;
  onRemove: (stray: Stray) => void;
}) {
  const tasks = useBoard((s) => s.tasks);
  const key = findingKey(f);
  const findings = useFindings.getState();
  const task = (id: string) => <span className="font-semibold">“{tasks[id]?.title ?? `task ${id}`}”</span>;
  const action = (label: string, run: () => void) => (
    <Button disabled={disabled} onClick={run}>
      {busy ? 'Working…' : label}
    </Button>
  );

  let words: ReactNode;
  let actions: ReactNode = null;
  switch (f.kind) {
    case 'worktree_missing':
      words = (
        <>
          {task(f.taskId)}: its worktree {code(f.path)} was deleted outside Weft.{' '}
          {f.recreatable ? `Its branch ${f.branch} still has the work.` : `Its branch ${f.branch} is gone too.`}
        </>
      );
      if (f.recreatable)
        actions = action(
          'Re-create from its branch',
          () => void findings.act(key, { action: 'recreate', taskId: f.taskId }),
        );
      break;
    case 'worktree_moved':
      if (f.mainTree) {
        // The user's own checkout: Weft never moves it; the user switches its branch.
        words = (
          <>
            {task(f.taskId)}: its branch is checked out in your own working tree {code(f.to)}. Switch that to another
            branch, then Check again, and Weft can re-create the task&apos;s worktree.
          </>
        );
        break;
      }
      words = (
        <>
          {task(f.taskId)}: its worktree was moved outside Weft to {code(f.to)} (Weft expected {code(f.from)}).
        </>
      );
      actions = action('Move it back', () => void findings.act(key, { action: 'moveBack', taskId: f.taskId }));
      break;
    case 'branch_missing':
      words = (
        <>
          {task(f.taskId)}: its branch {code(f.branch)} was deleted outside Weft.{' '}
          {f.archived ? 'Weft archived its work and can bring it back.' : 'Weft has no archive of it.'}
        </>
      );
      if (f.archived) actions = action('Recover', () => void findings.recover(key, f.taskId));
      break;
    case 'branch_rewritten':
      words = (
        <>
          {task(f.taskId)}: its branch {code(f.branch)} was rewritten outside Weft (it was at {code(short(f.expected))},
          it is now at {code(short(f.actual))}).
        </>
      );
      break;
    case 'stray_worktree':
      words = (
        <>
          A worktree no task knows: {code(f.path)} on {f.branch ? code(f.branch) : 'a detached HEAD'}
          {f.gone ? ' (its folder is gone)' : ''}.
        </>
      );
      actions = (
        <>
          {action('Adopt', () => void findings.act(key, { action: 'adoptStray', path: f.path }))}
          <Button disabled={disabled} onClick={() => onRemove(f)}>
            Remove…
          </Button>
        </>
      );
      break;
    case 'stray_branch':
      words = (
        <>
          A branch no task knows: {code(f.branch)} at {code(short(f.commit))}. Weft leaves it alone.
        </>
      );
      break;
  }
  return (
    <li className="flex flex-wrap items-center gap-2" data-testid="worktree-finding">
      <span className="min-w-0 flex-1">{words}</span>
      {actions && <span className="flex gap-1">{actions}</span>}
    </li>
  );
}
