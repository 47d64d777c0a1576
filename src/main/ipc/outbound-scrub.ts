import type { SecretRegistry } from '../logging/secret-registry';

/**
 * Replies that carry the user's own content back for editing or applying: a file's text, a
 * workflow document, a diff whose hunks are staged, a prompt template. A key the user typed into
 * their own file is theirs to see, and replacing it would write `[redacted]` back into the file
 * on the next save. Their error messages are still scrubbed like every other.
 */
const userContentReplies = new Set<string>([
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
const userContentEvents = new Set<string>(['terminal.data']);

/** Hides registered secrets in what leaves main; known values only, so configs shown for editing stay intact. */
export class OutboundScrub {
  constructor(private readonly secrets: SecretRegistry) {}

  value(channel: string, value: unknown): unknown {
    return userContentReplies.has(channel) ? value : this.secrets.scrubValue(value);
  }

  /** Error messages are prose, never content: credential-shaped text goes too. */
  message(text: string): string {
    return this.secrets.scrubText(text);
  }

  event(channel: string, payload: unknown): unknown {
    return userContentEvents.has(channel) ? payload : this.secrets.scrubValue(payload);
  }
}
