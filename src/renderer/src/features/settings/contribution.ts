import { registerSettingsSection } from '../../lib/contributions';
import { AppearanceSection, WorkspaceSection } from './GeneralSections';
import { ProjectSettings } from './ProjectSettings';

registerSettingsSection({ id: 'appearance', order: 10, component: AppearanceSection });
registerSettingsSection({ id: 'workspace', order: 20, component: WorkspaceSection });
registerSettingsSection({ id: 'project', order: 30, component: ProjectSettings });
