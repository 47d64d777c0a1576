import { registerCommand, registerPanelTab } from '../../lib/contributions';
import { showPanelTab } from '../../stores/workbench';
import { LogsView } from './LogsView';

registerPanelTab({ id: 'logs', title: 'Logs', order: 30, component: LogsView });
registerCommand({ id: 'workbench.showLogs', title: 'Show Logs', category: 'View', run: () => showPanelTab('logs') });
