import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFakeModel } from '../../doubles/fake-model';
import { makeRepo, tempDir } from '../../helpers/fixtures';
import { addLocalProvider, modelBackend } from '../../helpers/models';
import { writeWorkflow } from '../../helpers/workflows';

const cli = resolve('bin/weft.js');

/** Runs the built `weft` and collects what it printed; `onStart` may signal it. */
function weft(
  args: string[],
  onStart?: (pid: number) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(resolve('out/main/cli.js'))) throw new Error('Build first: npm run build');
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  onStart?.(child.pid!);
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

const fake = useFakeModel({}, 'test');

describe.runIf(process.platform !== 'win32')('weft run', () => {
  it('runs a workflow with a model step headless and exits 0; a failing step exits 1 with how to resume', async () => {
    const repo = makeRepo();
    const dataDir = join(tempDir('weft-cli-'), 'data');
    // Configure a provider pointing at the double, as a user would in Settings, then close.
    const { backend } = modelBackend({ dataDir });
    const providerId = await addLocalProvider(backend, fake().openaiUrl);
    await backend.dispose();
    fake().enqueue({ text: 'A haiku about tests', usage: { input: 10, output: 5 } });
    writeWorkflow(repo, 'poem', {
      inputs: { topic: { type: 'string' } },
      nodes: [
        { id: 'write', kind: 'llm', model: { providerId, model: 'fake-model' }, prompt: 'A poem on {{inputs.topic}}' },
        { id: 'save', kind: 'shell', command: 'printf %s {{nodes.write.output}} > poem.txt' },
        { id: 'readme', kind: 'tool', tool: 'files__read', arguments: { path: 'README.md' } },
      ],
      edges: [
        { from: 'write', to: 'save' },
        { from: 'save', to: 'readme' },
      ],
      outputs: { poem: '{{nodes.write.output}}' },
    });
    const ok = await weft([
      'run',
      'poem',
      '--repo',
      repo,
      '--input',
      'topic=tests',
      '--in-place',
      '--data-dir',
      dataDir,
    ]);
    expect(ok.stderr).toContain('Completed poem');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('A haiku about tests\n');
    expect(readFileSync(join(repo, 'poem.txt'), 'utf8')).toBe('A haiku about tests');
    // The tool step went through the built-in MCP files server.
    const firstRun = JSON.parse(
      (await weft(['runs', 'list', '--json', '--data-dir', dataDir])).stdout.trim().split('\n')[0]!,
    ) as { id: string };
    const shown = JSON.parse((await weft(['runs', 'show', firstRun.id, '--json', '--data-dir', dataDir])).stdout) as {
      events: { type: string; node?: string; output?: unknown }[];
    };
    expect(shown.events.find((e) => e.type === 'node.completed' && e.node === 'readme')?.output).toContain('# fixture');

    writeWorkflow(repo, 'bad', { nodes: [{ id: 'boom', kind: 'shell', command: 'echo broken >&2; exit 3' }] });
    const bad = await weft(['run', 'bad', '--repo', repo, '--json', '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    const events = bad.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; runId: string });
    expect(events[0]).toMatchObject({ type: 'run.started' });
    expect(events.at(-1)).toMatchObject({
      type: 'run.failed',
      node: 'boom',
      error: { code: 'exit_code', message: 'The command exited with code 3: broken' },
    });

    const usage = await weft(['run', 'poem', '--repo', repo, '--data-dir', dataDir]);
    // A missing input is a mistake on the command line: exit 2, and the line says how to pass it.
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('The input "topic" is required.');
    expect(usage.stderr).toContain('It takes: --input topic=<string>.');

    const list = await weft(['runs', 'list', '--json', '--data-dir', dataDir]);
    expect(list.code).toBe(0);
    expect(
      list.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { status: string; workflow: string }).workflow),
    ).toEqual(['bad', 'poem']);
    const show = await weft(['runs', 'show', events[0]!.runId, '--data-dir', dataDir]);
    expect(show.stdout).toContain('✗ boom: The command exited with code 3: broken');
  });

  it('cancels cleanly on Ctrl-C with exit code 130, and the run can be resumed', async () => {
    const repo = makeRepo();
    const dataDir = join(tempDir('weft-cli-'), 'data');
    writeWorkflow(repo, 'slow', {
      nodes: [
        { id: 'wait', kind: 'shell', command: 'touch started.flag; test -f done.flag || sleep 30' },
        { id: 'after', kind: 'shell', command: 'echo after > after.txt' },
      ],
      edges: [{ from: 'wait', to: 'after' }],
    });
    const args = ['run', 'slow', '--repo', repo, '--in-place', '--data-dir', dataDir];
    const cancelled = await weft(args, (pid) => {
      // Once the step runs, interrupt as a terminal's Ctrl-C would.
      const poll = setInterval(() => {
        if (!existsSync(join(repo, 'started.flag'))) return;
        clearInterval(poll);
        process.kill(pid, 'SIGINT');
      }, 50);
    });
    expect(cancelled.code).toBe(130);
    expect(cancelled.stderr).toContain('Cancelling');
    const runId = /weft runs resume (\w+)/.exec(cancelled.stderr)?.[1];
    expect(runId).toBeDefined();
    expect(existsSync(join(repo, 'after.txt'))).toBe(false);

    // `wait` never completed, so it runs again; the flag lets it finish at once this time.
    writeFileSync(join(repo, 'done.flag'), '');
    const resumed = await weft(['runs', 'resume', runId!, '--data-dir', dataDir]);
    expect(resumed.code).toBe(0);
    expect(readFileSync(join(repo, 'after.txt'), 'utf8')).toBe('after\n');
  }, 60_000);
});
