import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { basename } from 'node:path';
import type { Confinement } from './confinement';
import type { CommandSpec, RunResult, TerminalInfo } from '../../shared/domain/terminal';
import { WeftError, type ErrorData } from '../../shared/ipc/errors';
import { displayCommand, type ShellChoice } from '../../shared/terminal/shell';
import type { EventHub } from '../ipc/events';
import type { Logger } from '../logging/logger';
import { resolveCwd } from './cwd';
import { loadPty, startPty, userShell, type PtyModule } from './pty';
import type { CommandRunner } from './runner';
import { TerminalSession, type Producer } from './session';

export interface TerminalServiceDeps {
  /** The root folder of an open project; throws `project_not_found` for an unknown id. */
  readonly projectRoot: (projectId: string) => string;
  readonly runner: CommandRunner;
  readonly events: EventHub;
  readonly log: Logger;
  /** Which shell to start; the user's own unless a test says otherwise. */
  readonly shell?: () => ShellChoice;
}

export interface CreateTerminal {
  readonly projectId: string;
  readonly cwd?: string;
  readonly name?: string;
  readonly cols: number;
  readonly rows: number;
}

/** A command-runner run that is shown to the user as a read-only tab. */
export interface VisibleRun {
  readonly projectId: string;
  /** The tab's name: the workflow step or the agent's action. */
  readonly title: string;
  readonly command: CommandSpec;
  readonly cwd?: string;
  /** The directory `cwd` must lie in, when not the project root (an agent run's worktree). */
  readonly root?: string;
  readonly env?: Readonly<Record<string, string | null>>;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onOutput?: (stream: 'stdout' | 'stderr', data: string) => void;
  /** The run's sandbox, when the command runs confined. */
  readonly confinement?: Confinement;
}

/** How long a killed shell has to exit on SIGHUP before it gets SIGKILL. */
const KILL_GRACE_MS = 1000;

const signalNames = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** Interactive terminals and visible command runs, each a session with a screen kept in main. */
export class TerminalService {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly restarts = new Map<string, () => void>();
  private readonly shell: () => ShellChoice;
  private pty: PtyModule | undefined;

  constructor(private readonly deps: TerminalServiceDeps) {
    this.shell = deps.shell ?? userShell;
  }

  /** Opens a shell tab; `cwd` (e.g. "new terminal here" from the explorer) must lie inside the project. */
  async create(input: CreateTerminal): Promise<TerminalInfo> {
    const root = this.deps.projectRoot(input.projectId);
    const cwd = await resolveCwd(root, input.cwd);
    const shell = this.shell();
    const session = this.add({
      name: input.name ?? this.nextName(basename(shell.file).replace(/\.exe$/i, '')),
      kind: 'shell',
      projectId: input.projectId,
      cwd,
      command: displayCommand([shell.file, ...shell.args]),
      cols: input.cols,
      rows: input.rows,
    });
    const start = () => this.startShell(session, shell);
    this.restarts.set(session.id, start);
    start();
    return session.info;
  }

  list(): TerminalInfo[] {
    return [...this.sessions.values()].map((s) => s.info);
  }

  async snapshot(id: string): Promise<{ info: TerminalInfo; data: string; offset: number }> {
    const session = this.get(id);
    const snap = await session.snapshot();
    return { info: session.info, ...snap };
  }

  write(id: string, data: string): void {
    this.get(id).write(data);
  }

  resize(id: string, cols: number, rows: number): void {
    this.get(id).resize(cols, rows);
  }

  ack(id: string, chars: number): void {
    this.sessions.get(id)?.ack(chars);
  }

  /** Output counters of a session (benchmarks, diagnostics). */
  stats(id: string): { emitted: number; acked: number; parsed: number } {
    return this.get(id).stats;
  }

  rename(id: string, name: string): TerminalInfo {
    return this.get(id).update({ name });
  }

  kill(id: string): void {
    this.get(id).kill();
  }

  /** Starts the tab's process again, in the same folder, below what it showed before. */
  restart(id: string): TerminalInfo {
    const session = this.get(id);
    if (session.hasProducer) session.kill();
    session.setProducer(undefined);
    session.notice('— restarted —');
    this.restarts.get(id)?.();
    return session.info;
  }

  close(id: string): void {
    const session = this.get(id);
    session.dispose();
    this.sessions.delete(id);
    this.restarts.delete(id);
    this.deps.events.emit('terminal.removed', { id });
  }

  /**
   * Runs a command through the runner and shows it as a read-only tab named after its step.
   * `result` settles when it ends; a command that cannot start rejects with `spawn_failed`.
   */
  async run(spec: VisibleRun): Promise<{ info: TerminalInfo; result: Promise<RunResult> }> {
    const root = spec.root ?? this.deps.projectRoot(spec.projectId);
    const cwd = await resolveCwd(root, spec.cwd);
    const command = 'argv' in spec.command ? displayCommand(spec.command.argv) : spec.command.shell;
    const session = this.add({
      name: spec.title,
      kind: 'run',
      projectId: spec.projectId,
      cwd,
      command,
      cols: 80,
      rows: 24,
    });
    let result!: Promise<RunResult>;
    const start = () => {
      result = this.startRun(session, { ...spec, cwd });
      result.catch(() => undefined);
    };
    this.restarts.set(session.id, start);
    start();
    return { info: session.info, result };
  }

