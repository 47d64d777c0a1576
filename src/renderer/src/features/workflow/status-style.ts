import {
  Ban,
  CheckCircle2,
  CircleDashed,
  Hand,
  Loader2,
  MinusCircle,
  PauseCircle,
  RotateCw,
  XCircle,
  type LucideIcon,
} from 'lucide-react';
import type { NodeStatus } from '../../../../shared/domain/workflow-runs';
import type { WorkflowRunStatus } from '../../../../shared/workflow/run';

/** Colour (border/text classes) and icon for each state, the same on the canvas, the list and the timeline. */
export const nodeStatusStyle: Record<
  NodeStatus,
  { label: string; icon: LucideIcon; border: string; text: string; fill: string }
> = {
  pending: { label: 'Pending', icon: CircleDashed, border: 'border-wb-border', text: 'text-wb-muted', fill: '#8b8b8b' },
  running: { label: 'Running', icon: Loader2, border: 'border-sky-500', text: 'text-sky-500', fill: '#0ea5e9' },
  retrying: {
    label: 'Retrying',
    icon: RotateCw,
    border: 'border-orange-500',
    text: 'text-orange-500',
    fill: '#f97316',
  },
  waiting: {
    label: 'Waiting for approval',
    icon: Hand,
    border: 'border-amber-500',
    text: 'text-amber-500',
    fill: '#f59e0b',
  },
  completed: {
    label: 'Completed',
    icon: CheckCircle2,
    border: 'border-green-600',
    text: 'text-green-600',
    fill: '#16a34a',
  },
  failed: { label: 'Failed', icon: XCircle, border: 'border-red-600', text: 'text-red-600', fill: '#dc2626' },
  skipped: {
    label: 'Skipped',
    icon: MinusCircle,
    border: 'border-wb-border border-dashed',
    text: 'text-wb-muted',
    fill: '#a3a3a3',
  },
  cancelled: { label: 'Cancelled', icon: Ban, border: 'border-wb-border', text: 'text-wb-muted', fill: '#737373' },
};

export const runStatusStyle: Record<WorkflowRunStatus, { label: string; icon: LucideIcon; text: string }> = {
  running: { label: 'Running', icon: Loader2, text: 'text-sky-500' },
  paused: { label: 'Paused', icon: PauseCircle, text: 'text-amber-500' },
  awaiting_approval: { label: 'Awaiting approval', icon: Hand, text: 'text-amber-500' },
  completed: { label: 'Completed', icon: CheckCircle2, text: 'text-green-600' },
  failed: { label: 'Failed', icon: XCircle, text: 'text-red-600' },
  cancelled: { label: 'Cancelled', icon: Ban, text: 'text-wb-muted' },
  interrupted: { label: 'Interrupted', icon: PauseCircle, text: 'text-orange-500' },
};

export const isLive = (status: WorkflowRunStatus): boolean =>
  status === 'running' || status === 'paused' || status === 'awaiting_approval';
