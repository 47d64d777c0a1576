import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRow, RunEntry, RunView } from '../../../src/shared/domain/agent';
import type { AppInfo } from '../../../src/shared/ipc/contract';
import { buggyRepo, ok, waitForStatus } from '../../helpers/agent';
import { useModelFixture } from '../../helpers/models';

const fx = useModelFixture();

async function runOne(
  command: string | ((repo: string) => string),
  options: Parameters<typeof fx.open>[0],
  settings?: unknown,
) {
  const backend = fx.open(options);
  if (settings) await ok(backend, 'settings.update', settings);
  const providerId = await fx.addLocal('native');
  const repo = buggyRepo();
  const project = await ok<{ id: string }>(backend, 'projects.open', { path: repo });
  const line = typeof command === 'string' ? command : command(repo);
  fx.fake.enqueue({ toolCalls: [{ name: 'shell__run', arguments: { command: line } }] }, { text: 'Done.' });
  const run = await ok<RunView>(backend, 'agent.start', {
    projectId: project.id,
    task: 'Try it',
    model: { providerId, model: 'fake-model' },
  });
  await waitForStatus(backend, run.id, ['completed', 'failed']);
  const { entries } = await ok<{ entries: RunEntry[] }>(backend, 'agent.get', { runId: run.id });
  const audit = await ok<AuditRow[]>(backend, 'agent.audit', { projectId: project.id, runId: run.id, limit: 10 });
  const info = await ok<AppInfo>(backend, 'app.info');
  return { repo, run, entries, audit, info };
}

describe('an agent run and the sandbox', () => {
  it('says it is sandboxed, and names the write the sandbox stopped', async () => {
    // The user's own checkout: readable inside the sandbox, never writable.
    let target = '';
    // Everything approved: the sandbox alone stands between the command and the file.
    const { entries, info } = await runOne(
      (repo) => `touch ${(target = join(repo, 'escaped.txt'))}`,
      { unattended: true },
      { agent: { approveAllWhenSandboxed: true } },
    );
    expect(info.sandbox).toMatchObject({ available: true, mechanism: 'bubblewrap' });
    expect(existsSync(target)).toBe(false);
    const sandbox = entries.filter((e) => e.kind === 'sandbox');
    const tools = JSON.stringify(entries.filter((e) => e.kind === 'tool'));
    expect(sandbox[0], tools).toMatchObject({ event: 'on' });
    expect(sandbox, tools).toContainEqual(
      expect.objectContaining({ event: 'denied', violation: { kind: 'write', target } }),
    );
  });

  it('without a sandbox, says so and asks before every command, even an allow-listed one', async () => {
    const { entries, audit, info } = await runOne(
      'ls',
      { unattended: true, sandbox: { bwrapPath: null } },
      {
        agent: { approveAllWhenSandboxed: true },
      },
    );
    expect(info.sandbox.available).toBe(false);
    expect(info.sandbox.reason).toMatch(/bubblewrap/);
    expect(entries.find((e) => e.kind === 'sandbox')).toMatchObject({
      event: 'off',
      message: expect.stringMatching(/not sandboxed/),
    });
    // Unattended, "ask" becomes a denial that says why.
    expect(audit[0]).toMatchObject({ tool: 'shell__run', decision: 'deny' });
    expect(audit[0]!.reason).toMatch(/not sandboxed/);
  });
});
