/** Object keys whose values are never logged, whatever their nesting. */
export const secretKeys = [
  'apiKey',
  'api_key',
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'secret',
  'authorization',
  'cookie',
  'x-api-key',
] as const;

/** Shapes of credentials that may hide inside free text (messages, error strings, URLs). */
const secretPatterns: readonly (readonly [RegExp, string])[] = [
  [/\bsk-(?:ant-)?[A-Za-z0-9_-]{16,}/g, '[redacted]'], // Anthropic and OpenAI keys
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/([?&](?:token|key|api_key|access_token)=)[^&\s"']+/gi, '$1[redacted]'],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, '[redacted]'],
];

/** Replaces credential-shaped substrings, registered or not. */
export function scrubPatterns(text: string): string {
  let out = text;
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Removes known secret values and credential-shaped substrings from a log line.
 * Pure, so the last step before a line reaches disk is easy to test.
 */
export function scrubSecrets(line: string, knownSecrets: Iterable<string>): string {
  let out = line;
  for (const secret of knownSecrets) {
    // Short values would redact ordinary words; real keys and tokens are long.
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return scrubPatterns(out);
}
