export { EditorGroup } from './EditorGroup';
export { DiffView } from './DiffView';
export { useDarkClass } from './use-dark-class';
