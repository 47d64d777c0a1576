import type { Backend } from '../../src/main/index';
import type { Project } from '../../src/shared/domain/project';

/**
 * Answers the trust prompt for every folder a test opens, as a person would: each successful
 * `projects.open` or `projects.reopenLast` of a folder not asked about yet is followed by a
 * `projects.setTrust` through the same router, and the caller (a test or the page) sees the
 * trusted project. Folders already answered keep their answer, so a test can restrict one.
 */
export function trustOpenedFolders(backend: Backend): void {
  const router = backend.router;
  const dispatch = router.dispatch.bind(router);
  router.dispatch = async (channel, input, ctx) => {
    const reply = await dispatch(channel, input, ctx);
    if ((channel !== 'projects.open' && channel !== 'projects.reopenLast') || !reply.ok || !reply.value) return reply;
    const project = reply.value as Project;
    if (project.trust !== null) return reply;
    return dispatch('projects.setTrust', { id: project.id, trusted: true }, ctx);
  };
}
