import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../../src/main/cli/args';

describe('weft run and weft runs command lines', () => {
  it('reads the workflow, the repository, repeated inputs and the flags', () => {
    expect(
      parseCli(['run', 'review', '--repo', '/r', '--input', 'task=fix a=b', '--input', 'n=3', '--json', '--yes']),
    ).toEqual({
      command: 'run',
      workflow: 'review',
      repo: '/r',
      inputs: { task: 'fix a=b', n: '3' },
      json: true,
      dataDir: undefined,
      inPlace: false,
      yes: true,
    });
    expect(parseCli(['run', 'x', '--in-place'])).toMatchObject({ repo: '.', inPlace: true, inputs: {} });
  });

  it('reads runs list, show and resume', () => {
    expect(parseCli(['runs', 'list', '--repo', '.', '--json'])).toMatchObject({
      action: 'list',
      repo: '.',
      json: true,
    });
    expect(parseCli(['runs', 'show', 'abc123'])).toMatchObject({ action: 'show', id: 'abc123' });
    expect(parseCli(['runs', 'resume', 'abc123', '--yes'])).toMatchObject({
      action: 'resume',
      id: 'abc123',
      yes: true,
    });
  });

  it.each([
    [['run'], /Name the workflow/],
    [['run', 'a', 'b'], /Unexpected argument "b"/],
    [['run', 'a', '--input', 'novalue'], /key=value/],
    [['run', 'a', '--input', '=x'], /key=value/],
    [['run', 'a', '--repo'], /argument missing|needs a value/],
    [['run', 'a', '--bogus'], /Unknown option/],
    [['runs'], /runs list/],
    [['runs', 'show'], /needs a run id/],
    [['runs', 'list', 'x'], /Unexpected argument "x"/],
    [['runs', 'list', '--input', 'a=b'], /--input is for weft run/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});
