export { EditorGroup } from './EditorGroup';
