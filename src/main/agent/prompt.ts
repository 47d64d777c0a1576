import { WeftError } from '../../shared/ipc/errors';
import { PathGuard } from '../files/path-guard';
import { readVerified } from '../files/verified-fs';
import { join } from 'node:path';
import { truncateOutput } from './context';

/** Files at the repository root whose contents every run is given, in this order. */
export const instructionFiles = ['AGENTS.md', 'CLAUDE.md'] as const;
const MAX_INSTRUCTIONS = 20_000;

/** The project's own instructions for agents, from the root of the run's worktree. */
/**
 * The repository is untrusted: its AGENTS.md may be a link to ~/.ssh/id_ed25519 (whose text would
 * go to the model) or a FIFO (which would hang the run's start). So each file is read through the
 * path guard, from a descriptor checked to be a regular file inside the root; anything else is
 * skipped, as if it were not there.
 */
export async function projectInstructions(root: string): Promise<{ file: string; text: string }[]> {
  const found: { file: string; text: string }[] = [];
  const guard = new PathGuard(root);
  for (const file of instructionFiles) {
    try {
      const { bytes } = await readVerified(guard, join(guard.root, file), file, MAX_INSTRUCTIONS * 4);
      const text = bytes.toString('utf8');
      if (text.trim()) found.push({ file, text: truncateOutput(text, MAX_INSTRUCTIONS) });
    } catch (error) {
      // Missing, outside the root, a link, a folder, a FIFO, a hard link: not the project's instructions.
      if (error instanceof WeftError || (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
  }
  return found;
}

/** The system prompt of a run. */
export function systemPrompt(input: {
  readonly projectName: string;
  readonly branch: string;
  readonly instructions: readonly { file: string; text: string }[];
}): string {
  const parts = [
    `You are Weft's coding agent. You work in a git worktree of the user's repository "${input.projectName}", on the branch ${input.branch}; the user's own working tree is never touched, and they review your changes before merging them.`,
    'Use the tools to read, search, edit and test. Paths are relative to the repository root. Read a file before you edit it, make the smallest change that does the task, follow the code style you find, and run the project’s tests when it has them.',
    'Some calls need the user’s approval; if one is denied, do not retry it — find another way or explain what you need.',
    'When the task is done, answer with a short summary of what you changed and why, without calling a tool.',
  ];
  for (const { file, text } of input.instructions)
    parts.push(`The project's ${file} says:\n<project-instructions file="${file}">\n${text}\n</project-instructions>`);
  return parts.join('\n\n');
}
