import type { TabBase } from '../../stores/editor';

/** An agent run's timeline as a wide editor tab; `path` is the name it shows. */
export interface RunTabState extends TabBase {
  readonly kind: 'run';
  readonly runId: string;
}

/** The review of a run's changes over a span of checkpoints (null: the run's start, or now for `to`). */
export interface ReviewTabState extends TabBase {
  readonly kind: 'review';
  readonly runId: string;
  range?: { from: string | null; to: string | null };
}

declare module '../../stores/editor' {
  interface TabKinds {
    run: RunTabState;
    review: ReviewTabState;
  }
}
