import type { SecretRegistry } from '../logging/secret-registry';

/**
 * Replies that carry the user's own content back for editing or applying: a file's text, a
 * workflow document, a diff whose hunks are staged, a prompt template. A key the user typed into
 * their own file is theirs to see, and replacing it would write `[redacted]` back into the file
 * on the next save. Their error messages are still scrubbed like every other.
 */
export const userContentReplies: ReadonlySet<string> = new Set<string>([
  'files.read',
  'git.diff',
  'git.show',
  'agent.fileVersions',
  'search.query',
  'terminal.snapshot',
  'workflow.get',
  'workflow.templates',
  'models.templates',
]);

/**
 * The user's own shell output, at up to tens of MB/s: scanning it would cost the terminal its
 * throughput, a secret split across two chunks would slip through anyway, and it is what the
 * user's own terminal prints.
 */
export const userContentEvents: ReadonlySet<string> = new Set<string>(['terminal.data']);

/** Streams whose text arrives in pieces; a secret split over two of them must not pass in halves. */
const MAX_OPEN_STREAMS = 256;

interface Delta {
  readonly runId: string;
  readonly seq: number;
  readonly text: string;
}

/** Hides registered secrets in what leaves main; known values only, so configs shown for editing stay intact. */
export class OutboundScrub {
  /** Per streamed agent entry, the end of the text so far that may be the start of a secret. */
  private readonly held = new Map<string, string>();

  constructor(private readonly secrets: SecretRegistry) {}

  value(channel: string, value: unknown): unknown {
    return userContentReplies.has(channel) ? value : this.secrets.scrubValue(value);
  }

  /** Error messages are prose, never content: credential-shaped text goes too. */
  message(text: string): string {
    return this.secrets.scrubText(text);
  }

  event(channel: string, payload: unknown): unknown {
    if (channel === 'agent.delta') return this.delta(payload as Delta);
    if (channel === 'agent.entry') {
      // The whole entry supersedes its stream (and carries the held-back end, scrubbed).
      const { runId, entry } = payload as { runId: string; entry: { seq: number } };
      this.held.delete(`${runId}:${entry.seq}`);
    }
    return userContentEvents.has(channel) ? payload : this.secrets.scrubValue(payload);
  }

  /**
   * A model streams a secret it echoes in pieces of a few characters, none of them a registered
   * value. The text is scrubbed as one stream: what could still become a secret waits for the
   * next piece (or for the finished entry, which replaces the streamed text in the UI).
   */
  private delta(delta: Delta): Delta {
    const key = `${delta.runId}:${delta.seq}`;
    const text = this.secrets.scrubKnown((this.held.get(key) ?? '') + delta.text);
    const tail = this.secrets.unfinishedTail(text);
    this.held.delete(key);
    if (tail > 0) {
      this.held.set(key, text.slice(text.length - tail));
      // A stream whose entry never came (a crash mid-call) must not keep its tail forever.
      if (this.held.size > MAX_OPEN_STREAMS) this.held.delete(this.held.keys().next().value!);
    }
    return { ...delta, text: text.slice(0, text.length - tail) };
  }
}
