import { z } from 'zod';
import { resolveText } from '../template';
import { executorKind } from './kind';
import { retryable, template, templateAt } from './parts';

const gitOps = ['commit', 'branch', 'diff', 'merge'] as const;

/** What a git step's executor is given. */
export interface GitInput {
  op: (typeof gitOps)[number];
  message?: string;
  branch?: string;
  base?: string;
}

/** `git`: commit, branch, diff or merge in the run's worktree. */
export const gitKind = executorKind({
  kind: 'git',
  schema: z
    .object({
      ...retryable,
      kind: z.literal('git'),
      op: z.enum(gitOps),
      /** commit: the message. */
      message: template.optional(),
      /** branch: the branch to create; merge: the branch to merge in. */
      branch: template.optional(),
      /** diff: the revision to compare against (default: where the run started). */
      base: template.optional(),
    })
    .strict(),
  palette: { title: 'Git', summary: 'Commit, branch, diff, merge', accent: 'bg-orange-600', order: 40 },
  defaults: { op: 'diff' },
  fields: [
    { key: 'op', label: 'Operation', type: 'select', options: gitOps },
    { key: 'message', label: 'Commit message', type: 'template' },
    { key: 'branch', label: 'Branch', type: 'text', mono: true },
    { key: 'base', label: 'Compare against', type: 'text', placeholder: 'where the run started', mono: true },
  ],
  reads: (node) => [
    templateAt('message', node.message),
    templateAt('branch', node.branch),
    templateAt('base', node.base),
  ],
  check: (node, _context, report) => {
    if (node.op === 'commit' && !node.message) report('message', 'A commit step needs a message.');
    if ((node.op === 'branch' || node.op === 'merge') && !node.branch)
      report('branch', `A ${node.op} step needs a branch.`);
  },
  resolve: (node, scope): GitInput => ({
    op: node.op,
    ...(node.message !== undefined ? { message: resolveText(node.message, scope) } : {}),
    ...(node.branch !== undefined ? { branch: resolveText(node.branch, scope) } : {}),
    ...(node.base !== undefined ? { base: resolveText(node.base, scope) } : {}),
  }),
});
