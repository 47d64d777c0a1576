// Pure naming rules: server names are slugs, tool names as the model sees them are
// `<server>__<tool>` and must fit every provider's `^[a-zA-Z0-9_-]{1,64}$`.

/** Weft's own servers; external servers may not take these names. */
export const builtInServerNames = ['files', 'git', 'shell', 'search'] as const;
export type BuiltInServerName = (typeof builtInServerNames)[number];

/** What every provider accepts as a tool name. */
export const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** Between the server's name and the tool's own name. */
export const toolNameSeparator = '__';

const MAX_SERVER_NAME = 32;
const MAX_TOOL_NAME = 64;

export function isBuiltInServerName(name: string): name is BuiltInServerName {
  return (builtInServerNames as readonly string[]).includes(name);
}

/**
 * Turns a name from another MCP host's config ("GitHub Tools", "my_server") into Weft's slug
 * rule (`^[a-z0-9][a-z0-9-]{0,31}$`); null when nothing usable is left.
 */
export function normaliseServerName(raw: string): string | null {
  const slug = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_SERVER_NAME)
    .replace(/-+$/, '');
  return slug === '' ? null : slug;
}

/** A short stable hash, so a shortened name stays unique and the same from run to run. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).padStart(7, '0').slice(0, 6);
}

/**
 * The model-facing name for a server's tool: characters outside `[a-zA-Z0-9_-]` become `_`,
 * and a name too long (or already taken in `taken`) is shortened and suffixed with a hash of
 * the original, so it stays unique and stable.
 */
export function modelToolName(server: string, tool: string, taken: ReadonlySet<string> = new Set()): string {
  const prefix = `${server}${toolNameSeparator}`;
  const clean = tool.replace(/[^a-zA-Z0-9_-]/g, '_') || '_';
  const plain = prefix + clean;
  if (plain.length <= MAX_TOOL_NAME && !taken.has(plain)) return plain;
  for (let salt = 0; ; salt++) {
    const suffix = `-${shortHash(salt === 0 ? tool : `${tool}#${salt}`)}`;
    const room = MAX_TOOL_NAME - prefix.length - suffix.length;
    const name = prefix + clean.slice(0, Math.max(1, room)) + suffix;
    if (!taken.has(name)) return name;
  }
}
