import { describe, expect, it } from 'vitest';
import { describeIssue } from '../../../src/shared/workflow/issue-words';
import { validateWorkflow } from '../../../src/shared/workflow/validate';
import { freeSpot } from '../../../src/renderer/src/features/workflow/layout';

const shown = (raw: unknown) => validateWorkflow(raw).issues.map(describeIssue);

describe('workflow problems in words', () => {
  it('names the step, the field and the rule of every schema problem', () => {
    expect(shown({ version: 1, nodes: [{ id: 'a', kind: 'shell' }] })).toEqual(['Step `a`: command is required.']);
    // Sorted: the order is zod's, not part of the wording.
    expect(
      shown({
        version: 1,
        nodes: [
          { id: 'a', kind: 'shell', command: '', timeoutMs: 0, colour: 'red' },
          { id: 'g', kind: 'git', op: 'push' },
          { id: 'p', kind: 'agent', prompt: 3 },
        ],
        edges: [{ from: 'a' }],
        concurrency: 'many',
      }).sort(),
    ).toEqual(
      [
        'Step `a`: command cannot be empty.',
        'Step `a`: timeoutMs must be at least 1.',
        'Step `a`: "colour" is not a field here; remove it or check the spelling.',
        'Step `g`: op must be one of "commit", "branch", "diff" or "merge", not "push".',
        'Step `p`: prompt must be text, not the number 3.',
        'Workflow: concurrency must be a number, not text.',
        'Edge 1: to is required.',
      ].sort(),
    );
  });

  it('names the edge that goes to no step', () => {
    expect(
      shown({ version: 1, nodes: [{ id: 'a', kind: 'shell', command: 'x' }], edges: [{ from: 'a', to: 'ghost' }] }),
    ).toEqual(['Step `a`: An edge goes to "ghost", but there is no step "ghost".']);
  });
});

describe('where a clicked step goes', () => {
  const box = (id: string, x: number, y: number) => ({ id, position: { x, y }, width: 232, height: 84 });

  it('goes right of the selected step, and below whatever is already there', () => {
    expect(freeSpot([box('a', 0, 0)], { x: 500, y: 500 }, box('a', 0, 0))).toEqual({ x: 312, y: 0 });
    const taken = [box('a', 0, 0), box('b', 312, 0), box('c', 312, 124)];
    expect(freeSpot(taken, { x: 0, y: 0 }, taken[0]!)).toEqual({ x: 312, y: 248 });
  });

  it('keeps the preferred spot when it is free and steps down from it when it is not', () => {
    expect(freeSpot([], { x: 10, y: 20 }, null)).toEqual({ x: 10, y: 20 });
    expect(freeSpot([box('a', 0, 0)], { x: 0, y: 0 }, null)).toEqual({ x: 0, y: 124 });
  });
});
