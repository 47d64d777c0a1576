import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { checkAllowedHost, MAX_ALLOWED_HOSTS } from '../../shared/domain/allowed-hosts';
import { WeftError } from '../../shared/ipc/errors';

/** The project file that says how a task's worktree is prepared and cleaned up. */
export const ENVIRONMENT_FILE = '.weft/environment.json';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Variable names a child process can take, and none Weft sets itself; checked here rather than
 * as the record's key schema so the error names the variable and the rule.
 */
const envSchema = z.record(z.string(), z.string().max(10_000)).superRefine((env, ctx) => {
  for (const name of Object.keys(env)) {
    if (!ENV_NAME.test(name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'an environment variable name (letters, digits, _)' });
    } else if (name === 'PORT' || name === 'WEFT_PORT_BASE') {
      ctx.addIssue({ code: 'custom', path: [name], message: 'PORT and WEFT_PORT_BASE are set by Weft per task' });
    }
  }
});

export const environmentSchema = z.strictObject({
  /** Run in the task's worktree before the agent starts (e.g. `npm ci`). */
  setup: z.string().trim().min(1).max(10_000).optional(),
  /** Run when the task's worktree is removed. */
  cleanup: z.string().trim().min(1).max(10_000).optional(),
  env: envSchema.optional(),
  /**
   * Hosts the setup command may reach (`registry.npmjs.org`, `*.pypi.org`), by the same rules
   * as a project's allowed hosts: no localhost or private addresses, normalized.
   */
  hosts: z
    .array(z.string())
    .max(MAX_ALLOWED_HOSTS)
    .transform((hosts, ctx) =>
      hosts.map((host, i) => {
        const checked = checkAllowedHost(host);
        if (checked.ok) return checked.host;
        ctx.addIssue({ code: 'custom', path: [i], message: checked.reason });
        return host;
      }),
    )
    .optional(),
  /** Ports each task gets, from WEFT_PORT_BASE on. */
  portsPerTask: z.number().int().min(1).max(1000).default(10),
});
export type TaskEnvironment = z.infer<typeof environmentSchema>;

/** `env.FOO: not a string` style lines, one per problem, with the JSON path of each. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(the whole file)';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

/** Validates the file's text; a problem names the JSON path and the rule. */
export function parseEnvironment(text: string): TaskEnvironment {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WeftError('invalid_input', `${ENVIRONMENT_FILE} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = environmentSchema.safeParse(json);
  if (!parsed.success) throw new WeftError('invalid_input', `${ENVIRONMENT_FILE}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The project's environment, or the defaults when it has no file. */
export async function loadEnvironment(root: string): Promise<TaskEnvironment> {
  let text: string;
  try {
    text = await readFile(join(root, ENVIRONMENT_FILE), 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return environmentSchema.parse({});
    throw error;
  }
  return parseEnvironment(text);
}

/** A block of ports held by one task. */
export interface PortBlock {
  readonly base: number;
  readonly size: number;
}

/** The ports `index` would use in a fixed layout: block `index` after `base`. */
export function portBlock(taskIndex: number, base: number, size: number): PortBlock {
  return { base: base + taskIndex * size, size };
}

/** The variables a task's processes see for its ports: PORT is the first, the block follows it. */
export function portEnv(block: PortBlock): Record<string, string> {
  return { PORT: String(block.base), WEFT_PORT_BASE: String(block.base) };
}

/**
 * The variables a task's setup, agent commands and check see on top of Weft's own: the
 * project's `env`, then the task's ports, which the file cannot override (the schema refuses them).
 */
export function taskVariables(environment: TaskEnvironment, block: PortBlock): Record<string, string> {
  return { ...(environment.env ?? {}), ...portEnv(block) };
}

/**
 * Hands out port blocks to tasks running at the same time, so the dev servers of parallel tasks
 * do not collide: a finished task's block goes back on a free list and is reused, lowest first,
 * so the numbers stay small and predictable. Holding a block again for the same task returns
 * the one it has (a resumed task keeps its ports).
 */
export class PortAllocator {
  private readonly held = new Map<string, number>();
  private readonly free: number[] = [];
  private next = 0;

  constructor(
    private readonly base = 20_000,
    private readonly size = 10,
    private readonly maxPort = 65_535,
  ) {
    if (size < 1 || base < 1024 || base + size - 1 > maxPort) {
      throw new WeftError('invalid_input', `A port block of ${size} from ${base} does not fit below ${maxPort}.`);
    }
  }

  acquire(taskId: string): PortBlock {
    const existing = this.held.get(taskId);
    if (existing !== undefined) return portBlock(existing, this.base, this.size);
    let index: number;
    if (this.free.length > 0) {
      this.free.sort((a, b) => a - b);
      index = this.free.shift()!;
    } else {
      index = this.next;
      const block = portBlock(index, this.base, this.size);
      if (block.base + block.size - 1 > this.maxPort) {
        throw new WeftError(
          'invalid_input',
          `No free ports: ${this.held.size} tasks hold blocks of ${this.size} from ${this.base}.`,
        );
      }
      this.next++;
    }
    this.held.set(taskId, index);
    return portBlock(index, this.base, this.size);
  }

  release(taskId: string): void {
    const index = this.held.get(taskId);
    if (index === undefined) return;
    this.held.delete(taskId);
    this.free.push(index);
  }

  /** Blocks in use, by task. */
  holders(): Map<string, PortBlock> {
    return new Map([...this.held].map(([id, i]) => [id, portBlock(i, this.base, this.size)]));
  }
}
