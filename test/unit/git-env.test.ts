import { describe, expect, it } from 'vitest';
import { gitEnvironment } from '../../src/main/git/git-env';

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
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/me', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' });
  });
});
