import { AlertTriangle, ChevronDown, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import { describeIssue } from '../../../../shared/workflow/issue-words';
import type { ValidationIssueView } from '../../../../shared/domain/workflow';

/** Every problem of the workflow; choosing one shows its node. */
export function ProblemsList({
  issues,
  onShow,
}: {
  issues: readonly ValidationIssueView[];
  onShow(node: string | null): void;
}) {
  const [open, setOpen] = useState(true);
  if (issues.length === 0) return null;
  return (
    <section aria-label="Problems" className="shrink-0 border-t border-wb-border bg-wb-panel">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className="flex w-full items-center gap-1.5 px-3 py-1 text-left text-[12px]"
      >
        {open ? <ChevronDown size={13} /> : <ChevronRight size={13} />}
        <AlertTriangle size={13} className="text-wb-danger" aria-hidden />
        <span className="font-medium">
          {issues.length} problem{issues.length === 1 ? '' : 's'}
        </span>
        <span className="text-wb-muted">— saved as a draft; a workflow with problems cannot run.</span>
      </button>
      {open && (
        <ul className="max-h-36 overflow-y-auto pb-1">
          {issues.map((issue, i) => (
            <li key={i}>
              <button
                type="button"
                onClick={() => onShow(issue.node)}
                className="flex w-full gap-2 px-7 py-0.5 text-left text-[12px] hover:bg-wb-hover"
              >
                <span data-testid="workflow-problem">{describeIssue(issue)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