  private add(fields: Pick<TerminalInfo, 'name' | 'kind' | 'projectId' | 'cwd' | 'command' | 'cols' | 'rows'>) {
    const info: TerminalInfo = {
      ...fields,
      id: randomBytes(9).toString('base64url'),
      status: 'running',
      pid: null,
      exitCode: null,
      signal: null,
      error: null,
      createdAt: Date.now(),
    };
    const session = new TerminalSession(info, {
      data: (id, offset, data) => this.deps.events.emit('terminal.data', { id, offset, data }),
      changed: (next) => this.deps.events.emit('terminal.changed', next),
    });
    this.sessions.set(info.id, session);
    this.deps.events.emit('terminal.changed', info);
    return session;
  }

  private startShell(session: TerminalSession, shell: ShellChoice): void {
    let pty;
    try {
      this.pty ??= loadPty();
      pty = startPty(this.pty, { shell, cwd: session.info.cwd, cols: session.info.cols, rows: session.info.rows });
    } catch (error) {
      session.fail(asErrorData(error));
      this.deps.log.warn({ terminal: session.id, err: error }, 'a terminal could not start');
      return;
    }
    let killed = false;
    let exited = false;
    const producer: Producer = {
      pause: () => pty.pause(),
      resume: () => pty.resume(),
      // A killed pty's descriptor may already be closed; input or a resize then goes nowhere.
      write: (d) => killed || exited || pty.write(d),
      resize: (cols, rows) => {
        if (killed || exited) return;
        try {
          pty.resize(cols, rows);
        } catch {
          // The shell ended between the check and the call.
        }
      },
      kill: () => {
        killed = true;
        pty.kill();
        // A shell caught between fork and exec can miss SIGHUP; make sure it ends.
        setTimeout(() => exited || pty.kill('SIGKILL'), KILL_GRACE_MS).unref();
      },
    };
    const data = pty.onData((d) => session.output(d));
    pty.onExit(({ exitCode, signal }) => {
      exited = true;
      data.dispose();
      if (!session.isCurrent(producer)) return;
      session.setProducer(undefined);
      const name = signal ? (signalNames.get(signal) ?? String(signal)) : null;
      session.notice(
        killed
          ? 'Terminal killed. Restart it to start a new shell.'
          : name
            ? `The shell was ended by ${name}. Restart it to start a new shell.`
            : `The shell exited with code ${exitCode}.`,
        killed || name || exitCode !== 0 ? 'error' : 'info',
      );
      session.update({ status: 'exited', exitCode: name ? null : exitCode, signal: name, pid: null });
    });
    session.setProducer(producer);
    session.update({ status: 'running', pid: pty.pid, exitCode: null, signal: null, error: null });
  }

  private startRun(session: TerminalSession, spec: VisibleRun & { cwd: string }): Promise<RunResult> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    spec.signal?.addEventListener('abort', abort, { once: true });
    // A read-only tab has no cursor to show (CSI ?25l hides it).
    session.output(`\x1b[?25l\x1b[2m$ ${session.info.command.replace(/\n/g, '\r\n')}\x1b[0m\r\n`);
    let handle;
    try {
      handle = this.deps.runner.start({
        command: spec.command,
        cwd: spec.cwd,
        env: spec.env,
        timeoutMs: spec.timeoutMs,
        signal: controller.signal,
        confinement: spec.confinement,
        onOutput: (stream, data) => {
          session.output(data.replace(/\r?\n/g, '\r\n'));
          spec.onOutput?.(stream, data);
        },
      });
    } catch (error) {
      spec.signal?.removeEventListener('abort', abort);
      session.fail(asErrorData(error));
      return Promise.reject(error);
    }
    const producer: Producer = { pause: handle.pause, resume: handle.resume, kill: abort };
    session.setProducer(producer);
    session.update({ status: 'running', pid: handle.pid, exitCode: null, signal: null, error: null });
    return handle.result.then(
      (result) => {
        spec.signal?.removeEventListener('abort', abort);
        if (!session.isCurrent(producer)) return result;
        session.setProducer(undefined);
        const how = result.timedOut
          ? `Timed out after ${spec.timeoutMs} ms; the command and everything it started were stopped.`
          : result.cancelled
            ? 'Cancelled; the command and everything it started were stopped.'
            : result.signal
              ? `Ended by ${result.signal}.`
              : `Exited with code ${result.exitCode}.`;
        session.notice(how, result.exitCode === 0 ? 'info' : 'error');
        session.update({ status: 'exited', exitCode: result.exitCode, signal: result.signal, pid: null });
        return result;
      },
      (error: unknown) => {
        spec.signal?.removeEventListener('abort', abort);
        if (!session.isCurrent(producer)) throw error;
        session.setProducer(undefined);
        session.fail(asErrorData(error));
        throw error;
      },
    );
  }

  private get(id: string): TerminalSession {
    const session = this.sessions.get(id);
    if (!session) throw new WeftError('terminal_not_found', 'That terminal has been closed.');
    return session;
  }

  private nextName(base: string): string {
    const taken = new Set([...this.sessions.values()].map((s) => s.info.name));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.restarts.clear();
  }
}

function asErrorData(error: unknown): ErrorData {
  if (error instanceof WeftError) return error.toData();
  return { code: 'spawn_failed', message: `Could not start: ${(error as Error).message ?? String(error)}` };
}
