// Pure parsing of the `mcpServers` block other MCP hosts (Claude Desktop, Cursor, Cline, VS Code)
// keep, into server inputs Weft can store.
import { mcpTransportSchema, type McpTransport } from '../../../shared/domain/mcp';
import { isBuiltInServerName, normaliseServerName } from './names';

/** A server the config describes, under its normalised name. */
export interface ImportedServer {
  readonly name: string;
  /** The name as the config spelled it. */
  readonly originalName: string;
  readonly transport: McpTransport;
  readonly enabled: boolean;
}

export interface ParsedImport {
  readonly servers: readonly ImportedServer[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads `{"mcpServers": {name: {command, args, env} | {url, headers}}}` (also VS Code's
 * `servers`), normalising each name to the slug rule. `existing` are names already taken;
 * such entries are skipped with the reason, never renamed, so importing twice adds nothing.
 * Throws an Error with a readable message when the text is not such a config at all.
 */
export function parseMcpConfig(json: string, existing: ReadonlySet<string>): ParsedImport {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch (error) {
    // V8 quotes the text around the error ("…"), which may be part of a key not registered yet.
    const reason = (error as Error).message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
    throw new Error(`The text is not valid JSON (${reason}).`, { cause: error });
  }
  if (!isObject(root)) throw new Error('The config must be a JSON object with an "mcpServers" entry.');
  const block = root.mcpServers ?? root.servers;
  if (!isObject(block)) throw new Error('The config has no "mcpServers" object.');

  const servers: ImportedServer[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const taken = new Set(existing);
  for (const [originalName, entry] of Object.entries(block)) {
    const name = normaliseServerName(originalName);
    const skip = (reason: string) => skipped.push({ name: originalName, reason });
    if (name === null) {
      skip('the name has no letters or digits');
      continue;
    }
    if (isBuiltInServerName(name)) {
      skip(`"${name}" is the name of a built-in Weft server`);
      continue;
    }
    if (taken.has(name)) {
      skip(
        name === originalName ? 'a server with this name exists already' : `a server named "${name}" exists already`,
      );
      continue;
    }
    if (!isObject(entry)) {
      skip('the entry is not an object');
      continue;
    }
    const transport = readTransport(entry);
    if (typeof transport === 'string') {
      skip(transport);
      continue;
    }
    taken.add(name);
    servers.push({ name, originalName, transport, enabled: entry.disabled !== true });
  }
  return { servers, skipped };
}

/** The transport an entry describes, or why it cannot be used. */
function readTransport(entry: Record<string, unknown>): McpTransport | string {
  const type = typeof entry.type === 'string' ? entry.type.toLowerCase() : undefined;
  if (type === 'sse') return 'the SSE transport is not supported; Weft speaks stdio and Streamable HTTP';
  if (typeof entry.command === 'string') {
    if (entry.args !== undefined && !(Array.isArray(entry.args) && entry.args.every((a) => typeof a === 'string')))
      return '"args" must be a list of strings';
    const env = stringRecord(entry.env, '"env"');
    if (typeof env === 'string') return env;
    return parsed({ type: 'stdio', command: entry.command, args: entry.args ?? [], env });
  }
  const url = entry.url ?? entry.serverUrl;
  if (typeof url === 'string') {
    const headers = stringRecord(entry.headers, '"headers"');
    if (typeof headers === 'string') return headers;
    return parsed({ type: 'http', url, headers });
  }
  return 'it needs a "command" (stdio) or a "url" (Streamable HTTP)';
}

/** Env and headers: strings, with numbers and booleans written as text, as other hosts accept them. */
function stringRecord(value: unknown, what: string): Record<string, string> | string {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) return `${what} must be an object of names and values`;
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
    else return `${what}.${key} must be a string`;
  }
  return out;
}

function parsed(candidate: unknown): McpTransport | string {
  const result = mcpTransportSchema.safeParse(candidate);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `"${issue.path.join('.')}" ` : '';
  return `${where}${issue?.message ?? 'is not valid'}`.trim();
}
