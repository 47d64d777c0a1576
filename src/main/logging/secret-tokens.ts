/**
 * Strings shorter than this are never treated as secrets. Scrubbing replaces every occurrence
 * everywhere (replies, events, logs, database rows), so a short value such as `admin`, `true` or
 * a port number would blank out ordinary words and numbers all over the UI; and a credential
 * that short is guessable anyway, so hiding it buys nothing.
 */
export const MIN_SECRET_LENGTH = 8;

/** `name=value`: the name is a field label, not a secret; `value` may itself be base64 ending in `=`. */
const NAME_VALUE = /^[\w.-]+=([^=].*)$/;
const BASE64 = /^[A-Za-z0-9+/_-]+=*$/;

/**
 * Shapes that are configuration, not credentials, though they sit in the same env and header
 * maps as keys (`HOME=/home/me`, `MODE=production`, `API_HOST=api.example.com`). Scrubbing
 * rewrites every reply, event and database row that contains a registered value, so registering
 * `/home/me` would turn every project path into `[redacted]/code/…` and store it that way.
 */
const NOT_CREDENTIALS: readonly RegExp[] = [
  /^(?:[\\/]|~|\.{1,2}[\\/]|[A-Za-z]:[\\/])/, // file paths (and what is left of `C:\…` after a split on `:`)
  /^[A-Za-z]{1,15}$/, // single words: production, localhost, development
  /^\d+(?:[.:-]\d+)*$/, // numbers, versions, dates, addresses
  /^(?=.{1,253}$)(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}$/, // host names
  /^[a-z]+\/[a-z0-9.+-]+$/i, // media types: application/json
  // Base URLs (`http://localhost:8080/v1`); a webhook URL whose path is the secret is still one.
  /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+(?:\/[A-Za-z0-9._-]{0,16}){0,2}\/?$/i,
];

/** Long enough and shaped like a credential rather than configuration (see NOT_CREDENTIALS). */
export function couldBeSecret(token: string): boolean {
  return token.length >= MIN_SECRET_LENGTH && !NOT_CREDENTIALS.some((shape) => shape.test(token));
}

/**
 * Every string a secret value can be echoed back as, so that each is registered bare before the
 * value is ever sent: the whole value, each token in it (a header `Bearer X` is echoed by servers
 * as just `X`), the values of `name=value` pairs, and for `Basic` credentials the decoded
 * `user:pass` and its parts. Tokens under MIN_SECRET_LENGTH, and paths, words, host names and
 * plain URLs, are left out (see there and NOT_CREDENTIALS).
 */
export function secretTokens(value: string): string[] {
  const out = new Set<string>();
  const add = (candidate: string): void => {
    // Base64 padding differs between echoes; the unpadded prefix covers both forms.
    const token = stripQuotes(candidate.trim()).replace(/=+$/, '');
    if (couldBeSecret(token)) out.add(token);
  };
  add(value);
  // URLs are split by their own grammar: `:` separates the scheme and the port, not secrets.
  const pieces = value.split(/[\s,;]+/).flatMap((piece) => {
    const url = urlParts(piece);
    if (!url) return piece.split(':');
    add(piece);
    return url;
  });
  for (const token of pieces.filter((t) => t.length > 0)) {
    const pair = NAME_VALUE.exec(token);
    if (pair) {
      add(pair[1]!);
      continue;
    }
    add(token);
    for (const part of token.split('=')) add(part);
  }
  const basic = /^\s*basic\s+(\S+)/i.exec(value);
  if (basic && BASE64.test(basic[1]!)) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    // Only a readable `user:pass` is a credential; garbage from a non-base64 token is not.
    if (/^[\x20-\x7e]+$/.test(decoded)) {
      add(decoded);
      for (const part of decoded.split(':')) add(part);
    }
  }
  return [...out];
}

/** The userinfo and query values of an absolute URL, or undefined when `text` is not one. */
function urlParts(text: string): string[] | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  return [decode(url.username), decode(url.password), ...[...url.searchParams.values()]];
}

/**
 * The spellings a registered token takes when it is embedded in JSON (log lines, journal rows)
 * or in a URL, so scrubbing serialized text catches it as well as scrubbing the string itself.
 */
export function encodedForms(token: string): string[] {
  const forms = new Set([token, JSON.stringify(token).slice(1, -1), encodeURIComponent(token)]);
  return [...forms];
}

function stripQuotes(text: string): string {
  return text.replace(/^["']+|["']+$/g, '');
}
