import type { TabBase } from '../../stores/editor';

/** The project's task board as one editor tab; what it shows lives in the board store. */
export interface BoardTab extends TabBase {
  readonly kind: 'board';
}

declare module '../../stores/editor' {
  interface TabKinds {
    board: BoardTab;
  }
}
