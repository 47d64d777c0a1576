import { Loader2 } from 'lucide-react';
import type { ReactNode } from 'react';
import type { TaskState } from '../../../../shared/domain/tasks';
import { stateLabels, stateTones, type StateTone } from './columns';

export const inputClass =
  'rounded-sm border border-wb-border bg-wb-input px-2 py-1 text-[13px] outline-none focus:border-wb-accent';

export const toneText: Record<StateTone, string> = {
  live: 'text-wb-accent',
  ok: 'text-emerald-800 dark:text-emerald-400',
  warn: 'text-amber-800 dark:text-amber-400',
  error: 'text-wb-danger',
  muted: 'text-wb-muted',
};

const toneBorder: Record<StateTone, string> = {
  live: 'border-wb-accent',
  ok: 'border-emerald-600 dark:border-emerald-400',
  warn: 'border-amber-600 dark:border-amber-400',
  error: 'border-wb-danger',
  muted: 'border-wb-border',
};

/** A small outlined label in a tone. */
export function Chip({ children, tone = 'muted', title }: { children: ReactNode; tone?: StateTone; title?: string }) {
  return (
    <span
      title={title}
      className={`inline-flex max-w-full min-w-0 items-center gap-1 rounded-sm border px-1.5 text-[11px] leading-4 whitespace-nowrap ${toneText[tone]} ${toneBorder[tone]}`}
    >
      {children}
    </span>
  );
}

/** A task's state as a word; active states spin. */
export function StateChip({ state, interrupted = false }: { state: TaskState; interrupted?: boolean }) {
  if (interrupted) return <Chip tone="warn">Interrupted</Chip>;
  const tone = stateTones[state];
  return (
    <span data-testid="task-state">
      <Chip tone={tone}>
        {tone === 'live' && <Loader2 size={10} className="animate-spin" aria-hidden />}
        {stateLabels[state]}
      </Chip>
    </span>
  );
}
