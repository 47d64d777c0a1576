import { readFile } from 'node:fs/promises';
import { createTwoFilesPatch } from 'diff';
import type { ApprovalSubject } from '../../shared/domain/agent';
import { PathGuard } from '../files/path-guard';
import { declaredPaths, stringArg, type DiffArgs } from '../mcp/core/tool-declaration';
import type { AgentTool } from '../mcp/tool-set';
import type { PolicyDecision } from './policy/policy';
import { readVersions } from './workspace/run-changes';

const MAX_DIFF_INPUT = 2_000_000;

/**
 * What an approval card shows: the exact command line, the exact diff a file tool would make, or
 * the call's arguments. The diff is computed from the file as it is now, so the card is honest.
 * A command whose definition the run changed (package.json for `npm test`) shows that change
 * since `baseCommit` too: the new `test` script is what would run.
 */
export async function approvalSubject(
  root: string,
  tool: AgentTool,
  args: Record<string, unknown>,
  decision: PolicyDecision,
  baseCommit: string | null = null,
): Promise<ApprovalSubject> {
  // Only a built-in tool's declaration says which argument is what (as in the policy).
  const declared = tool.builtIn ? tool.declaration : undefined;
  if (decision.command !== null) {
    const cwd = stringArg(args, declared?.cwdArg) || '.';
    const changed = decision.changedDefinitions ?? [];
    if (changed.length === 0 || baseCommit === null) return { kind: 'command', command: decision.command, cwd };
    const definitions = await Promise.all(changed.map((path) => definitionDiff(root, baseCommit, path)));
    return { kind: 'command', command: decision.command, cwd, definitions };
  }
  const diffArgs = declared?.diff;
  const path = diffArgs ? stringArg(args, diffArgs.path) : null;
  if (diffArgs && path) {
    const before = await currentText(root, path);
    const after = proposedText(before, args, diffArgs);
    if (after !== null)
      return { kind: 'diff', path, diff: createTwoFilesPatch(`a/${path}`, `b/${path}`, before ?? '', after) };
  }
  const call = { kind: 'call', arguments: JSON.stringify(args, null, 2) } as const;
  return declared ? { ...call, action: declared.kind, paths: declaredPaths(declared, args) } : call;
}

/** One definition file from the base commit to the worktree now; a binary or unreadable one says so. */
async function definitionDiff(root: string, base: string, path: string): Promise<{ path: string; diff: string }> {
  try {
    // Through PathGuard: a definition reached through a link out of the worktree is not read.
    const absolute = await new PathGuard(root).resolve(path).catch(() => null);
    if (absolute === null) return { path, diff: `${path} changed; it is not a file inside the worktree.` };
    const v = await readVersions(root, base, null, path, absolute, async () => null);
    if (v.binary) return { path, diff: `Binary file ${path} changed.` };
    return { path, diff: createTwoFilesPatch(`a/${path}`, `b/${path}`, v.original ?? '', v.modified ?? '') };
  } catch {
    return { path, diff: `${path} changed; its diff could not be read.` };
  }
}

async function currentText(root: string, path: string): Promise<string | null> {
  try {
    const file = await new PathGuard(root).resolve(path);
    const text = await readFile(file, 'utf8');
    return text.length > MAX_DIFF_INPUT ? null : text;
  } catch {
    // A file that does not exist yet (or cannot be read) diffs against nothing.
    return null;
  }
}

/** The text a write or an exact-replacement edit would leave, or null when it cannot tell. */
function proposedText(before: string | null, args: Record<string, unknown>, declared: DiffArgs): string | null {
  const content = stringArg(args, declared.content);
  if (content !== null) return content;
  const oldText = stringArg(args, declared.oldText);
  const newText = stringArg(args, declared.newText);
  if (before === null || oldText === null || newText === null) return null;
  const at = before.indexOf(oldText);
  if (at < 0) return null;
  return declared.replaceAll !== undefined && args[declared.replaceAll] === true
    ? before.split(oldText).join(newText)
    : before.slice(0, at) + newText + before.slice(at + oldText.length);
}
