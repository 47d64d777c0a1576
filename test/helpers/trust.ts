import type { Backend } from '../../src/main/index';
import type { Project } from '../../src/shared/domain/project';

const trusting = new WeakSet<Backend>();

/**
 * Answers the trust prompt for every folder a test opens, as a person would: each folder the
 * backend opens (through the router, a service call or reopening the last one) that nobody has
 * answered for yet is trusted with a `projects.setTrust` request through the router, and the
 * caller (a test or the page) gets the trusted project. Folders already answered keep their
 * answer, so a test can still restrict one.
 */
export function trustOpenedFolders(backend: Backend): void {
  if (trusting.has(backend)) return;
  trusting.add(backend);
  const projects = backend.projects;
  const open = projects.open.bind(projects);
  projects.open = async (path, options) => {
    const project = await open(path, options);
    if (project.trust !== null) return project;
    return trustProject(backend, project.id);
  };
}

/** Trusts one project through the contract, as the "Trust folder" button does. */
export async function trustProject(backend: Backend, id: string): Promise<Project> {
  const reply = await backend.router.dispatch('projects.setTrust', { id, trusted: true }, { transport: 'test' });
  if (!reply.ok) throw new Error(`projects.setTrust failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as Project;
}
