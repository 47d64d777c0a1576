import type { ComponentProps } from 'react';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';

const variants: Record<Variant, string> = {
  primary: 'bg-wb-accent-strong text-wb-accent-fg hover:brightness-110',
  secondary: 'border border-wb-border bg-wb-input text-wb-fg hover:bg-wb-hover',
  ghost: 'text-wb-fg hover:bg-wb-hover',
  danger: 'bg-wb-danger text-wb-bg hover:brightness-110',
};

/** The workbench's one button. */
export function Button({
  variant = 'secondary',
  className = '',
  ...props
}: ComponentProps<'button'> & { variant?: Variant }) {
  return (
    <button
      type="button"
      className={`inline-flex items-center gap-1.5 rounded-sm px-3 py-1 text-[13px] disabled:cursor-not-allowed disabled:opacity-50 ${variants[variant]} ${className}`}
      {...props}
    />
  );
}
