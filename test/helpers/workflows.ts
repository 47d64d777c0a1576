import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Backend } from '../../src/main/index';
import { InPlaceWorkspaces } from '../../src/main/workflow/in-place-workspaces';
import { WorkflowService, type WorkflowServiceDeps } from '../../src/main/workflow/workflow-service';
import { tempDir } from './fixtures';
import { trustOpenedFolders } from './trust';

const opened: { service: WorkflowService; backend: Backend | null }[] = [];
afterEach(async () => {
  // Services before their backend: a service writes its journal out on dispose.
  for (const { service, backend } of opened.splice(0).reverse()) {
    await service.dispose();
    await backend?.dispose();
  }
});

/** A WorkflowService wired as the composition root would wire it, over a real backend. */
export function workflowService(
  backend: Backend,
  overrides: Partial<WorkflowServiceDeps> = {},
  options: { ownsBackend?: boolean } = {},
): WorkflowService {
  const service = new WorkflowService({
    store: backend.store,
    projectRoot: (id) => backend.projects.root(id),
    workspaces: new InPlaceWorkspaces(),
    runner: backend.runner,
    models: backend.models,
    defaultModel: () => backend.settings.get().models.defaults.quick,
    tools: null,
    agents: null,
    knownModels: () => new Map(backend.modelProviders.list().map((p) => [p.id, null])),
    log: backend.logs.logger,
    ...overrides,
  });
  opened.push({ service, backend: options.ownsBackend === false ? null : backend });
  return service;
}

/** A real backend on a temporary data dir, trusting the folders it opens; dispose it through the service that uses it. */
export function workflowBackend(dataDir = tempDir('weft-wf-data-')): Backend {
  const backend = Backend.create({ dataDir, host: { kind: 'browser', dropFolders: false }, logLevel: 'silent' });
  trustOpenedFolders(backend);
  return backend;
}

/** Writes `.weft/workflows/<name>.json` in a repository. */
export function writeWorkflow(repo: string, name: string, definition: object): void {
  const dir = join(repo, '.weft', 'workflows');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ version: 1, ...definition }, null, 2));
}
