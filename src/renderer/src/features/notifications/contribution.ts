import { registerSettingsSection } from '../../lib/contributions';
import { NotificationsSettings } from './NotificationsSettings';
// Listening from the start, so a notice that arrives before any view opens is heard.
import './state/notify';

registerSettingsSection({ id: 'notifications', order: 25, component: NotificationsSettings });
