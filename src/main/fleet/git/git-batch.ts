// Many git processes in one repository with the safety settings worked out once.
import { runGitProcess, type GitResult } from '../../git/git-process';
import { gitInvocation } from '../../git/git-safety';

export interface BatchOptions {
  readonly okCodes?: readonly number[];
  readonly input?: string | Buffer;
  /** More environment for this call only. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs git in one folder; `run` rejects with GitFailure like git-process.ts does. */
export interface GitBatch {
  run(args: readonly string[], options?: BatchOptions): Promise<GitResult>;
}

/** Commands that run no repository program whatever the config says (as git-safety.ts lists them). */
const inert = new Set(['for-each-ref', 'update-ref']);

/**
 * The radar asks git hundreds of small questions per recompute. git-process.ts reads the
 * repository's driver list before every call that could run one (one more process each);
 * here it is read once per batch and the same overrides go to every call, which halves the
 * process count. A batch lives for one recompute, so config changed in between is seen next time.
 * Commands that cannot run a driver do not wait for the listing: it runs alongside them.
 */
export function openGitBatch(
  cwd: string,
  trusted: boolean,
  extraEnv: Readonly<Record<string, string>> = {},
  /** Told of each git process the batch starts, with what it is given on stdin (tests count them). */
  onSpawn?: (args: readonly string[], input: string) => void,
): GitBatch {
  const prepare = (subcommand: string[]) =>
    gitInvocation(cwd, subcommand, { trusted }).then((i) => ({
      // The subcommand given only chose the overrides; the batch's callers name their own.
      args: i.args.slice(0, i.args.length - subcommand.length),
      env: { ...i.env, ...extraEnv },
    }));
  // An empty subcommand is treated as one that may run drivers, so the overrides are all listed.
  const full = prepare([]);
  // Marked as handled here because a batch may end before any call needs it; every call that
  // does awaits it and gets its failure.
  full.catch(() => undefined);
  const fixed = prepare(['for-each-ref']);
  fixed.catch(() => undefined);
  return {
    run: async (args, options = {}) => {
      const call = await (inert.has(args[0] ?? '') ? fixed : full);
      onSpawn?.(args, options.input?.toString() ?? '');
      return runGitProcess(
        cwd,
        args,
        [...call.args, ...args],
        options.env ? { ...call.env, ...options.env } : call.env,
        options,
      );
    },
  };
}

/** Runs `fn` over `items` with at most `limit` at a time, results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
