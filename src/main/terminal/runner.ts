import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { closeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { CommandSpec, RunResult } from '../../shared/domain/terminal';
import { WeftError } from '../../shared/ipc/errors';
import { HeadTailCap } from '../../shared/terminal/output-cap';
import type { Confinement, ProcessRecorder } from './confinement';
import { groupAlive, killTree } from './process-tree';
import { killSandboxInit, launchStdio, sandboxInitOf } from './sandbox-init';

/** A non-interactive command for an agent or a workflow step. */
export interface RunSpec {
  /** An argv array (never joined into a string), or an explicit shell string shown verbatim. */
  readonly command: CommandSpec;
  /** Already checked by the caller to be a real folder inside the project. */
  readonly cwd: string;
  /** Added to (or, with `null`, removed from) the inherited environment. */
  readonly env?: Readonly<Record<string, string | null>>;
  readonly timeoutMs?: number;
  /** Characters kept from the start and from the end of each stream. */
  readonly capHead?: number;
  readonly capTail?: number;
  /** Aborting kills the whole process tree. */
  readonly signal?: AbortSignal;
  /** Every chunk of output as it arrives, for streaming to the UI or a journal. */
  readonly onOutput?: (stream: 'stdout' | 'stderr', data: string) => void;
  /** Runs the command inside this confinement (the OS sandbox of a run). */
  readonly confinement?: Confinement;
}

/** A run in progress: its pid, the result to await, and output back-pressure. */
export interface RunHandle {
  readonly pid: number | null;
  readonly result: Promise<RunResult>;
  /** Stops reading output, so the command blocks on a full pipe instead of filling memory. */
  pause(): void;
  resume(): void;
}

const DEFAULT_CAP = 64 * 1024;
/** How long a process tree has to end after SIGTERM before it gets SIGKILL. */
const KILL_GRACE_MS = 2000;

/** Starts commands without a shell unless one is asked for, and ends them with their whole tree. */
export class CommandRunner {
  /** Each live command and how to end it at once (dispose). */
  private readonly live = new Map<ChildProcess, () => void>();

  /** `recorder` keeps a list of live commands on disk, so a restart after a crash can end them. */
  constructor(private readonly recorder?: ProcessRecorder) {}

  start(spec: RunSpec): RunHandle {
    const started = Date.now();
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries(spec.env ?? {})) {
      if (value === null) delete env[key];
      else env[key] = value;
    }
    const options = {
      cwd: spec.cwd,
      env,
      // Its own process group on POSIX, so the tree can be signalled as one.
      detached: process.platform !== 'win32',
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
    };
    const launch = spec.confinement?.launch(spec.command, spec.cwd, env) ?? null;
    // Output is always piped (fd 3, when there is one, is an input the launcher reads).
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child =
        launch !== null
          ? (spawn(launch.file, [...launch.args], {
              ...options,
              env: launch.env,
              shell: false,
              stdio: launchStdio(options.stdio, launch),
            }) as ChildProcessByStdio<null, Readable, Readable>)
          : 'argv' in spec.command
            ? spawn(spec.command.argv[0]!, spec.command.argv.slice(1), { ...options, shell: false })
            : spawn(spec.command.shell, { ...options, shell: true });
    } finally {
      if (launch?.fd3 !== undefined) closeSync(launch.fd3);
    }
    const init = sandboxInitOf(child, launch);
    this.live.set(child, () => {
      if (child.pid === undefined) return;
      const pid = child.pid;
      if (init === null) return killTree(pid, 'SIGKILL');
      // Usually known by now: end it at once (Weft may be exiting); else as soon as bubblewrap says.
      if (init.current !== null) {
        if (child.exitCode === null && child.signalCode === null) killSandboxInit(init.current);
        return killTree(pid, 'SIGKILL');
      }
      void init.known().then((initPid) => {
        if (initPid !== null && child.exitCode === null && child.signalCode === null) killSandboxInit(initPid);
        killTree(pid, 'SIGKILL');
      });
    });
    const recordedPid = child.pid;
    if (recordedPid !== undefined) {
      this.recorder?.add(recordedPid, 'argv' in spec.command ? spec.command.argv.join(' ') : spec.command.shell);
    }

    const caps = {
      stdout: new HeadTailCap(spec.capHead ?? DEFAULT_CAP, spec.capTail ?? DEFAULT_CAP),
      stderr: new HeadTailCap(spec.capHead ?? DEFAULT_CAP, spec.capTail ?? DEFAULT_CAP),
    };
    for (const stream of ['stdout', 'stderr'] as const) {
      const decoder = new StringDecoder('utf8');
      const source = child[stream];
      source.on('data', (chunk: Buffer) => {
        const text = decoder.write(chunk);
        if (!text) return;
        caps[stream].push(text);
        spec.confinement?.observe(text);
        spec.onOutput?.(stream, text);
      });
      source.on('end', () => {
        const rest = decoder.end();
        if (rest) {
          caps[stream].push(rest);
          spec.onOutput?.(stream, rest);
        }
      });
    }

    let timedOut = false;
    let cancelled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const running = () => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
    const signalTree = (): void => {
      if (!running()) return;
      killTree(child.pid!, 'SIGTERM');
      graceTimer ??= setTimeout(() => child.pid !== undefined && killTree(child.pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    const stop = (): void => {
      if (!running()) return;
      if (init === null) return signalTree();
      // A sandbox is ended through its init, and bubblewrap signalled only once that is known
      // (sandbox-init.ts says why); while bubblewrap runs, its init is still its child.
      void init.known().then((pid) => {
        if (pid !== null && running()) killSandboxInit(pid);
        signalTree();
      });
    };
    const timer =
      spec.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            stop();
          }, spec.timeoutMs)
        : undefined;
    const onAbort = (): void => {
      cancelled = true;
      stop();
    };
    if (spec.signal?.aborted) onAbort();
    else spec.signal?.addEventListener('abort', onAbort, { once: true });

    const result = new Promise<RunResult>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        cleanup();
        reject(spawnError(error, spec));
      });
      child.once('exit', () => {
        // A command may leave background children holding the pipes open; a non-interactive
        // run owns its whole group, so nothing it started outlives it.
        if (child.pid !== undefined && process.platform !== 'win32' && groupAlive(child.pid)) {
          killTree(child.pid, 'SIGKILL');
        }
      });
      child.once('close', (code, signal) => {
        cleanup();
        resolve({
          exitCode: code,
          signal,
          timedOut,
          cancelled,
          stdout: caps.stdout.toString(),
          stderr: caps.stderr.toString(),
          truncated: caps.stdout.truncated || caps.stderr.truncated,
          durationMs: Date.now() - started,
          pid: child.pid ?? null,
        });
      });
    });
    const cleanup = (): void => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      this.live.delete(child);
      if (recordedPid !== undefined) this.recorder?.remove(recordedPid);
    };

    return {
      pid: child.pid ?? null,
      result,
      pause: () => {
        child.stdout.pause();
        child.stderr.pause();
      },
      resume: () => {
        child.stdout.resume();
        child.stderr.resume();
      },
    };
  }

  /** Runs a command to completion. */
  run(spec: RunSpec): Promise<RunResult> {
    return this.start(spec).result;
  }

  /** Kills every command still running, with its tree. */
  dispose(): void {
    for (const end of this.live.values()) end();
    this.live.clear();
  }
}

function spawnError(error: NodeJS.ErrnoException, spec: RunSpec): WeftError {
  const what = 'argv' in spec.command ? spec.command.argv[0] : 'the shell';
  if (error.code === 'ENOENT') {
    return new WeftError(
      'spawn_failed',
      `Could not start ${what}: no such program, or the folder ${spec.cwd} is gone.`,
    );
  }
  if (error.code === 'EACCES') return new WeftError('spawn_failed', `Could not start ${what}: permission denied.`);
  return new WeftError('spawn_failed', `Could not start ${what}: ${error.message}`);
}
