// Starter workflows the builder offers; each is a complete, valid version-1 definition.

const testCommand = { type: 'string', description: 'The command that runs the tests', default: 'npm test' } as const;

/** A starter workflow: its file name, and the definition to save as `.weft/workflows/<name>.json`. */
export interface StarterTemplate {
  readonly name: string;
  readonly definition: Record<string, unknown>;
}

export const starterTemplates: readonly StarterTemplate[] = [
  {
    name: 'implement-test-fix',
    definition: {
      version: 1,
      name: 'Implement, run tests, fix until green, commit',
      description: 'An agent implements the task; the tests run, and an agent fixes failures, at most five times.',
      inputs: { task: { type: 'string', description: 'What to implement' }, testCommand },
      nodes: [
        { id: 'implement', kind: 'agent', prompt: '{{inputs.task}}' },
        {
          id: 'green',
          kind: 'loop',
          maxIterations: 5,
          until: 'nodes.test.output.exitCode == 0',
          body: {
            nodes: [
              {
                id: 'test',
                kind: 'shell',
                command: '{{inputs.testCommand}}',
                allowFailure: true,
                timeoutMs: 1_800_000,
              },
              { id: 'failing', kind: 'condition', expression: 'nodes.test.output.exitCode != 0' },
              {
                id: 'fix',
                kind: 'agent',
                prompt:
                  'The tests fail (pass {{loop.iteration}} of 5). Fix the code, not the tests, unless a test is wrong.\n\n{{nodes.test.output.stdout}}\n{{nodes.test.output.stderr}}',
              },
            ],
            edges: [
              { from: 'test', to: 'failing' },
              { from: 'failing', to: 'fix', on: 'true' },
            ],
          },
        },
        { id: 'commit', kind: 'git', op: 'commit', message: '{{inputs.task}}' },
      ],
      edges: [
        { from: 'implement', to: 'green' },
        { from: 'green', to: 'commit' },
      ],
    },
  },
  {
    name: 'review-diff',
    definition: {
      version: 1,
      name: 'Review the current diff',
      description: 'A model reviews the changes since a base revision and lists what it would change.',
      inputs: { base: { type: 'string', description: 'Compare against this revision', default: 'main' } },
      nodes: [
        { id: 'diff', kind: 'git', op: 'diff', base: '{{inputs.base}}' },
        {
          id: 'review',
          kind: 'llm',
          system: 'You are a careful code reviewer. Point out bugs, risks and missing tests; skip style nits.',
          prompt: 'Review this diff of {{nodes.diff.output.files}}:\n\n{{nodes.diff.output.diff}}',
          outputSchema: {
            type: 'object',
            properties: {
              summary: { type: 'string' },
              findings: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    file: { type: 'string' },
                    severity: { type: 'string', enum: ['high', 'medium', 'low'] },
                    comment: { type: 'string' },
                  },
                  required: ['file', 'severity', 'comment'],
                },
              },
            },
            required: ['summary', 'findings'],
          },
        },
      ],
      edges: [{ from: 'diff', to: 'review' }],
      outputs: { review: '{{nodes.review.output}}' },
    },
  },
  {
    name: 'write-tests',
    definition: {
      version: 1,
      name: 'Write tests for a file',
      description: 'An agent writes tests for one file; they run, and the change is committed when they pass.',
      inputs: { file: { type: 'string', description: 'The file to test' }, testCommand },
      nodes: [
        {
          id: 'write',
          kind: 'agent',
          prompt:
            'Write tests for {{inputs.file}} that cover its behaviour, including edge cases, following the project conventions.',
        },
        { id: 'test', kind: 'shell', command: '{{inputs.testCommand}}', timeoutMs: 1_800_000 },
        { id: 'commit', kind: 'git', op: 'commit', message: 'Tests for {{inputs.file}}' },
      ],
      edges: [
        { from: 'write', to: 'test' },
        { from: 'test', to: 'commit' },
      ],
    },
  },
  {
    name: 'plan-parallel-implement',
    definition: {
      version: 1,
      name: 'Plan, implement per file in parallel, integrate',
      description: 'A model plans the change per file, agents implement the files in parallel, one agent integrates.',
      inputs: { task: { type: 'string', description: 'What to change' }, testCommand },
      concurrency: 3,
      nodes: [
        {
          id: 'plan',
          kind: 'llm',
          prompt: 'Plan this change as a list of files to edit, each with what to change in it: {{inputs.task}}',
          outputSchema: {
            type: 'object',
            properties: {
              files: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { path: { type: 'string' }, change: { type: 'string' } },
                  required: ['path', 'change'],
                },
              },
            },
            required: ['files'],
          },
        },
        { id: 'approve', kind: 'approval', message: 'Implement this plan? {{nodes.plan.output.files}}' },
        {
          id: 'each',
          kind: 'map',
          items: '{{nodes.plan.output.files}}',
          concurrency: 3,
          body: {
            nodes: [
              {
                id: 'implement',
                kind: 'agent',
                prompt: 'In {{item.path}}: {{item.change}}\n\nThis is part of: {{inputs.task}}. Change only this file.',
              },
            ],
            edges: [],
          },
        },
        {
          id: 'integrate',
          kind: 'agent',
          prompt: 'Files were changed separately for: {{inputs.task}}. Make them work together; run the tests.',
        },
        { id: 'test', kind: 'shell', command: '{{inputs.testCommand}}', timeoutMs: 1_800_000 },
        { id: 'commit', kind: 'git', op: 'commit', message: '{{inputs.task}}' },
      ],
      edges: [
        { from: 'plan', to: 'approve' },
        { from: 'approve', to: 'each' },
        { from: 'each', to: 'integrate' },
        { from: 'integrate', to: 'test' },
        { from: 'test', to: 'commit' },
      ],
    },
  },
];
