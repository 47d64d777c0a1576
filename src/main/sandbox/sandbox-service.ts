import {
  existsSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxStatus, SandboxViolation } from '../../shared/domain/sandbox';
import type { CommandSpec } from '../../shared/domain/terminal';
import type { Logger } from '../logging/logger';
import type { Confinement, Launch } from '../terminal/confinement';
import { bwrapArgs, bwrapProxyUrl } from './bwrap';
import { detectSandbox, type Detected } from './detect';
import { confinedEnv, secretCandidates, type HiddenPath, type SandboxPlan } from './plan';
import { SandboxProxy } from './proxy';
import { seccompArch, seccompFilter } from './seccomp';
import { seatbeltArgs, seatbeltProfile, seatbeltProxyUrl } from './seatbelt';
import { deniedWrites } from './violations';

export interface SandboxServiceOptions {
  /** Weft's data folder: its database, key file and logs are hidden from every command. */
  readonly dataDir: string;
  readonly home?: string;
  readonly platform?: NodeJS.Platform;
  /** Path of bwrap; null behaves as if it were not installed (tests of the fallback). */
  readonly bwrapPath?: string | null;
  readonly socatPath?: string | null;
  /** More paths to hide (tests plant secrets in their own folders). */
  readonly extraHidden?: readonly string[];
  readonly log: Logger;
}

/** What one run's sandbox needs to know. */
export interface SandboxRequest {
  /** The folders the run may write (its worktree); they must exist. */
  readonly writable: readonly string[];
  /**
   * Folders to keep readable even under a shared temp folder (which is otherwise emptied): the
   * project's own checkout. Everywhere else the file system is readable anyway.
   */
  readonly readable?: readonly string[];
  /** Hosts the project allows (read on every connection, so an edit applies at once). */
  readonly allowedHosts: () => readonly string[];
  /** Hears each write or connection the sandbox stopped. */
  readonly onViolation?: (violation: SandboxViolation) => void;
}

/**
 * Confines what runs execute: bubblewrap on Linux, Seatbelt on macOS. bubblewrap is used
 * directly rather than through @anthropic-ai/sandbox-runtime: measured here, `true` costs
 * ~6 ms more under bwrap against ~27 ms through the runtime (which also keeps one global
 * configuration per process, where Weft needs one per run).
 */
export class SandboxService {
  private detected: Detected | undefined;
  private readonly sessions = new Set<SandboxSession>();
  private readonly root = typeof process.getuid === 'function' && process.getuid() === 0;

  constructor(private readonly options: SandboxServiceOptions) {}

  /** Whether commands can be confined here; probed once. */
  status(): SandboxStatus {
    return this.detect().status;
  }

  /** Opens the sandbox of one run; an unconfined session where none can be had. */
  async open(request: SandboxRequest): Promise<SandboxSession> {
    const detected = this.detect();
    const platform = this.options.platform ?? process.platform;
    if (!detected.status.available) {
      const session = new SandboxSession(null, detected, request, this.root, () => this.sessions.delete(session));
      return session;
    }
    const tmpDir = realpathSync(mkdtempSync(join(tmpdir(), 'weft-run-')));
    const proxyDir = realpathSync(mkdtempSync(join(tmpdir(), 'weft-proxy-')));
    let proxy: SandboxProxy | null = null;
    if (platform === 'darwin' || detected.socat !== null) {
      proxy = await SandboxProxy.start({
        socketPath: platform === 'linux' ? join(proxyDir, 'proxy.sock') : null,
        allowedHosts: request.allowedHosts,
        onDenied: ({ host, port }) => request.onViolation?.({ kind: 'connect', target: `${host}:${port}` }),
      });
    }
    const writable = [...request.writable.map((p) => realpathSync(p)), tmpDir];
    // The filter is written once per run into the proxy's private folder (never visible inside).
    const arch = seccompArch(process.arch);
    let seccompFile: string | null = null;
    if (platform === 'linux' && arch !== null) {
      seccompFile = join(proxyDir, 'seccomp.bpf');
      writeFileSync(seccompFile, seccompFilter(arch), { mode: 0o600 });
    } else if (platform === 'linux') {
      this.options.log.warn({ arch: process.arch }, 'no seccomp filter for this architecture');
    }
    const hideFrom = secretCandidates(this.options.home ?? homedir(), [
      this.options.dataDir,
      ...(this.options.extraHidden ?? []),
    ]);
    const context: SessionContext = {
      platform,
      tmpDir,
      proxyDir,
      proxy,
      writable,
      readable: [
        ...(request.readable ?? []).flatMap((r) => (existsSync(r) ? [realpathSync(r)] : [])),
        ...request.writable.flatMap((w) => gitFolderOf(w)),
      ],
      protectedInside: request.writable.flatMap((w) => protectedIn(realpathSync(w))),
      sharedTemp: ['/tmp', '/var/tmp'].filter((d) => isRealDir(d)),
      seccompFile,
      hidden: () => existingHidden(hideFrom),
    };
    const session = new SandboxSession(context, detected, request, this.root, () => this.sessions.delete(session));
    this.sessions.add(session);
    return session;
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([...this.sessions].map((s) => s.close()));
    this.sessions.clear();
  }

