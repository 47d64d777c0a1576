import { describe, expect, it } from 'vitest';
import {
  argumentSummary,
  classifyDiff,
  formatAge,
  formatCost,
  formatDuration,
  formatTokens,
  prettyJson,
  sparklinePoints,
  splitFences,
  splitTool,
  taskTitle,
  withoutTextToolCalls,
} from '../../../src/renderer/src/features/agent/format';

describe('agent run formatting', () => {
  it('hides tool calls written as text while they stream, whole, open or just begun', () => {
    expect(withoutTextToolCalls('Reading.\n<tool_call>{"name":"files__read"}</tool_call>')).toBe('Reading.\n');
    expect(withoutTextToolCalls('Reading.\n<tool_call>{"name":"fi')).toBe('Reading.\n');
    expect(withoutTextToolCalls('Reading.\n<tool_c')).toBe('Reading.\n');
    expect(withoutTextToolCalls('a < b')).toBe('a < b');
  });

  it('shows small costs with enough digits and unknown prices as such', () => {
    expect(formatCost(null)).toBe('no price');
    expect(formatCost(0)).toBe('$0.00');
    // Two significant digits below a dollar, so sub-cent amounts keep their size.
    expect(formatCost(0.00042)).toBe('$0.00042');
    expect(formatCost(0.001)).toBe('$0.001');
    expect(formatCost(0.00143719)).toBe('$0.0014');
    expect(formatCost(0.015)).toBe('$0.015');
    expect(formatCost(0.5)).toBe('$0.50');
    expect(formatCost(1.234)).toBe('$1.23');
    expect(formatCost(1234.5)).toBe('$1,235');
  });

  it('reads tokens, ages and durations the way people say them', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(1234)).toBe('1.2k');
    expect(formatTokens(123_400)).toBe('123k');
    expect(formatTokens(2_500_000)).toBe('2.5M');
    const now = 10_000_000;
    expect(formatAge(now - 5_000, now)).toBe('just now');
    expect(formatAge(now - 4 * 60_000, now)).toBe('4 min ago');
    expect(formatAge(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2345)).toBe('2.3 s');
    expect(formatDuration(65_000)).toBe('1 min 5 s');
  });

  it('splits tool names into server and tool, and summarises a call by its command or path', () => {
    expect(splitTool('files__edit')).toEqual({ server: 'files', tool: 'edit' });
    expect(splitTool('think')).toEqual({ server: null, tool: 'think' });
    expect(argumentSummary('{"command":"npm   test","cwd":"."}')).toBe('npm test');
    expect(argumentSummary('{"path":"src/a.ts","content":"x"}')).toBe('src/a.ts');
    expect(argumentSummary('{"argv":["git","status"]}')).toBe('git status');
    expect(argumentSummary('not json')).toBe('not json');
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('{broken')).toBe('{broken');
  });

  it('titles a run by the first line of its task', () => {
    expect(taskTitle('Fix the bug\nin detail…')).toBe('Fix the bug');
    expect(taskTitle('x'.repeat(100), 10)).toBe('xxxxxxxxx…');
  });

  it('colours a unified diff line by line', () => {
    const diff = [
      'diff --git a/a.ts b/a.ts',
      '--- a/a.ts',
      '+++ b/a.ts',
      '@@ -1,2 +1,2 @@',
      ' keep',
      '-old',
      '+new',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    expect(classifyDiff(diff).map((l) => l.kind)).toEqual([
      'meta',
      'meta',
      'meta',
      'hunk',
      'context',
      'del',
      'add',
      'meta',
    ]);
  });

  it('drops the banner jsdiff puts above a patch', () => {
    const lines = classifyDiff('Index: a\n=====\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n-x\n+y\n');
    expect(lines.map((l) => l.text)).toEqual(['--- a/a', '+++ b/a', '@@ -1 +1 @@', '-x', '+y']);
  });

  it('draws the cost chart only with two points or more, rising to the top', () => {
    expect(sparklinePoints([{ step: 1, costUsd: 0.1 }], 100, 20)).toBe('');
    expect(
      sparklinePoints(
        [
          { step: 1, costUsd: 0 },
          { step: 2, costUsd: 0 },
        ],
        100,
        20,
      ),
    ).toBe('');
    expect(
      sparklinePoints(
        [
          { step: 1, costUsd: 0 },
          { step: 3, costUsd: 0.2 },
        ],
        100,
        20,
      ),
    ).toBe('0,20 100,0');
  });
});

describe('assistant text', () => {
  it('splits prose and fenced code, and treats an unclosed fence (still streaming) as code', () => {
    expect(splitFences('Run this:\n```sh\nnpm test\n```\nDone.')).toEqual([
      { kind: 'text', text: 'Run this:' },
      { kind: 'code', lang: 'sh', text: 'npm test' },
      { kind: 'text', text: 'Done.' },
    ]);
    expect(splitFences('Here:\n```ts\nconst a = 1;')).toEqual([
      { kind: 'text', text: 'Here:' },
      { kind: 'code', lang: 'ts', text: 'const a = 1;' },
    ]);
    expect(splitFences('')).toEqual([]);
  });
});
