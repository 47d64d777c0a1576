import { lazy } from 'react';
import { registerCommands, registerPanelTab } from '../../lib/contributions';
import { terminalCommands } from './commands';

// xterm loads with the first terminal shown, not with the workbench.
const TerminalPanel = lazy(() => import('./TerminalPanel').then((m) => ({ default: m.TerminalPanel })));

registerPanelTab({ id: 'terminal', title: 'Terminal', order: 10, ownsScrolling: true, component: TerminalPanel });
registerCommands(terminalCommands());
