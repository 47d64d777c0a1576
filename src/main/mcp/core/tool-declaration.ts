// What a built-in tool says about itself for the approval policy and the approval card. The
// policy reads this declaration instead of guessing from argument and server names, so a new
// tool whose path argument is called `target` is confined like one whose argument is `path`.

import type { ToolKind } from '../../../shared/domain/agent';

export type { ToolKind } from '../../../shared/domain/agent';

/** Kinds that change nothing; they agree with the tool's `readOnlyHint` (a unit test holds them to it). */
export const readOnlyKinds: ReadonlySet<ToolKind> = new Set(['read', 'search']);

/** Which arguments of a file-changing call make the diff an approval card shows. */
export interface DiffArgs {
  /** The file the call changes. */
  readonly path: string;
  /** The whole new content (a write). */
  readonly content?: string;
  /** An exact replacement (an edit): the text, its replacement, and the switch for every occurrence. */
  readonly oldText?: string;
  readonly newText?: string;
  readonly replaceAll?: string;
}

export interface ToolDeclaration {
  readonly kind: ToolKind;
  /**
   * Arguments that name a path (a string, or an array of strings), each confined to the run's
   * root by the policy before the call runs. Optional or not, every one is listed.
   */
  readonly pathArgs: readonly string[];
  /** The argument holding the shell command line the policy reads (for `execute`). */
  readonly commandArg?: string;
  /** The argument naming the command's working folder; also one of `pathArgs`. */
  readonly cwdArg?: string;
  /** How the card previews the change as a diff, for tools that change one file's text. */
  readonly diff?: DiffArgs;
}

/** Every path a call names through its declared path arguments, empty strings left out. */
export function declaredPaths(declaration: ToolDeclaration, args: Record<string, unknown>): string[] {
  return declaration.pathArgs.flatMap((key) => {
    const v = args[key];
    if (typeof v === 'string') return v.length > 0 ? [v] : [];
    return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
  });
}

/** The string value of a declared argument, or null when it is absent or not a string. */
export function stringArg(args: Record<string, unknown>, key: string | undefined): string | null {
  if (key === undefined) return null;
  const v = args[key];
  return typeof v === 'string' ? v : null;
}
