import type { Command } from '../../lib/contributions';
import { useSettings } from '../../stores/settings';
import { useWorkbench } from '../../stores/workbench';
import { scrollToModelSettings } from './scroll';

/** Palette commands of the models feature. */
export function modelCommands(): Command[] {
  return [
    {
      id: 'models.toggleOffline',
      title: 'Toggle Offline Mode',
      category: 'Models',
      run: () => {
        const { settings, update } = useSettings.getState();
        return update({ models: { offline: !settings.models.offline } });
      },
    },
    {
      id: 'models.configure',
      title: 'Configure Model Providers',
      category: 'Models',
      run: () => {
        useWorkbench.getState().setEditorView('settings');
        scrollToModelSettings();
      },
    },
  ];
}
