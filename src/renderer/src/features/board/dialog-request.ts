/** The board's dialogs, opened from the board itself, the side view or the palette. */
export type BoardDialog = 'checklist' | 'add';

let handler: ((dialog: BoardDialog) => void) | null = null;

/** Set by the mounted board pane; null when it unmounts. */
export function setBoardDialogHandler(next: ((dialog: BoardDialog) => void) | null): void {
  handler = next;
}

/** Opens a dialog of the board pane, if it is mounted (open the board tab first). */
export function requestBoardDialog(dialog: BoardDialog): void {
  handler?.(dialog);
}
