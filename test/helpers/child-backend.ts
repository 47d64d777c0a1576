import { Backend, type BackendOptions } from '../../src/main/index';
import type { Project } from '../../src/shared/domain/project';
import { trustOpenedFolders } from './trust';

/**
 * What the child processes in test/children start from: a backend over `dataDir` that sees no
 * environment, `repo` open in it, and the fake model at `baseUrl` saved as an OpenAI-compatible
 * provider (native tool calls).
 */
export async function childBackend(options: {
  dataDir: string;
  repo: string;
  baseUrl: string;
  providerName?: string;
  /** Trust folders as they open, as a person answering the trust prompt would. */
  trust?: boolean;
  backend?: Partial<BackendOptions>;
}): Promise<{ backend: Backend; project: Project; providerId: string }> {
  const backend = Backend.create({
    dataDir: options.dataDir,
    host: { kind: 'browser', dropFolders: false },
    logLevel: 'warn',
    env: {},
    ...options.backend,
  });
  if (options.trust) trustOpenedFolders(backend);
  const project = await backend.projects.open(options.repo);
  const provider = backend.modelProviders.save({
    kind: 'openai-compatible',
    flavor: 'custom',
    name: options.providerName ?? 'Fake',
    baseUrl: options.baseUrl,
    toolMode: 'native',
  });
  return { backend, project, providerId: provider.id };
}