  private detect(): Detected {
    if (!this.detected) {
      this.detected = detectSandbox({
        platform: this.options.platform ?? process.platform,
        bwrapPath: this.options.bwrapPath,
        socatPath: this.options.socatPath,
        root: this.root,
      });
      const { status } = this.detected;
      if (status.available)
        this.options.log.info({ sandbox: status.mechanism, proxy: status.networkProxy }, 'sandbox ready');
      else this.options.log.warn({ reason: status.reason }, 'commands cannot be sandboxed');
    }
    return this.detected;
  }
}

interface SessionContext {
  readonly platform: NodeJS.Platform;
  readonly tmpDir: string;
  readonly proxyDir: string;
  readonly proxy: SandboxProxy | null;
  readonly writable: readonly string[];
  readonly readable: readonly string[];
  readonly protectedInside: readonly string[];
  readonly sharedTemp: readonly string[];
  readonly seccompFile: string | null;
  /** Looked up at each launch: a secret created after the run started is hidden too. */
  readonly hidden: () => HiddenPath[];
}

/** The sandbox of one run: wraps each of its commands; closing ends its proxy and temp folder. */
export class SandboxSession implements Confinement {
  private closed = false;

  constructor(
    private readonly context: SessionContext | null,
    private readonly detected: Detected,
    private readonly request: SandboxRequest,
    private readonly root: boolean,
    private readonly onClose: () => void,
  ) {}

  get sandboxed(): boolean {
    return this.context !== null;
  }

  /** Why commands run unconfined, when they do. */
  get reason(): string | null {
    return this.detected.status.reason;
  }

  get mechanism(): SandboxStatus['mechanism'] {
    return this.detected.status.mechanism;
  }

  /** The run's private temp folder, or null when unconfined. */
  get tmpDir(): string | null {
    return this.context?.tmpDir ?? null;
  }

  launch(command: CommandSpec, cwd: string, env: NodeJS.ProcessEnv): Launch | null {
    const context = this.context;
    if (context === null) return null;
    if (this.closed) throw new Error('The sandbox of this run was closed.');
    const argv = 'argv' in command ? [...command.argv] : ['/bin/sh', '-c', command.shell];
    const plan: SandboxPlan = {
      writable: context.writable,
      readable: context.readable,
      protectedInside: context.protectedInside,
      hidden: context.hidden(),
      tmpDir: context.tmpDir,
      proxy: context.proxy?.endpoint ?? null,
    };
    if (context.platform === 'darwin') {
      return {
        file: '/usr/bin/sandbox-exec',
        args: seatbeltArgs(seatbeltProfile(plan), argv),
        env: confinedEnv(env, plan, seatbeltProxyUrl(plan)),
      };
    }
    const fd3 = context.seccompFile !== null ? openSync(context.seccompFile, 'r') : undefined;
    const infoFd = fd3 !== undefined ? 4 : 3;
    const options = {
      bwrap: this.detected.bwrap!,
      root: this.root,
      socat: this.detected.socat,
      seccompFd: fd3 !== undefined ? 3 : null,
      infoFd,
      sharedTemp: context.sharedTemp,
    };
    return {
      file: options.bwrap,
      args: bwrapArgs(plan, cwd, argv, options),
      env: confinedEnv(env, plan, bwrapProxyUrl(plan, options)),
      ...(fd3 !== undefined ? { fd3 } : {}),
      infoFd,
    };
  }

  observe(text: string): void {
    if (this.context === null) return;
    for (const violation of deniedWrites(text)) this.request.onViolation?.(violation);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    if (this.context === null) return;
    await this.context.proxy?.close();
    rmSync(this.context.tmpDir, { recursive: true, force: true });
    rmSync(this.context.proxyDir, { recursive: true, force: true });
  }
}

/**
 * The git folder a worktree's `.git` file names (and the repository's common folder), so git
 * works inside even when the repository lives under a shared temp folder that is replaced.
 */
function gitFolderOf(worktree: string): string[] {
  try {
    const text = readFileSync(join(worktree, '.git'), 'utf8');
    const match = /^gitdir: (.+)$/m.exec(text);
    if (!match) return [];
    const gitdir = realpathSync(join(worktree, match[1]!.trim()));
    const common = realpathSync(join(gitdir, readFileSync(join(gitdir, 'commondir'), 'utf8').trim()));
    return [gitdir, common];
  } catch {
    return [];
  }
}

/**
 * What stays read-only inside a writable folder: its `.git` (a folder in a repository served or
 * run in place, or the link file of a worktree). Hooks and config written there would run in
 * Weft's own, unconfined git later, and a rewritten link would point git at a config of the run's.
 */
function protectedIn(writable: string): string[] {
  const git = join(writable, '.git');
  return existsSync(git) ? [git] : [];
}

function isRealDir(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The secret locations that exist now, by their real paths (a symlinked ~/.ssh hides its target). */
function existingHidden(candidates: readonly string[]): HiddenPath[] {
  const out = new Map<string, HiddenPath>();
  for (const candidate of candidates) {
    try {
      lstatSync(candidate);
      const real = realpathSync(candidate);
      const kind = lstatSync(real).isDirectory() ? 'dir' : 'file';
      out.set(real, { path: real, kind });
    } catch {
      // Not there (or a dangling link): nothing to hide.
    }
  }
  return [...out.values()];
}
