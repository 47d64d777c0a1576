import type { ReactNode } from 'react';

/** Shared look of the model settings: inputs and small labels match the rest of Settings. */
export const inputClass =
  'rounded-sm border border-wb-border bg-wb-input px-2 py-1 text-[13px] outline-none focus:border-wb-accent';

/** A heading inside the Models section. */
export function SubHeading({ children }: { children: ReactNode }) {
  return <h3 className="mt-5 mb-2 text-[13px] font-semibold">{children}</h3>;
}

/** A small outlined label, e.g. "tools" or "this machine". */
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
