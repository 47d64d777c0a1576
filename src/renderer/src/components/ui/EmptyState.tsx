import type { ReactNode } from 'react';

/** What a view says when it has nothing to show: what it is for and what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex h-full flex-col items-center justify-center gap-2 p-6 text-center text-wb-muted">
      <div className="text-[13px] font-medium text-wb-fg">{title}</div>
      {children && <div className="max-w-sm text-[12px] leading-relaxed">{children}</div>}
    </div>
  );
}
