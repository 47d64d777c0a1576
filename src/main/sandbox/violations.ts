// Reads what a confined command printed for the writes the sandbox stopped, so the run's
// timeline can name the path. The kernel reports them as EROFS; programs print that as
// "Read-only file system" next to the path in a few common shapes.
import type { SandboxViolation } from '../../shared/domain/sandbox';

const shapes: readonly RegExp[] = [
  // touch: cannot touch '/etc/x': Read-only file system · mkdir: cannot create directory '/x': …
  /cannot [a-z ]+?['‘"`]([^'’"`\n]+)['’"`]: Read-only file system/,
  // sh: 1: cannot create /etc/x: Read-only file system
  /cannot create ([^\n:]+): Read-only file system/,
  // bash: line 1: /etc/x: Read-only file system · cp: '/x': Read-only file system
  /(?:^|[\s'"])((?:\/|~)[^\s:'"]*)['"]?: Read-only file system/,
  // Node: EROFS: read-only file system, open '/etc/x' · Python: [Errno 30] Read-only file system: '/x'
  /EROFS: read-only file system, \w+ '([^']+)'/,
  /\[Errno 30\] Read-only file system: '([^']+)'/,
];

/** The paths of denied writes found in a chunk of output (each once). */
export function deniedWrites(text: string): SandboxViolation[] {
  if (!/read-only file system/i.test(text)) return [];
  const found = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (!/read-only file system/i.test(line)) continue;
    for (const shape of shapes) {
      const match = shape.exec(line);
      if (match?.[1]) {
        found.add(match[1].trim());
        break;
      }
    }
  }
  return [...found].map((target) => ({ kind: 'write' as const, target }));
}
