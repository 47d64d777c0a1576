import { scrubPatterns } from './redact';
import { encodedForms, secretTokens } from './secret-tokens';

const REDACTED = '[redacted]';

/**
 * Every secret value this process holds (API keys, MCP env and header values, access tokens),
 * registered bare when it is loaded, decrypted or saved, before any request is made with it.
 * One instance per Backend; the logger, the router (replies and events), the store (every row
 * written) and the CLI all scrub through it, so there is one list and one rule.
 */
export class SecretRegistry {
  private readonly tokens = new Set<string>();
  /** Longest first, so a secret that contains another is replaced whole. */
  private ordered: string[] = [];

  /** Registers a secret value and every form it can be echoed in (see `secretTokens`). */
  register(value: string): void {
    let added = false;
    for (const token of secretTokens(value)) {
      for (const form of encodedForms(token)) {
        if (this.tokens.has(form)) continue;
        this.tokens.add(form);
        added = true;
      }
    }
    if (added) this.ordered = [...this.tokens].sort((a, b) => b.length - a.length);
  }

  /** The registered tokens, each in its bare, JSON-escaped and URL-encoded forms. */
  values(): Iterable<string> {
    return this.ordered;
  }

  get size(): number {
    return this.ordered.length;
  }

  /**
   * Replaces registered values only. For data that may legitimately contain credential-shaped
   * text (configs, transcripts, stored rows), where pattern matching would damage it.
   */
  scrubKnown(text: string): string {
    let out = text;
    // `includes` first: almost every string holds no secret, and a miss costs one fast search.
    for (const token of this.ordered) if (out.includes(token)) out = out.split(token).join(REDACTED);
    return out;
  }

  /**
   * How many characters at the end of `text` could be the start of a registered value: text that
   * arrives in pieces (a model's streamed tokens) must hold them back until the next piece says
   * whether they complete a secret.
   */
  unfinishedTail(text: string): number {
    let longest = 0;
    for (const token of this.ordered) {
      for (let k = Math.min(token.length - 1, text.length); k > longest; k--) {
        if (text.endsWith(token.slice(0, k))) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  }

  /** Registered values and credential-shaped substrings: for messages and log lines. */
  scrubText(text: string): string {
    return scrubPatterns(this.scrubKnown(text));
  }

  /**
   * A copy of `value` with registered secrets replaced in every string inside it (keys too), or
   * `value` itself when it holds none. The common case is one serialization and one search per
   * token, so a reply pays a walk only when it really carries a secret.
   */
  scrubValue<T>(value: T): T {
    if (this.ordered.length === 0 || value === null || value === undefined) return value;
    if (typeof value === 'string') return this.scrubKnown(value) as T;
    if (typeof value !== 'object') return value;
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      // Cycles or BigInts: walk it instead of guessing.
      return this.walk(value) as T;
    }
    if (json === undefined || !this.ordered.some((token) => json.includes(token))) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown, seen = new WeakSet<object>()): unknown {
    if (typeof value === 'string') return this.scrubKnown(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return value;
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item, seen));
    // Buffers, dates and class instances carry no free text the UI shows.
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[this.scrubKnown(key)] = this.walk(item, seen);
    return out;
  }
}
