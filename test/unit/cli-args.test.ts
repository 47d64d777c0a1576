import { describe, expect, it } from 'vitest';
import { isLoopback, parseCli, UsageError } from '../../src/main/cli/args';

describe('weft command line', () => {
  it('defaults serve to loopback and a free port', () => {
    expect(parseCli(['serve'])).toEqual({
      command: 'serve',
      port: 0,
      host: '127.0.0.1',
      dataDir: undefined,
      verbose: false,
    });
  });

  it('reads --port, --host and --data-dir', () => {
    expect(parseCli(['serve', '--port', '4100', '--host', '0.0.0.0', '--data-dir', '/tmp/w'])).toMatchObject({
      port: 4100,
      host: '0.0.0.0',
      dataDir: '/tmp/w',
    });
  });

  it.each([
    [['serve', '--port', 'abc'], /--port must be a whole number/],
    [['serve', '--port', '70000'], /--port must be a whole number/],
    [['serve', '--port', '-1'], /--port/],
    [['serve', '--host', 'a b;rm'], /--host must be/],
    [['serve', '--bogus'], /Unknown option/],
    [['serve', 'extra'], /positional/i],
    [['launch'], /Unknown command "launch"/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });

  it("reads --help after any command, and weft help <command>, as a request for that command's usage", () => {
    expect(parseCli([])).toEqual({ command: 'help', topic: undefined });
    expect(parseCli(['--help'])).toEqual({ command: 'help', topic: undefined });
    expect(parseCli(['run', '--help'])).toEqual({ command: 'help', topic: 'run' });
    expect(parseCli(['run', 'review', '--repo', '.', '-h'])).toEqual({ command: 'help', topic: 'run' });
    expect(parseCli(['runs', 'show', '--help'])).toEqual({ command: 'help', topic: 'runs' });
    expect(parseCli(['mcp', '--help'])).toEqual({ command: 'help', topic: 'mcp' });
    expect(parseCli(['serve', '--help'])).toEqual({ command: 'help', topic: 'serve' });
    expect(parseCli(['dev', 'fake-model', '--help'])).toEqual({ command: 'help', topic: 'dev' });
    expect(parseCli(['help', 'runs'])).toEqual({ command: 'help', topic: 'runs' });
    // After `--` it is an argument, not a request for help.
    expect(() => parseCli(['run', 'x', '--', '--help'])).toThrow(/Unexpected argument "--help"/);
    expect(() => parseCli(['help', 'launch'])).toThrow(/There is no command "launch"/);
  });

  it('names the command and its help for an unknown option', () => {
    expect(() => parseCli(['run', 'x', '--bogus'])).toThrow(
      'Unknown option "--bogus" for weft run. Run "weft run --help" for its options.',
    );
    expect(() => parseCli(['mcp', 'files', '--root', '.', '--nope'])).toThrow(/weft mcp --help/);
  });

  it('reads weft dev fake-model and its options', () => {
    expect(parseCli(['dev', 'fake-model'])).toEqual({
      command: 'dev-fake-model',
      port: 0,
      apiKey: undefined,
      ollama: false,
      script: undefined,
      fault: undefined,
    });
    expect(
      parseCli([
        'dev',
        'fake-model',
        '--port',
        '9911',
        '--api-key',
        'k',
        '--ollama',
        '--fault',
        'cut',
        '--script',
        'a.json',
      ]),
    ).toEqual({ command: 'dev-fake-model', port: 9911, apiKey: 'k', ollama: true, script: 'a.json', fault: 'cut' });
    expect(() => parseCli(['dev', 'fake-model', '--fault', 'fire'])).toThrow(/--fault must be one of 429, 500/);
    expect(() => parseCli(['dev', 'real-model'])).toThrow(/Unknown dev command "real-model"/);
    expect(() => parseCli(['dev', 'fake-model', '--port', 'x'])).toThrow(/--port must be/);
  });

  it('knows which hosts are loopback', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('localhost')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('192.168.1.4')).toBe(false);
  });
});

describe('weft mcp command line', () => {
  it('serves one built-in server over stdio, or over HTTP with a port', () => {
    expect(parseCli(['mcp', 'files', '--root', '/repo'])).toEqual({
      command: 'mcp',
      server: 'files',
      root: '/repo',
      http: false,
      port: 0,
      allowShell: false,
      verbose: false,
    });
    expect(parseCli(['mcp', 'shell', '--root', '.', '--http', '--port', '4200', '--allow-shell'])).toMatchObject({
      server: 'shell',
      http: true,
      port: 4200,
      allowShell: true,
    });
  });

  it.each([
    [['mcp'], /needs a server name: files, git, shell, search/],
    [['mcp', 'web', '--root', '.'], /not "web"/],
    [['mcp', 'files'], /needs --root/],
    [['mcp', 'files', '--root', '.', '--port', '1'], /--port needs --http/],
    [['mcp', 'git', '--root', '.', '--allow-shell'], /shell server only/],
    [['mcp', 'files', '--root', '.', '--http', '--port', 'x'], /--port must be/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});
