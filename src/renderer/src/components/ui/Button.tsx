import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'ghost';

const variants: Record<Variant, string> = {
  primary: 'bg-wb-accent text-wb-accent-fg hover:brightness-110',
  secondary: 'border border-wb-border bg-wb-input text-wb-fg hover:bg-wb-hover',
  ghost: 'text-wb-fg hover:bg-wb-hover',
};

/** The workbench's one button. */
export function Button({
  variant = 'secondary',
  className = '',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type="button"
      className={`inline-flex items-center gap-1.5 rounded-sm px-3 py-1 text-[13px] disabled:cursor-not-allowed disabled:opacity-50 ${variants[variant]} ${className}`}
      {...props}
    />
  );
}
