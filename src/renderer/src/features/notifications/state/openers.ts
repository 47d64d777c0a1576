import type { AttentionTarget } from '../../../../../shared/ipc/domains/notifications';
import { Registry, type Contribution } from '../../../lib/registry';
import { useNotices } from '../../../stores/notifications';
import { useProjects } from '../../../stores/projects';

type TargetType = AttentionTarget['type'];
type TargetOf<T extends TargetType> = Extract<AttentionTarget, { type: T }>;

interface NoticeOpener extends Contribution {
  readonly id: TargetType;
  readonly open: (target: AttentionTarget) => void;
  readonly showing?: (target: AttentionTarget) => boolean;
}

// The board opens tasks, the agent feature runs, the workflow feature workflow runs: each registers
// how, so notices can lead anywhere without this feature naming the others.
const openers = new Registry<NoticeOpener>('notice opener');

/**
 * How a notice about a `type` target brings it to the front (a click on its toast or notification),
 * and, optionally, whether it is in front already: then the user sees the change without a toast.
 */
export function registerNoticeOpener<T extends TargetType>(
  type: T,
  open: (target: TargetOf<T>) => void,
  showing?: (target: TargetOf<T>) => boolean,
): () => void {
  // Stored by type; this module only hands an opener targets of its own type.
  return openers.register({
    id: type,
    open: open as (target: AttentionTarget) => void,
    ...(showing ? { showing: showing as (target: AttentionTarget) => boolean } : {}),
  });
}

/** The task or run is what the workbench shows now (its tab is the active one, say). */
export function isShowing(target: AttentionTarget): boolean {
  return (
    useProjects.getState().current?.id === target.projectId && (openers.get(target.type)?.showing?.(target) ?? false)
  );
}

/** Shows the task or run a notice is about, or says why it cannot. */
export function openTarget(target: AttentionTarget): void {
  const { current, recent } = useProjects.getState();
  if (current?.id !== target.projectId) {
    const name = recent.find((p) => p.id === target.projectId)?.name;
    useNotices
      .getState()
      .push(
        'info',
        'In another folder',
        `Open ${name ?? 'its folder'} to see it; this window shows ${current?.name ?? 'no folder'}.`,
      );
    return;
  }
  openers.get(target.type)?.open(target);
}
