import { describe, expect, it } from 'vitest';
import { AckBatcher, sliceFrom, Watermark } from '../../src/shared/terminal/flow';
import { elisionMarker, HeadTailCap } from '../../src/shared/terminal/output-cap';
import { isWebLink } from '../../src/shared/terminal/links';
import { displayCommand, pickShell } from '../../src/shared/terminal/shell';

describe('output cap', () => {
  it('keeps short output whole', () => {
    const cap = new HeadTailCap(10, 10);
    cap.push('hello ');
    cap.push('world');
    expect(cap.toString()).toBe('hello world');
    expect(cap.truncated).toBe(false);
  });

  it('keeps the head and the tail and says how much was elided', () => {
    const cap = new HeadTailCap(5, 5);
    for (const chunk of ['ABCDE', 'middle-', 'part', 'VWXYZ']) cap.push(chunk);
    expect(cap.toString()).toBe(`ABCDE${elisionMarker(11)}VWXYZ`);
    expect(cap.truncated).toBe(true);
    expect(cap.length).toBe(21);
  });

  it('handles one huge chunk', () => {
    const cap = new HeadTailCap(3, 3);
    cap.push('0123456789');
    expect(cap.toString()).toBe(`012${elisionMarker(4)}789`);
  });
});

describe('flow control watermarks', () => {
  it('pauses above the high mark and resumes only below the low one', () => {
    const w = new Watermark(100, 20);
    expect(w.add(60)).toBe(false);
    expect(w.add(60)).toBe(true);
    expect(w.paused).toBe(true);
    expect(w.add(10)).toBe(false);
    expect(w.release(50)).toBe(false);
    expect(w.paused).toBe(true);
    expect(w.release(70)).toBe(true);
    expect(w.paused).toBe(false);
  });

  it('resumes when the consumer goes away', () => {
    const w = new Watermark(10, 5);
    w.add(50);
    expect(w.reset()).toBe(true);
    expect(w.inFlight).toBe(0);
  });

  it('acknowledges in batches', () => {
    const acks = new AckBatcher(100);
    expect(acks.processed(60)).toBe(0);
    expect(acks.processed(60)).toBe(120);
    expect(acks.processed(10)).toBe(0);
  });

  it('drops what a snapshot already holds', () => {
    expect(sliceFrom(0, 'abcdef', 4)).toBe('ef');
    expect(sliceFrom(10, 'abc', 4)).toBe('abc');
    expect(sliceFrom(0, 'abc', 10)).toBe('');
  });
});

describe('shell choice', () => {
  const has =
    (...files: string[]) =>
    (p: string) =>
      files.includes(p);

  it('uses $SHELL when it exists', () => {
    expect(pickShell('linux', { SHELL: '/usr/bin/fish' }, has('/usr/bin/fish', '/bin/bash')).file).toBe(
      '/usr/bin/fish',
    );
  });

  it('falls back to bash on Linux and zsh on macOS, as a login shell on macOS', () => {
    expect(pickShell('linux', { SHELL: '/nope' }, has('/bin/bash', '/bin/zsh'))).toEqual({
      file: '/bin/bash',
      args: [],
    });
    expect(pickShell('darwin', {}, has('/bin/bash', '/bin/zsh'))).toEqual({ file: '/bin/zsh', args: ['-l'] });
  });

  it('prefers PowerShell on Windows, else cmd, never WSL', () => {
    const env = { SystemRoot: 'C:\\Windows', ComSpec: 'C:\\Windows\\System32\\cmd.exe' };
    const ps = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
    expect(pickShell('win32', env, has(ps)).file).toBe(ps);
    expect(pickShell('win32', env, has()).file).toBe('C:\\Windows\\System32\\cmd.exe');
  });

  it('quotes argv for display', () => {
    expect(displayCommand(['git', 'commit', '-m', "it's done"])).toBe(`git commit -m 'it'\\''s done'`);
  });
});

describe('terminal links', () => {
  it('opens web addresses only', () => {
    expect(isWebLink('https://example.com/a?b')).toBe(true);
    expect(isWebLink('http://127.0.0.1:3000/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'vscode://x', 'smb://host/share', 'not a url']) {
      expect(isWebLink(url), url).toBe(false);
    }
  });
});
