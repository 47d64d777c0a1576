import { mkdirSync } from 'node:fs';
import pino from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { LogEntry } from '../../shared/ipc/contract';
import { secretKeys } from './redact';
import { SecretRegistry } from './secret-registry';

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** Folder for `weft.log` and its rotated siblings; omit to keep logs in memory only. */
  readonly dir?: string;
  readonly level?: pino.LevelWithSilent;
  /** Also copy lines to stderr (the CLI's --verbose). */
  readonly echo?: boolean;
  /** The backend's secrets; a private registry when omitted. */
  readonly secrets?: SecretRegistry;
}

const levelNames: Record<number, LogEntry['level']> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

const RING_SIZE = 1000;

/**
 * The main process's logger: JSON lines into a size-rotated file in the data dir, a
 * ring of recent entries for the Logs panel, and a scrub of secrets as the last step
 * before anything is written.
 */
export class LogService {
  readonly logger: Logger;
  private readonly file: RotatingFileStream | undefined;
  private readonly ring: LogEntry[] = [];
  readonly secrets: SecretRegistry;
  private readonly listeners = new Set<(entry: LogEntry) => void>();

  constructor(options: LoggerOptions = {}) {
    this.secrets = options.secrets ?? new SecretRegistry();
    if (options.dir) {
      mkdirSync(options.dir, { recursive: true });
      this.file = createStream('weft.log', { path: options.dir, size: '10M', maxFiles: 5, mode: 0o600 });
      this.file.on('error', (error) => process.stderr.write(`weft: cannot write the log file: ${error.message}\n`));
    }
    const destination = { write: (line: string) => this.write(line, options.echo === true) };
    this.logger = pino(
      {
        level: options.level ?? 'info',
        base: { pid: process.pid },
        redact: {
          paths: secretKeys.flatMap((key) => [`["${key}"]`, `*["${key}"]`, `*.*["${key}"]`]),
          censor: '[redacted]',
        },
      },
      destination,
    );
  }

  /** Registers a value that must never appear in a log line (a token, an API key). */
  registerSecret(value: string): void {
    this.secrets.register(value);
  }

  /** The registered secrets, for scrubbing text that is not a log line (error messages). */
  knownSecrets(): Iterable<string> {
    return this.secrets.values();
  }

  recent(limit: number): LogEntry[] {
    return this.ring.slice(-limit);
  }

  onEntry(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(raw: string, echo: boolean): void {
    const line = this.secrets.scrubText(raw);
    this.file?.write(line);
    if (echo) process.stderr.write(line);
    const entry = toEntry(line);
    if (!entry) return;
    this.ring.push(entry);
    if (this.ring.length > RING_SIZE) this.ring.splice(0, this.ring.length - RING_SIZE);
    for (const listener of this.listeners) listener(entry);
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
    const file = this.file;
    if (!file) return;
    await new Promise<void>((resolve) => file.end(resolve));
  }
}

function toEntry(line: string): LogEntry | undefined {
  try {
    const parsed = JSON.parse(line) as { time?: number; level?: number; msg?: string };
    return {
      time: parsed.time ?? Date.now(),
      level: levelNames[parsed.level ?? 30] ?? 'info',
      msg: parsed.msg ?? '',
    };
  } catch {
    // pino writes one JSON object per line; anything else is not a log entry for the panel.
    return undefined;
  }
}
