/**
 * Strings shorter than this are never treated as secrets. Scrubbing replaces every occurrence
 * everywhere (replies, events, logs, database rows), so a short value such as `admin`, `true` or
 * a port number would blank out ordinary words and numbers all over the UI; and a credential
 * that short is guessable anyway, so hiding it buys nothing.
 */
export const MIN_SECRET_LENGTH = 8;

/** Characters that separate the parts of a header or env value (`Bearer X`, `a=b; c=d`, `user:pass`). */
const SEPARATORS = /[\s,;:]+/;
/** `name=value`: the name is a field label, not a secret; `value` may itself be base64 ending in `=`. */
const NAME_VALUE = /^[\w.-]+=([^=].*)$/;
const BASE64 = /^[A-Za-z0-9+/_-]+=*$/;

/**
 * Every string a secret value can be echoed back as, so that each is registered bare before the
 * value is ever sent: the whole value, each token in it (a header `Bearer X` is echoed by servers
 * as just `X`), the values of `name=value` pairs, and for `Basic` credentials the decoded
 * `user:pass` and its parts. Tokens under MIN_SECRET_LENGTH are left out (see there).
 */
export function secretTokens(value: string): string[] {
  const out = new Set<string>();
  const add = (candidate: string): void => {
    // Base64 padding differs between echoes; the unpadded prefix covers both forms.
    const token = stripQuotes(candidate.trim()).replace(/=+$/, '');
    if (token.length >= MIN_SECRET_LENGTH) out.add(token);
  };
  add(value);
  const tokens = value.split(SEPARATORS).filter((t) => t.length > 0);
  for (const token of tokens) {
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
