// Run by test/e2e/run-truth.test.ts through bench/run.mjs: starts an agent run against the fake
// model, allows its shell command, says when the command is running, and then waits to be
// killed, so the run dies with a tool call open.
import type { Backend } from '../../src/main/index';
import type { RunEntry } from '../../src/shared/domain/agent';
import { childBackend } from '../helpers/child-backend';

export default async function main(): Promise<void> {
  const [dataDir, repo, baseUrl] = process.argv.slice(2) as [string, string, string];
  const { backend, project, providerId } = await childBackend({
    dataDir,
    repo,
    baseUrl,
    providerName: 'Scripted model',
    trust: true,
  });
  backend.events.subscribe((channel, payload) => {
    if (channel !== 'agent.entry') return;
    const { runId, entry } = payload as { runId: string; entry: RunEntry };
    // The card is journaled before the run registers it as waiting: answer once it can be answered.
    if (entry.kind === 'approval' && entry.decision === null) approveSoon(backend, runId, entry.approvalId, 100);
    if (entry.kind === 'tool' && entry.tool === 'shell__run' && entry.state === 'running')
      process.stdout.write(`running ${runId}\n`);
  });
  await backend.agent.start({
    projectId: project.id,
    task: 'Fix the failing test in this repository.',
    model: { providerId, model: 'gpt-4o-mini' },
  });
  await new Promise(() => undefined);
}

function approveSoon(backend: Backend, runId: string, approvalId: string, tries: number): void {
  setTimeout(() => {
    try {
      backend.agent.approve(runId, approvalId, 'allow_once');
    } catch (error) {
      if (tries <= 0) throw error;
      approveSoon(backend, runId, approvalId, tries - 1);
    }
  }, 20);
}
