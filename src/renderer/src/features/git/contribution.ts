import { GitBranch } from 'lucide-react';
import { registerCommands, registerSideView } from '../../lib/contributions';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { showSideView } from '../../stores/workbench';
import { useWorkspace } from '../../stores/workspace';
import { openDiff } from '../editor';
import { GitView } from './GitView';

registerSideView({ id: 'git', title: 'Source Control', icon: GitBranch, order: 30, component: GitView });
registerCommands([
  {
    id: 'workbench.showGit',
    title: 'Show Source Control',
    category: 'View',
    keybinding: 'Ctrl+Shift+G',
    run: () => showSideView('git'),
  },
  {
    id: 'git.compareRevisions',
    title: 'Compare a File Between Revisions…',
    category: 'Git',
    enabled: () => useProjects.getState().current?.isGitRepo === true,
    run: async () => {
      const path = window.prompt('File (relative to the project)', useWorkspace.getState().selected ?? '');
      if (!path) return;
      const left = window.prompt('From revision', 'HEAD~1');
      const right = left ? window.prompt('To revision (empty for the working tree)', 'HEAD') : null;
      if (!left || right === null) return;
      await openDiff(path, {
        left: { rev: left, label: left },
        right: right === '' ? 'working' : { rev: right, label: right },
      });
    },
  },
  {
    id: 'git.init',
    title: 'Initialize Repository',
    category: 'Git',
    enabled: () => {
      const current = useProjects.getState().current;
      return current !== null && !current.isGitRepo;
    },
    run: async () => {
      await useProjects.getState().initGit();
      useNotices.getState().push('info', 'Repository initialized', 'git init finished in the project folder.');
    },
  },
]);
