import { ChevronDown, ChevronRight, CircleAlert, Loader2 } from 'lucide-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { RunStatus } from '../../../../shared/domain/agent';
import { statusInfo, type Tone } from './format';

/** Shared look of the agent feature's inputs, matching Settings. */
export const inputClass =
  'rounded-sm border border-wb-border bg-wb-input px-2 py-1 text-[13px] outline-none focus:border-wb-accent';

export const toneText: Record<Tone, string> = {
  live: 'text-wb-accent',
  ok: 'text-emerald-800 dark:text-emerald-400',
  warn: 'text-amber-800 dark:text-amber-400',
  error: 'text-wb-danger',
  muted: 'text-wb-muted',
};

const toneBorder: Record<Tone, string> = {
  live: 'border-wb-accent',
  ok: 'border-emerald-600 dark:border-emerald-400',
  warn: 'border-amber-600 dark:border-amber-400',
  error: 'border-wb-danger',
  muted: 'border-wb-border',
};

/** A run's status as a small outlined label; live runs spin. */
export function StatusBadge({ status }: { status: RunStatus }) {
  const { label, tone } = statusInfo(status);
  return (
    <span
      data-testid="run-status"
      className={`inline-flex items-center gap-1 rounded-sm border px-1.5 text-[11px] leading-4 whitespace-nowrap ${toneText[tone]} ${toneBorder[tone]}`}
    >
      {tone === 'live' && <Loader2 size={10} className="animate-spin" aria-hidden />}
      {label}
    </span>
  );
}

/** A small outlined label. */
export function Tag({ children, tone = 'muted', title }: { children: ReactNode; tone?: Tone; title?: string }) {
  return (
    <span
      title={title}
      className={`rounded-sm border px-1.5 text-[11px] leading-4 whitespace-nowrap ${toneText[tone]} ${toneBorder[tone]}`}
    >
      {children}
    </span>
  );
}

/** An error shown where it happened: what went wrong, and the backend's detail. */
export function ErrorNote({ error }: { error: { title: string; message: string } }) {
  return (
    <div role="alert" className="flex gap-2 rounded-sm border border-wb-danger/50 bg-wb-danger/10 p-2 text-[12px]">
      <CircleAlert size={14} className="mt-0.5 shrink-0 text-wb-danger" aria-hidden />
      <div className="min-w-0">
        <div className="font-semibold text-wb-danger">{error.title}</div>
        <div className="break-words whitespace-pre-wrap">{error.message}</div>
      </div>
    </div>
  );
}

/** A collapsible section of the side view, like VS Code's view panes. */
export function Section({
  title,
  defaultOpen = true,
  actions,
  children,
}: {
  title: string;
  defaultOpen?: boolean;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <section aria-label={title} className="border-t border-wb-border first:border-t-0">
      <div className="flex h-7 items-center pr-2">
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          className="flex h-full flex-1 items-center gap-1 px-2 text-left text-[11px] font-semibold tracking-wide uppercase hover:bg-wb-hover"
        >
          {open ? <ChevronDown size={14} aria-hidden /> : <ChevronRight size={14} aria-hidden />}
          {title}
        </button>
        {open && actions}
      </div>
      {open && <div className="pb-2">{children}</div>}
    </section>
  );
}

/** A spinner with a word, for loading states. */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <div className="flex items-center gap-2 p-4 text-[12px] text-wb-muted">
      <Loader2 size={14} className="animate-spin" aria-hidden /> {children}
    </div>
  );
}

/** The current time, refreshed every `ms`, so relative ages stay true. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
