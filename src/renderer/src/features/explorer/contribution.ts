import { FolderTree } from 'lucide-react';
import { registerCommand, registerSideView } from '../../lib/contributions';
import { showSideView } from '../../stores/workbench';
import { ExplorerView } from './ExplorerView';

registerSideView({ id: 'explorer', title: 'Explorer', icon: FolderTree, order: 10, component: ExplorerView });
registerCommand({
  id: 'workbench.showExplorer',
  title: 'Show Explorer',
  category: 'View',
  keybinding: 'Mod+Shift+E',
  run: () => showSideView('explorer'),
});
