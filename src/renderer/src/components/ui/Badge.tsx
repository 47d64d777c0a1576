import type { ReactNode } from 'react';

/** Shared look of settings inputs, so every section matches. */
export const inputClass =
  'rounded-sm border border-wb-border bg-wb-input px-2 py-1 text-[13px] outline-none focus:border-wb-accent';

/** A small outlined label, e.g. "tools", "this machine" or a server's state. */
export function Badge({ children, tone = 'muted' }: { children: ReactNode; tone?: 'muted' | 'accent' | 'danger' }) {
  const colors = {
    muted: 'border-wb-border text-wb-muted',
    accent: 'border-wb-accent text-wb-accent',
    danger: 'border-wb-danger text-wb-danger',
  };
  return (
    <span className={`rounded-sm border px-1.5 text-[11px] leading-4 whitespace-nowrap ${colors[tone]}`}>
      {children}
    </span>
  );
}
