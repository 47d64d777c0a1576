import type { AttentionTarget } from '../../../../../shared/ipc/domains/notifications';
import { Registry, type Contribution } from '../../../lib/registry';
import { useNotices } from '../../../stores/notifications';
import { useProjects } from '../../../stores/projects';

type TargetType = AttentionTarget['type'];
type TargetOf<T extends TargetType> = Extract<AttentionTarget, { type: T }>;

interface NoticeOpener extends Contribution {
  readonly id: TargetType;
  readonly open: (target: AttentionTarget) => void;
}

// The board opens tasks, the agent feature runs, the workflow feature workflow runs: each registers
// how, so notices can lead anywhere without this feature naming the others.
const openers = new Registry<NoticeOpener>('notice opener');

/** How a notice about a `type` target brings it to the front (a click on its toast or notification). */
export function registerNoticeOpener<T extends TargetType>(type: T, open: (target: TargetOf<T>) => void): () => void {
  // Stored by type; `openTarget` only hands an opener targets of its own type.
  return openers.register({ id: type, open: open as (target: AttentionTarget) => void });
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
