import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { IPty } from 'node-pty';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TerminalInfo } from '../../src/shared/domain/terminal';
import { WeftError } from '../../src/shared/ipc/errors';
import { EventHub } from '../../src/main/ipc/events';
import { LogService } from '../../src/main/logging/logger';
import type { PtyModule } from '../../src/main/terminal/pty';
import { CommandRunner } from '../../src/main/terminal/runner';
import { TerminalService } from '../../src/main/terminal/terminal-service';
import type { ShellChoice } from '../../src/shared/terminal/shell';
import { terminalFlow } from '../../src/shared/terminal/flow';
import { makeRepo, tempDir } from '../helpers/fixtures';
import { alive } from '../helpers/processes';
import { until } from '../helpers/until';

const PROJECT = 'project-0001';
let service: TerminalService | undefined;
let logs: LogService | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  service?.dispose();
  service = undefined;
  await logs?.dispose();
});

function setup(root: string, shell?: () => ShellChoice) {
  const events = new EventHub((e) => {
    throw e;
  });
  logs = new LogService({ dir: tempDir('weft-logs-'), level: 'silent' });
  const output = new Map<string, string>();
  const infos = new Map<string, TerminalInfo>();
  events.subscribe((channel, payload) => {
    if (channel === 'terminal.data') {
      const { id, data } = payload as { id: string; data: string };
      output.set(id, (output.get(id) ?? '') + data);
    } else if (channel === 'terminal.changed') {
      infos.set((payload as TerminalInfo).id, payload as TerminalInfo);
    }
  });
  const projectRoot = (id: string) => {
    if (id !== PROJECT) throw new WeftError('project_not_found', 'no such project');
    return root;
  };
  service = new TerminalService({ projectRoot, runner: new CommandRunner(), events, log: logs.logger, shell });
  return { service, output: (id: string) => output.get(id) ?? '', info: (id: string) => infos.get(id) };
}

/**
 * The ptys the service starts, seen on node-pty itself (the same module object the service
 * requires): a test can then wait on a pty's own exit or pause instead of guessing how long
 * they take. Calls go through unchanged.
 */
function watchPtys(): () => IPty[] {
  const nodePty = createRequire(import.meta.url)('node-pty') as PtyModule;
  const spawn = vi.spyOn(nodePty, 'spawn');
  return () => spawn.mock.results.map((r) => r.value as IPty);
}

const bash: () => ShellChoice = () => ({ file: '/bin/bash', args: ['--norc', '--noprofile'] });

