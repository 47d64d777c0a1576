import { registerCommands } from '../../lib/contributions';
import { workbenchCommands } from './commands';

registerCommands(workbenchCommands());
