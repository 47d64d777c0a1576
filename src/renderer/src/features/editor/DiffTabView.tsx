import { DiffView } from '../../components/DiffView';
import type { DiffTab } from './state/tabs';

/** A diff tab: two revisions (or the disk and unsaved edits) of one file. */
export function DiffTabView({ tab }: { tab: DiffTab }) {
  const rightLabel = tab.spec.right === 'working' ? 'working tree' : tab.spec.right.label;
  return (
    <DiffView
      diff={{
        path: tab.path,
        leftLabel: tab.spec.left.label,
        rightLabel,
        original: tab.original,
        modified: tab.modified,
      }}
    />
  );
}
