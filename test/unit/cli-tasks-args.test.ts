import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../src/main/cli/args';
import { usageOf } from '../../src/main/cli/help';

const mistake = (argv: string[]) => {
  try {
    parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`parsed: ${argv.join(' ')}`);
};

describe('weft tasks and weft board arguments', () => {
  it('reads a task with an agent, dependencies and labels', () => {
    expect(
      parseCli([
        'tasks',
        'add',
        'Fix the parser',
        '--priority',
        '1',
        '--depends-on',
        'abc123',
        '--depends-on',
        'def456',
        '--label',
        'bug',
        '--agent',
        'openrouter/anthropic/claude',
        '--repo',
        '/r',
      ]),
    ).toMatchObject({
      command: 'tasks',
      action: 'add',
      title: 'Fix the parser',
      priority: 1,
      dependsOn: ['abc123', 'def456'],
      labels: ['bug'],
      assignee: {
        kind: 'agent',
        model: { providerId: 'openrouter', model: 'anthropic/claude' },
        approval: 'edits',
        maxSteps: 50,
        budgetUsd: null,
      },
      repo: '/r',
    });
  });

  it('reads a workflow assignee with its inputs, and a checklist instead of a title', () => {
    expect(parseCli(['tasks', 'add', '--from-checklist', '-', '--workflow', 'fix', '--input', 'n=2'])).toMatchObject({
      title: undefined,
      fromChecklist: '-',
      assignee: { kind: 'workflow', workflow: 'fix', inputs: { n: '2' } },
      repo: '.',
    });
  });

  it('says what is wrong with a task on the command line', () => {
    expect(mistake(['tasks', 'add'])).toContain('Name the task');
    expect(mistake(['tasks', 'add', 'x', '--from-checklist', 'f.md'])).toContain('not both');
    expect(mistake(['tasks', 'add', 'two', 'words'])).toContain('Quote a title');
    expect(mistake(['tasks', 'add', 'x', '--priority', '9'])).toBe(
      '--priority must be a whole number from 1 to 5, not "9".',
    );
    expect(mistake(['tasks', 'add', 'x', '--agent', 'gpt'])).toContain('--agent takes PROVIDER/MODEL');
    expect(mistake(['tasks', 'add', 'x', '--agent', 'p/m', '--workflow', 'w'])).toContain(
      'either --agent or --workflow',
    );
    expect(mistake(['tasks', 'add', 'x', '--input', 'a=1'])).toBe('--input is for --workflow.');
    expect(mistake(['tasks', 'add', 'x', '--depends-on', 'NOPE'])).toContain('is not a task id');
    expect(mistake(['tasks', 'add', 'x', '--parallel', '2'])).toContain(
      '--parallel is not an option of weft tasks add',
    );
    expect(mistake(['tasks', 'show'])).toBe('weft tasks show needs a task id.');
    expect(mistake(['tasks', 'list', 'abc123'])).toBe('Unexpected argument "abc123".');
    expect(mistake(['tasks', 'frobnicate'])).toContain('Unknown tasks command "frobnicate"');
    expect(mistake(['tasks', 'list', '--bogus'])).toContain('Unknown option "--bogus" for weft tasks');
  });

  it('reads board run: parallel, ids, landing on by default', () => {
    expect(parseCli(['board', 'run', '--parallel', '4', '--json', 'abc123', 'abc123'])).toEqual({
      command: 'board',
      action: 'run',
      repo: '.',
      dataDir: undefined,
      parallel: 4,
      json: true,
      land: true,
      check: undefined,
      ids: ['abc123'],
    });
    expect(parseCli(['board', 'run', '--no-land', '--check', 'npm test'])).toMatchObject({
      land: false,
      check: 'npm test',
    });
    expect(mistake(['board', 'run', '--parallel', '0'])).toContain('--parallel must be a whole number from 1 to 64');
    expect(mistake(['board'])).toContain('Use weft board run');
    expect(mistake(['board', 'run', '--label', 'x'])).toContain('--label is not an option of weft board run');
  });

  it('explains both commands, including what board run does at review', () => {
    expect(parseCli(['board', 'run', '--help'])).toEqual({ command: 'help', topic: 'board' });
    expect(parseCli(['help', 'tasks'])).toEqual({ command: 'help', topic: 'tasks' });
    const help = usageOf('board');
    expect(help).toContain('--no-land');
    expect(help).toContain('approved at once');
    expect(usageOf(undefined)).toContain('board run [task ids…]');
  });
});