describe.runIf(process.platform !== 'win32')('terminal sessions', () => {
  it('starts a real shell in the project root, takes input, and keeps the screen for a reload', async () => {
    const repo = makeRepo();
    const t = setup(repo, bash);
    const info = await t.service.create({ projectId: PROJECT, cols: 80, rows: 24 });
    expect(info.status).toBe('running');
    expect(info.pid).toBeGreaterThan(0);
    t.service.write(info.id, 'pwd; echo "sum=$((40+2))"\r');
    await expect.poll(() => t.output(info.id), { timeout: 10_000 }).toContain('sum=42');
    expect(t.output(info.id)).toContain(repo);
    // The headless screen holds the same, serialised for a window that reloads.
    await expect.poll(async () => (await t.service.snapshot(info.id)).data, { timeout: 10_000 }).toContain('sum=42');
    const snap = await t.service.snapshot(info.id);
    expect(snap.offset).toBe(t.output(info.id).length);
  });

  it('resizes the pty', async () => {
    const t = setup(makeRepo(), bash);
    const info = await t.service.create({ projectId: PROJECT, cols: 80, rows: 24 });
    t.service.resize(info.id, 132, 40);
    t.service.write(info.id, 'echo size=$(stty size)\r');
    await expect.poll(() => t.output(info.id), { timeout: 10_000 }).toContain('size=40 132');
    expect(t.info(info.id)?.cols).toBe(132);
  });

  it('kills the shell, says so in the tab, and restarts it', async () => {
    const t = setup(makeRepo(), bash);
    const info = await t.service.create({ projectId: PROJECT, cols: 80, rows: 24 });
    const pid = info.pid!;
    t.service.kill(info.id);
    await expect.poll(() => t.info(info.id)?.status, { timeout: 10_000 }).toBe('exited');
    expect(alive(pid)).toBe(false);
    await expect.poll(() => t.output(info.id), { timeout: 10_000 }).toContain('Terminal killed');
    const again = t.service.restart(info.id);
    expect(again.status).toBe('running');
    expect(again.pid).not.toBe(pid);
    t.service.write(info.id, 'echo back-again\r');
    await expect.poll(() => t.output(info.id), { timeout: 10_000 }).toContain('back-again');
  });

  it('restarts a running shell without the old one ending the new one', async () => {
    const ptys = watchPtys();
    const t = setup(makeRepo(), bash);
    const info = await t.service.create({ projectId: PROJECT, cols: 80, rows: 24 });
    const first = info.pid!;
    const old = ptys()[0]!;
    expect(old.pid).toBe(first);
    // Registered after the service's own listener, so once this runs the old shell's exit
    // (which node-pty may deliver up to 200 ms after the process is gone) has reached the tab.
    let oldExitDelivered = false;
    old.onExit(() => (oldExitDelivered = true));
    const again = t.service.restart(info.id);
    expect(again.pid).not.toBe(first);
    await expect.poll(() => alive(first), { timeout: 10_000 }).toBe(false);
    await until(
      () => oldExitDelivered,
      10_000,
      () => 'the old shell never reported its exit',
    );
    expect(t.info(info.id)?.status).toBe('running');
    t.service.write(info.id, 'echo still-$((3+4))\r');
    await expect.poll(() => t.output(info.id), { timeout: 10_000 }).toContain('still-7');
  });

  it('ends every shell when the service is disposed', async () => {
    const t = setup(makeRepo(), bash);
    const a = await t.service.create({ projectId: PROJECT, cols: 80, rows: 24 });
    const b = await t.service.create({ projectId: PROJECT, cols: 80, rows: 24 });
    t.service.dispose();
    await expect.poll(() => [a.pid!, b.pid!].filter(alive), { timeout: 10_000 }).toEqual([]);
  });

  it('opens in a subfolder but refuses folders outside the project, symbolic links included', async () => {
    const repo = makeRepo();
    mkdirSync(join(repo, 'src'));
    const outside = tempDir('weft-outside-');
    symlinkSync(outside, join(repo, 'escape'));
    const t = setup(repo, bash);
    const inside = await t.service.create({ projectId: PROJECT, cwd: 'src', cols: 80, rows: 24 });
    expect(inside.cwd).toBe(join(repo, 'src'));
    for (const cwd of [outside, '..', 'escape']) {
      const error = await t.service.create({ projectId: PROJECT, cwd, cols: 80, rows: 24 }).catch((e) => e);
      expect((error as WeftError).code).toBe('path_outside_project');
    }
  });

  it('explains a shell that cannot start, and a folder that is gone, in the tab', async () => {
    const repo = makeRepo();
    const broken = setup(repo, () => ({ file: '/no/such/shell', args: [] }));
    const info = await broken.service.create({ projectId: PROJECT, cols: 80, rows: 24 });
    expect(info.status).toBe('failed');
    expect(info.error?.code).toBe('spawn_failed');
    await expect.poll(() => broken.output(info.id), { timeout: 10_000 }).toContain('/no/such/shell could not start');
    broken.service.dispose();

    const sub = join(repo, 'gone');
    mkdirSync(sub);
    const t = setup(repo, bash);
    const tab = await t.service.create({ projectId: PROJECT, cwd: 'gone', cols: 80, rows: 24 });
    t.service.kill(tab.id);
    await expect.poll(() => t.info(tab.id)?.status, { timeout: 10_000 }).toBe('exited');
    rmSync(sub, { recursive: true });
    const restarted = t.service.restart(tab.id);
    expect(restarted.status).toBe('failed');
    expect(restarted.error?.code).toBe('path_not_found');
    expect(restarted.error?.message).toContain('no longer exists');
  });

  it('shows a command-runner run as a read-only tab with its command and result', async () => {
    const t = setup(makeRepo(), bash);
    const { info, result } = await t.service.run({
      projectId: PROJECT,
      title: 'Run tests',
      command: { argv: ['sh', '-c', 'echo line1; echo line2; exit 4'] },
    });
    expect(info.kind).toBe('run');
    expect(info.name).toBe('Run tests');
    expect((await result).exitCode).toBe(4);
    await expect.poll(() => t.info(info.id)?.status, { timeout: 10_000 }).toBe('exited');
    await expect.poll(() => t.output(info.id), { timeout: 10_000 }).toContain('Exited with code 4.');
    const text = t.output(info.id);
    expect(text).toContain("$ sh -c 'echo line1; echo line2; exit 4'");
    expect(text).toContain('line1\r\nline2\r\n');
    expect(text).toContain('Exited with code 4.');
  });

  it('keeps a flood bounded: the pty is paused while nobody acknowledges output', async () => {
    const ptys = watchPtys();
    const t = setup(makeRepo(), bash);
    const info = await t.service.create({ projectId: PROJECT, cols: 80, rows: 24 });
    const pty = ptys()[0]!;
    const pause = vi.spyOn(pty, 'pause');
    const resume = vi.spyOn(pty, 'resume');
    // The headless screen may pause and resume the pty on its own; what counts is the last word.
    const paused = () => (pause.mock.invocationCallOrder.at(-1) ?? 0) > (resume.mock.invocationCallOrder.at(-1) ?? 0);
    t.service.write(info.id, 'yes weft-flood\r');
    await expect.poll(() => t.output(info.id).length, { timeout: 10_000 }).toBeGreaterThan(terminalFlow.high);
    await until(paused, 10_000, () => 'the pty was never paused');
    // Paused at the high watermark (4 M characters) plus what was already in the pipe.
    const stalled = t.output(info.id).length;
    expect(stalled).toBeLessThan(terminalFlow.high + 1_000_000);
    t.service.ack(info.id, stalled);
    await expect.poll(() => t.output(info.id).length, { timeout: 10_000 }).toBeGreaterThan(stalled);
    t.service.write(info.id, '\x03');
  });
});
