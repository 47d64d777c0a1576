import type { CommandSpec } from '../../shared/domain/terminal';

/** How to start a program: what the runner spawns in place of the command it was given. */
export interface Launch {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /**
   * An open descriptor the program reads as its fd 3 (bubblewrap's seccomp filter). The spawner
   * passes it and closes its own copy right after the spawn.
   */
  readonly fd3?: number;
  /**
   * The descriptor the program writes its info to (bubblewrap's `--info-fd`: the pid of the
   * sandbox's init). The spawner hands it a pipe there (with fd 3 ignored when there is no
   * `fd3`) and ends that process when it stops the command; see sandbox-init.ts.
   */
  readonly infoFd?: 3 | 4;
}

/**
 * Where a command runs confined (the OS sandbox of a run). The runner and the MCP process
 * transport only know this shape; `src/main/sandbox/` implements it.
 */
export interface Confinement {
  /** False when no sandbox could be had: `launch` then returns null and the command runs as is. */
  readonly sandboxed: boolean;
  /** The confined launch of a command, or null to run it unconfined. */
  launch(command: CommandSpec, cwd: string, env: NodeJS.ProcessEnv): Launch | null;
  /** Sees the command's output, to report what the sandbox stopped. */
  observe(text: string): void;
}

/** Remembers the processes Weft started, so a restart after a crash can end the ones left. */
export interface ProcessRecorder {
  add(pid: number, label: string): void;
  remove(pid: number): void;
}
