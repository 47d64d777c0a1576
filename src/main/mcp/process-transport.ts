import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Confinement } from '../terminal/confinement';
import { groupAlive, killTree } from '../terminal/process-tree';
import { killSandboxInit, launchStdio, sandboxInitOf, type SandboxInit } from '../terminal/sandbox-init';

/** How to start a stdio MCP server. */
export interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  /** Added to a minimal inherited environment (PATH, HOME, …), as other MCP hosts do. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Everything the server writes to stderr, decoded. */
  readonly onStderr: (text: string) => void;
  /** Runs the server inside this confinement (an agent run's sandbox). */
  readonly confinement?: Confinement;
}

/** How the process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** How long a server has to exit after its stdin closes, and again after SIGTERM. */
const GRACE_MS = 1500;

/**
 * The client side of MCP's stdio transport, like the SDK's StdioClientTransport but with the
 * server as the leader of its own process group (POSIX), so closing it ends everything it
 * started (an `npx` wrapper and its node child, a shell script's children): no orphans.
 */
export class ProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private readonly buffer = new ReadBuffer();
  private exitInfo: ProcessExit | null = null;
  private closed = false;
  private init: SandboxInit | null = null;

  constructor(private readonly spec: ProcessSpec) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Set once the process has ended. */
  get exit(): ProcessExit | null {
    return this.exitInfo;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('The server process was started already.');
    return new Promise((resolve, reject) => {
      const env = { ...getDefaultEnvironment(), ...this.spec.env };
      const launch =
        this.spec.confinement?.launch({ argv: [this.spec.command, ...this.spec.args] }, this.spec.cwd, env) ?? null;
      const options = {
        cwd: this.spec.cwd,
        stdio: ['pipe', 'pipe', 'pipe'] as ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
      };
      let child: ChildProcess;
      try {
        child =
          launch !== null
            ? spawn(launch.file, [...launch.args], {
                ...options,
                env: launch.env,
                shell: false,
                stdio: launchStdio(options.stdio, launch),
              })
            : // Windows needs a shell for `npx` and other .cmd launchers.
              spawn(this.spec.command, [...this.spec.args], { ...options, env, shell: process.platform === 'win32' });
      } finally {
        if (launch?.fd3 !== undefined) closeSync(launch.fd3);
      }
      this.child = child;
      this.init = sandboxInitOf(child, launch);
      child.once('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => resolve());
      child.stdout!.on('data', (chunk: Buffer) => {
        try {
          this.buffer.append(chunk);
          for (let message = this.buffer.readMessage(); message; message = this.buffer.readMessage()) {
            this.onmessage?.(message);
          }
        } catch (error) {
          // A line that is not JSON-RPC: the server wrote logs to stdout, which breaks the protocol.
          this.onerror?.(error as Error);
        }
      });
      const decoder = new StringDecoder('utf8');
      child.stderr!.on('data', (chunk: Buffer) => {
        const text = decoder.write(chunk);
        this.spec.confinement?.observe(text);
        this.spec.onStderr(text);
      });
      child.stdin!.on('error', (error) => this.onerror?.(error));
      child.once('close', (code, signal) => {
        this.exitInfo = { code, signal };
        this.reapGroup();
        this.onclose?.();
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.exitInfo) return Promise.reject(new Error('The server process is not running.'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Closes stdin, then SIGTERM, then SIGKILL to the whole group, each after a grace period. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const child = this.child;
    if (!child || child.pid === undefined) return;
    if (this.exitInfo === null) {
      const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
      const wait = () => Promise.race([exited, new Promise<void>((r) => setTimeout(r, GRACE_MS).unref())]);
      child.stdin?.end();
      await wait();
      if (this.exitInfo === null) {
        // A sandbox ends with its init (see sandbox-init.ts), bubblewrap only once that is known.
        const initPid = (await this.init?.known()) ?? null;
        // Only while bubblewrap runs is the init surely still its child (and not a reused pid).
        if (initPid !== null && child.exitCode === null && child.signalCode === null) killSandboxInit(initPid);
        killTree(child.pid, 'SIGTERM');
        await wait();
      }
      if (this.exitInfo === null) {
        killTree(child.pid, 'SIGKILL');
        await exited;
      }
    }
    this.reapGroup();
  }

  /** The leader is gone; children it left in its group go with it. */
  private reapGroup(): void {
    const pid = this.child?.pid;
    if (pid !== undefined && process.platform !== 'win32' && groupAlive(pid)) killTree(pid, 'SIGKILL');
  }
}
