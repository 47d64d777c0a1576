// The idle cost of a board: `weft serve` (the backend as browser mode runs it, in its own
// process so its RSS and CPU are its own) with tasks in review, their worktrees on disk, a
// window connected and a terminal open per task, nothing running. Sampled from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { cli, type Board } from './fleet-cli';

const TICKS = 100; // USER_HZ on Linux

function cpuTicks(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) / 1024;
}

/** A client of the contract over the WebSocket, as the browser-mode page is. */
class Socket {
  private next = 1;
  private readonly waiting = new Map<
    number,
    (reply: { ok: boolean; value?: unknown; error?: { message: string } }) => void
  >();

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { t: string; id?: number; reply?: never };
      if (message.t === 'res' && typeof message.id === 'number') this.waiting.get(message.id)?.(message.reply!);
    });
  }

  static async open(port: number, token: string): Promise<Socket> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
      headers: { Origin: `http://127.0.0.1:${port}`, Cookie: `weft_token_${port}=${token}` },
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new Socket(ws);
  }

  async call<T>(channel: string, input?: unknown): Promise<T> {
    const id = this.next++;
    const reply = await new Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ t: 'req', id, channel, input }));
    });
    this.waiting.delete(id);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error?.message}`);
    return reply.value as T;
  }

  close(): void {
    this.ws.close();
  }
}

export interface IdleCost {
  readonly seconds: number;
  readonly tasksInReview: number;
  readonly terminals: number;
  readonly rssMb: { p50: number; max: number };
  readonly cpuPercent: number;
}

/** Starts `weft serve` on the board's data folder, opens the project, a terminal per task, and samples. */
export async function idleCost(board: Board, seconds: number): Promise<IdleCost> {
  const child = spawn(process.execPath, [cli, 'serve', '--data-dir', board.dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Open: (\S+)/.exec(out);
        if (m) resolve(new URL(m[1]!));
      });
      child.once('exit', (code) => reject(new Error(`weft serve exited ${code}`)));
    });
    const port = Number(url.port);
    const socket = await Socket.open(port, url.searchParams.get('token')!);
    const project = await socket.call<{ id: string }>('projects.open', { path: board.repo });
    const tasks = await socket.call<{ id: string; state: string }[]>('tasks.list', { projectId: project.id });
    const inReview = tasks.filter((t) => t.state === 'review');
    const terminals: string[] = [];
    for (let i = 0; i < inReview.length; i++) {
      const info = await socket.call<{ id: string }>('terminal.create', {
        projectId: project.id,
        name: `task ${i}`,
        cols: 120,
        rows: 30,
      });
      terminals.push(info.id);
    }
    // Start-up work (reconcile, radar, shells printing their prompt) settles before sampling.
    await new Promise((r) => setTimeout(r, 3000));
    const pid = child.pid!;
    const rss: number[] = [];
    const t0 = performance.now();
    const c0 = cpuTicks(pid);
    for (let s = 0; s < seconds; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      rss.push(rssMb(pid));
    }
    const cpuSeconds = (cpuTicks(pid) - c0) / TICKS;
    const wall = (performance.now() - t0) / 1000;
    for (const id of terminals) await socket.call('terminal.close', { id });
    socket.close();
    rss.sort((a, b) => a - b);
    return {
      seconds,
      tasksInReview: inReview.length,
      terminals: terminals.length,
      rssMb: { p50: Math.round(rss[Math.floor(rss.length / 2)]!), max: Math.round(rss.at(-1)!) },
      cpuPercent: Math.round((cpuSeconds / wall) * 1000) / 10,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
