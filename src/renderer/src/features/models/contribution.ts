import { registerCommands, registerSettingsSection, registerStatusItem } from '../../lib/contributions';
import { modelCommands } from './commands';
import { ModelSettings } from './ModelSettings';
import { OfflineBadge } from './OfflineBadge';

registerSettingsSection({ id: 'models', order: 40, component: ModelSettings });
registerStatusItem({ id: 'models.offline', align: 'right', order: 20, component: OfflineBadge });
registerCommands(modelCommands());
