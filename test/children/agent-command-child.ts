// Run by test/integration/sandbox/sandbox-processes.test.ts through bench/run.mjs: starts an agent run
// whose one command sleeps long, approving it when asked, then waits to be killed with it running.
import type { RunView } from '../../src/shared/domain/agent';
import { childBackend } from '../helpers/child-backend';

export default async function main(): Promise<void> {
  const [dataDir, repo, baseUrl, mode] = process.argv.slice(2) as [string, string, string, string | undefined];
  const { backend, project, providerId } = await childBackend({
    dataDir,
    repo,
    baseUrl,
    backend: mode === 'unsandboxed' ? { sandbox: { bwrapPath: null } } : {},
  });
  const run = await backend.agent.start({
    projectId: project.id,
    task: 'Wait a while',
    model: { providerId, model: 'fake-model' },
  });
  // The person at the UI allows the command (without a sandbox, every command asks).
  backend.events.subscribe((channel, payload) => {
    const view = payload as RunView;
    if (channel === 'agent.runChanged' && view.id === run.id) process.stdout.write(`status ${view.status}\n`);
    if (channel !== 'agent.runChanged' || view.id !== run.id || view.status !== 'awaiting_approval') return;
    const pending = backend.agent.get(run.id).entries.find((e) => e.kind === 'approval' && e.decision === null);
    if (pending?.kind === 'approval') {
      backend.agent.approve(run.id, pending.approvalId, 'allow_once');
    }
  });
  process.stdout.write(`started ${run.id}\n`);
  await new Promise(() => undefined);
}
