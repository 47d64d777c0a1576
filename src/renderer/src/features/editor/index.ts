// Diff tabs follow commits, stages and edits on disk from the moment the editor is loaded.
import './diff-refresh';
export { EditorGroup } from './EditorGroup';
export { DiffView } from './DiffView';
export { useDarkClass } from './use-dark-class';
