/** What the process hosting the backend can do beyond plain Node (dialogs, the OS shell). */
export interface Host {
  readonly kind: 'electron' | 'browser';
  /** Shows a native folder picker; absent where there is none (browser mode). */
  pickFolder?(): Promise<string | null>;
  /** Opens a URL in the OS browser; absent where the UI opens it itself. */
  openExternal?(url: string): Promise<void>;
  /** Shows a path in the OS file manager. */
  revealInOs?(path: string): Promise<void>;
  /** Moves a path to the OS trash; absent where there is none (browser mode deletes after asking). */
  trashItem?(path: string): Promise<void>;
  /** True when the window can hand over real paths of dropped folders. */
  readonly dropFolders: boolean;
}
