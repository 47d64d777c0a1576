import { Search } from 'lucide-react';
import { api } from '../../lib/api';
import { registerCommands, registerSideView } from '../../lib/contributions';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { showSideView } from '../../stores/workbench';
import { SearchView } from './SearchView';

registerSideView({ id: 'search', title: 'Search', icon: Search, order: 20, component: SearchView });
registerCommands([
  {
    id: 'workbench.showSearch',
    title: 'Show Search',
    category: 'View',
    keybinding: 'Mod+Shift+F',
    run: () => showSideView('search'),
  },
  {
    id: 'search.reindex',
    title: 'Show Index Status',
    category: 'Search',
    enabled: () => useProjects.getState().current !== null,
    run: async () => {
      const projectId = useProjects.getState().current?.id;
      if (!projectId) return;
      const s = await api.search.status({ projectId });
      useNotices.getState().push('info', 'Search index', `${s.state}: ${s.indexedFiles} of ${s.totalFiles} files.`);
    },
  },
]);
