import type { SecretRegistry } from '../logging/secret-registry';

type Write = typeof process.stdout.write;

/**
 * Routes everything this CLI process prints through the backend's secrets, so a key echoed in a
 * step's error, a run's output or the last error message never reaches the terminal or a pipe.
 * Process-wide on purpose: `weft run` is one process with one backend, and the top-level error
 * line is printed after the backend is gone. Standard output is data (`--json`), so only
 * registered values are replaced there; standard error is messages, where credential-shaped
 * text goes too.
 */
export function scrubProcessOutput(secrets: SecretRegistry): () => void {
  const wrap = (stream: NodeJS.WriteStream, scrub: (text: string) => string): (() => void) => {
    const original = stream.write.bind(stream) as Write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      (original as (...args: unknown[]) => boolean)(
        typeof chunk === 'string' ? scrub(chunk) : Buffer.isBuffer(chunk) ? scrub(chunk.toString('utf8')) : chunk,
        ...rest,
      )) as Write;
    return () => {
      stream.write = original;
    };
  };
  const restoreOut = wrap(process.stdout, (text) => secrets.scrubKnown(text));
  const restoreErr = wrap(process.stderr, (text) => secrets.scrubText(text));
  return () => {
    restoreOut();
    restoreErr();
  };
}
