import { useId, type ReactNode } from 'react';

/** What a row hands its control so the label names it and the hint describes it. */
export interface FieldProps {
  id: string;
  'aria-describedby': string | undefined;
}

/**
 * One labelled field of a form: the label, the control and an optional hint under it, tied
 * together so a screen reader reads the label as the control's name and the hint as its
 * description. `grid` rows fill two columns of a `grid-cols-[9rem_1fr]` form; `stacked` rows put
 * the label above the control.
 */
export function FormRow({
  label,
  hint,
  layout = 'grid',
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  layout?: 'grid' | 'stacked';
  children: (field: FieldProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const control = children({ id, 'aria-describedby': hint === undefined ? undefined : hintId });
  const hintLine = hint !== undefined && (
    <span id={hintId} className="text-[11px] text-wb-muted">
      {hint}
    </span>
  );
  if (layout === 'stacked') {
    return (
      <div className="flex flex-col gap-1 text-[12px]">
        <label htmlFor={id}>{label}</label>
        {control}
        {hintLine}
      </div>
    );
  }
  return (
    <>
      <label htmlFor={id} className="self-start pt-1">
        {label}
      </label>
      <div className="flex min-w-0 flex-col gap-1">
        {control}
        {hintLine}
      </div>
    </>
  );
}
