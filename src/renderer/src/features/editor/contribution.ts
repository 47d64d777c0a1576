import { lazy } from 'react';
import { registerEditorPane } from '../../lib/contributions';
import { saveFile } from './state/files';
import { fileIsDirty } from './state/tabs';
// Diff tabs follow commits, stages and edits on disk; file tabs follow the disk.
import './state/diff-refresh';

// Monaco is large: it loads with the first file or diff shown, not with the workbench.
const FileEditor = lazy(() => import('./FileEditor').then((m) => ({ default: m.FileEditor })));
const DiffTabView = lazy(() => import('./DiffTabView').then((m) => ({ default: m.DiffTabView })));

const fileName = (path: string) => path.split('/').pop() ?? path;

registerEditorPane('file', {
  component: FileEditor,
  title: (tab) => fileName(tab.path),
  isDirty: fileIsDirty,
  save: (tab) => saveFile(tab.id),
});

registerEditorPane('diff', {
  component: DiffTabView,
  title: (tab) => fileName(tab.path),
  suffix: ' (diff)',
  italic: true,
});
