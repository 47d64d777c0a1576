import { describe, expect, it } from 'vitest';
import { gitEnvironment } from '../../../src/main/git/git-env';
import { configVariables, driverOverrides } from '../../../src/main/git/git-safety';

describe('gitEnvironment', () => {
  it('keeps the user environment but drops variables that start other programs', () => {
    const env = gitEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/me',
      EDITOR: 'vim',
      GIT_PAGER: 'less',
      GIT_SSH_COMMAND: 'ssh -o ProxyCommand=evil',
      git_config_global: '/tmp/x',
      Visual: 'code',
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/me',
      GIT_TERMINAL_PROMPT: '0',
      GIT_OPTIONAL_LOCKS: '0',
      GIT_LITERAL_PATHSPECS: '1',
      GIT_EDITOR: ':',
      GIT_SEQUENCE_EDITOR: ':',
      GIT_ASKPASS: '',
    });
  });
});

describe('driverOverrides', () => {
  it('defines every filter, merge and diff driver the config lists as harmless', () => {
    const listing = [
      'filter.lfs.clean\ngit-lfs clean -- %f',
      'filter.lfs.required\ntrue',
      'filter.a=b.c.smudge\nevil',
      'merge.evil.driver\nevil %A',
      'merge.evil.name\nnot a program',
      'diff.evil.textconv\nevil',
      'diff.evil.command\nevil',
      'diff.renames\ntrue',
      'submodule.libs/x.path\nvendor/x',
      'submodule.libs/x.ignore\nnone',
      '',
    ].join('\0');
    expect(Object.fromEntries(driverOverrides(listing))).toEqual({
      'filter.lfs.clean': '',
      'filter.lfs.smudge': '',
      'filter.lfs.process': '',
      'filter.lfs.required': 'false',
      'filter.a=b.c.clean': '',
      'filter.a=b.c.smudge': '',
      'filter.a=b.c.process': '',
      'filter.a=b.c.required': 'false',
      'merge.evil.driver': 'git merge-file --marker-size=%L %A %O %B',
      'diff.evil.textconv': '',
      'diff.evil.command': '',
      'submodule.libs/x.ignore': 'dirty',
    });
  });

  it('hands settings to git as GIT_CONFIG_KEY/VALUE pairs, so no name is parsed at "="', () => {
    expect(configVariables([['filter.a=b.clean', '']])).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'filter.a=b.clean',
      GIT_CONFIG_VALUE_0: '',
    });
  });
});
