export { openDiff, openFile, saveFile } from './state/files';
export type { DiffSpec, DiffTab, FileTab, Reveal } from './state/tabs';
