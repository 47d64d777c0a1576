import { registerStatusItem } from '../../lib/contributions';
import {
  ConnectionStatusItem,
  IndexStatusItem,
  ProjectStatusItem,
  ThemeStatusItem,
  VersionStatusItem,
} from './StatusItems';
import { TrustStatusItem } from './TrustStatusItem';

registerStatusItem({ id: 'workbench.trust', align: 'left', order: 10, component: TrustStatusItem });
registerStatusItem({ id: 'workbench.project', align: 'left', order: 20, component: ProjectStatusItem });
registerStatusItem({ id: 'workbench.index', align: 'left', order: 30, component: IndexStatusItem });
// Features' items (agents 10, offline 20) come before these on the right.
registerStatusItem({ id: 'workbench.connection', align: 'right', order: 30, component: ConnectionStatusItem });
registerStatusItem({ id: 'workbench.theme', align: 'right', order: 40, component: ThemeStatusItem });
registerStatusItem({ id: 'workbench.version', align: 'right', order: 50, component: VersionStatusItem });
