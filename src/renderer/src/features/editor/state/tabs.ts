import type { FileContent } from '../../../../../shared/domain/files';
import type { TabBase } from '../../../stores/editor';

/** Which sides a diff tab compares: a revision ('HEAD', a hash), the index (null), or the working file. */
export interface DiffSpec {
  readonly left: { rev: string | null; label: string };
  readonly right: { rev: string | null; label: string } | 'working';
}

export interface FileTab extends TabBase {
  readonly kind: 'file';
  file: FileContent;
  /** The text in the editor; dirty when it differs from `file.content`. */
  text: string;
  /** Set when the file changed on disk while the tab had unsaved edits. */
  conflict: { disk: FileContent } | null;
  /** Where to go once the editor is ready (search results, go to line); a new object each time. */
  reveal: Reveal | null;
  preview: boolean;
}

/** A line to show in the middle of the editor, and the match on it to select. */
export interface Reveal {
  readonly line: number;
  /** A search result's preview of the line and the [start, end) of the match within it. */
  readonly match?: { readonly text: string; readonly start: number; readonly end: number };
}

export interface DiffTab extends TabBase {
  readonly kind: 'diff';
  readonly spec: DiffSpec;
  original: string;
  modified: string;
}

declare module '../../../stores/editor' {
  interface TabKinds {
    file: FileTab;
    diff: DiffTab;
  }
}

export const fileIsDirty = (tab: FileTab): boolean => tab.text !== tab.file.content;
