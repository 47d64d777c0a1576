import type { WorkflowTemplate } from '../../shared/domain/workflow';
import type { WorkflowDefinition } from '../../shared/workflow/schema';

// Starter workflows offered by "New workflow". Each validates as it is (a unit test checks), so a
// user can run one at once and edit from there. Positions are left out: the builder lays them out.

const implementTestFix: WorkflowDefinition = {
  version: 1,
  name: 'Implement, test, fix until green',
  description: 'An agent implements the task; the tests run and an agent fixes failures, at most 5 times; then commit.',
  inputs: { task: { type: 'string', description: 'What to implement.' } },
  outputs: {},
  concurrency: 4,
  nodes: [
    { id: 'implement', kind: 'agent', label: 'Implement', prompt: '{{inputs.task}}' },
    {
      id: 'green',
      kind: 'loop',
      label: 'Fix until green (max 5)',
      until: 'nodes.test.output.exitCode == 0',
      maxIterations: 5,
      body: {
        nodes: [
          { id: 'test', kind: 'shell', label: 'Run tests', command: 'npm test', allowFailure: true },
          { id: 'passed', kind: 'condition', label: 'Tests pass?', expression: 'nodes.test.output.exitCode == 0' },
          {
            id: 'fix',
            kind: 'agent',
            label: 'Fix failures',
            prompt:
              'The tests fail after implementing: {{inputs.task}}\n\nTest output:\n{{nodes.test.output.stdout}}\n{{nodes.test.output.stderr}}\n\nFix the code (not the tests) so they pass.',
          },
        ],
        edges: [
          { from: 'test', to: 'passed' },
          { from: 'passed', to: 'fix', on: 'false' },
        ],
      },
    },
    { id: 'commit', kind: 'git', label: 'Commit', op: 'commit', message: '{{inputs.task}}' },
  ],
  edges: [
    { from: 'implement', to: 'green' },
    { from: 'green', to: 'commit' },
  ],
};

const reviewDiff: WorkflowDefinition = {
  version: 1,
  name: 'Review the current diff',
  description: 'Collects the diff of the working tree and asks a model for a code review.',
  inputs: {},
  outputs: { review: '{{nodes.review.output}}' },
  concurrency: 4,
  nodes: [
    { id: 'diff', kind: 'git', label: 'Current diff', op: 'diff', base: 'HEAD' },
    {
      id: 'review',
      kind: 'llm',
      label: 'Review',
      system: 'You are a careful senior engineer reviewing a colleague’s change.',
      prompt:
        'Review this diff. List bugs, risky changes and missing tests first, then smaller remarks. Quote file and line.\n\n{{nodes.diff.output.diff}}',
    },
  ],
  edges: [{ from: 'diff', to: 'review' }],
};

const writeTests: WorkflowDefinition = {
  version: 1,
  name: 'Write tests for a file',
  description: 'An agent writes tests for one file, the tests run, and the result is committed when they pass.',
  inputs: {
    file: { type: 'string', description: 'The file to test, relative to the repository.' },
    testCommand: { type: 'string', description: 'How the tests run.', default: 'npm test' },
  },
  outputs: {},
  concurrency: 4,
  nodes: [
    {
      id: 'write',
      kind: 'agent',
      label: 'Write tests',
      prompt:
        'Write focused unit tests for {{inputs.file}} next to the project’s existing tests, following their style. Cover the behaviour a user of this code relies on, including edge cases. The tests run with: {{inputs.testCommand}}',
    },
    {
      id: 'test',
      kind: 'shell',
      label: 'Run tests',
      command: { argv: ['sh', '-c', '{{inputs.testCommand}}'] },
      timeoutMs: 600_000,
    },
    { id: 'commit', kind: 'git', label: 'Commit', op: 'commit', message: 'Tests for {{inputs.file}}' },
  ],
  edges: [
    { from: 'write', to: 'test' },
    { from: 'test', to: 'commit' },
  ],
};

const planMapIntegrate: WorkflowDefinition = {
  version: 1,
  name: 'Plan, implement per file in parallel, integrate',
  description:
    'A model plans which files change; an agent per file implements its part (3 at once); an agent integrates.',
  inputs: { task: { type: 'string', description: 'What to build.' } },
  outputs: {},
  concurrency: 4,
  nodes: [
    {
      id: 'plan',
      kind: 'llm',
      label: 'Plan',
      prompt:
        'Plan this change: {{inputs.task}}\n\nAnswer with a short summary and the list of files to create or change (paths relative to the repository).',
      outputSchema: {
        type: 'object',
        properties: {
          summary: { type: 'string' },
          files: { type: 'array', items: { type: 'string' } },
        },
        required: ['summary', 'files'],
      },
    },
    {
      id: 'each',
      kind: 'map',
      label: 'Implement per file',
      items: '{{nodes.plan.output.files}}',
      concurrency: 3,
      body: {
        nodes: [
          {
            id: 'impl',
            kind: 'agent',
            label: 'Implement file',
            prompt:
              'Task: {{inputs.task}}\nPlan: {{nodes.plan.output.summary}}\n\nImplement the part of the plan that belongs in {{item}}. Change only that file.',
          },
        ],
        edges: [],
      },
    },
    {
      id: 'integrate',
      kind: 'agent',
      label: 'Integrate',
      prompt:
        'Several agents implemented this plan file by file: {{nodes.plan.output.summary}}\n\nMake the pieces fit together, run the build and the tests, and fix what breaks.',
    },
    { id: 'commit', kind: 'git', label: 'Commit', op: 'commit', message: '{{inputs.task}}' },
  ],
  edges: [
    { from: 'plan', to: 'each' },
    { from: 'each', to: 'integrate' },
    { from: 'integrate', to: 'commit' },
  ],
};

/** Starter workflows, in the order "New workflow" offers them. */
export const starterTemplates: readonly WorkflowTemplate[] = [
  {
    id: 'implement-test-fix',
    title: 'Implement → run tests → fix until green (max 5) → commit',
    description: implementTestFix.description!,
    name: 'implement-and-fix',
    definition: implementTestFix,
  },
  {
    id: 'review-diff',
    title: 'Review the current diff',
    description: reviewDiff.description!,
    name: 'review-diff',
    definition: reviewDiff,
  },
  {
    id: 'write-tests',
    title: 'Write tests for a file',
    description: writeTests.description!,
    name: 'write-tests',
    definition: writeTests,
  },
  {
    id: 'plan-map-integrate',
    title: 'Plan → parallel implement per file (map) → integrate',
    description: planMapIntegrate.description!,
    name: 'plan-and-implement',
    definition: planMapIntegrate,
  },
];
