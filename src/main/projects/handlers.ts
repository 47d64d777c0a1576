import type { NamespaceHandlers } from '../ipc/router';
import type { ProjectService } from './project-service';

/** The `projects.*` requests. */
export function projectHandlers(projects: ProjectService): NamespaceHandlers<'projects'> {
  return {
    'projects.open': ({ path }) => projects.open(path),
    'projects.recent': () => projects.recent(),
    'projects.reopenLast': () => projects.reopenLast(),
    'projects.forget': async ({ id }) => {
      await projects.forget(id);
      return null;
    },
    'projects.initGit': ({ id }) => projects.initGit(id),
    'projects.setTrust': ({ id, trusted }) => projects.setTrust(id, trusted),
    'projects.setAllowedHosts': ({ id, hosts }) => projects.setAllowedHosts(id, hosts),
  };
}
