import { describe, expect, it } from 'vitest';
import { refNameProblem, revisionProblem } from '../../../src/main/git/refs';

describe('git ref names', () => {
  it.each(['main', 'feature/login', 'weft/run-123', 'v1.2.3', 'fix_ü'])('accepts %s', (name) => {
    expect(refNameProblem(name)).toBeNull();
  });

  it.each([
    '--upload-pack=touch /tmp/x',
    '-c',
    '-ccore.pager=sh',
    'a b',
    'a..b',
    'a~1',
    'a^',
    'a:b',
    'what?',
    'st*r',
    'br[a]',
    'back\\slash',
    '/lead',
    'trail/',
    'double//slash',
    '.hidden',
    'x/.hidden',
    'a.lock',
    'end.',
    '@',
    'a@{1}',
    'tab\there',
    '',
  ])('refuses %j', (name) => {
    expect(refNameProblem(name)).not.toBeNull();
  });

  it('accepts revisions for reading, and still refuses options', () => {
    expect(revisionProblem('HEAD')).toBeNull();
    expect(revisionProblem('HEAD~2')).toBeNull();
    expect(revisionProblem('main^1')).toBeNull();
    expect(revisionProblem('0123abcd')).toBeNull();
    expect(revisionProblem('--output=/tmp/x')).not.toBeNull();
  });
});
