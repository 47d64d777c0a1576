import { describe, expect, it } from 'vitest';
import { failuresAfterCrash, restartDecision, type RestartPolicy } from '../../../src/main/mcp/core/backoff';
import { capText } from '../../../src/main/mcp/core/cap';
import { parseMcpConfig } from '../../../src/main/mcp/core/import-config';
import { LineTail } from '../../../src/main/mcp/core/line-tail';
import { modelToolName, normaliseServerName, toolNamePattern } from '../../../src/main/mcp/core/names';
import { resultText, toolHints } from '../../../src/main/mcp/core/result-text';
import { diffStat, unifiedDiff } from '../../../src/main/mcp/core/unified-diff';
import { mcpServerNameSchema } from '../../../src/shared/domain/mcp';

describe('MCP names', () => {
  it('normalises names from other hosts to the slug rule', () => {
    const cases: [string, string | null][] = [
      ['github', 'github'],
      ['GitHub Tools', 'github-tools'],
      ['my_server.v2', 'my-server-v2'],
      ['--Zürich--', 'zurich'],
      ['  ', null],
      ['日本語', null],
      ['a'.repeat(40) + '-tail', 'a'.repeat(32)],
      ['x'.repeat(31) + ' y', 'x'.repeat(31)],
    ];
    for (const [raw, expected] of cases) {
      const name = normaliseServerName(raw);
      expect(name, raw).toBe(expected);
      if (name) expect(mcpServerNameSchema.safeParse(name).success, name).toBe(true);
    }
  });

  it('names tools <server>__<tool>, fitting every provider, unique and stable when shortened', () => {
    expect(modelToolName('files', 'read')).toBe('files__read');
    expect(modelToolName('everything', 'get-sum')).toBe('everything__get-sum');
    expect(modelToolName('web', 'fetch.url v2')).toBe('web__fetch_url_v2');
    const long = 'a_really_long_tool_name_that_goes_on_and_on_forever_and_ever';
    const server = 's'.repeat(32);
    const one = modelToolName(server, long);
    const again = modelToolName(server, long);
    const other = modelToolName(server, `${long}_too`);
    expect(one).toMatch(toolNamePattern);
    expect(one).toBe(again);
    expect(other).not.toBe(one);
    expect(one.startsWith(`${server}__a_really`)).toBe(true);
    // Two names that clean to the same text do not collide.
    const first = modelToolName('web', 'a.b');
    const second = modelToolName('web', 'a b', new Set([first]));
    expect(first).toBe('web__a_b');
    expect(second).not.toBe(first);
    expect(second).toMatch(toolNamePattern);
  });
});

describe('importing an mcpServers config', () => {
  it('reads stdio and HTTP servers, normalising names, and reports what it skipped and why', () => {
    const json = JSON.stringify({
      mcpServers: {
        'GitHub Tools': {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-github'],
          env: { GITHUB_TOKEN: 'ghp_x', RETRIES: 3 },
        },
        remote: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer abc' } },
        typed: { type: 'http', url: 'http://127.0.0.1:3000/mcp' },
        off: { command: 'node', args: ['server.js'], disabled: true },
        old: { type: 'sse', url: 'http://127.0.0.1:3001/sse' },
        files: { command: 'x' },
        existing: { command: 'x' },
        '***': { command: 'x' },
        nothing: { foo: 1 },
        badargs: { command: 'x', args: 'not a list' },
        badurl: { url: 'ftp://example.com' },
        'github tools': { command: 'other' },
      },
    });
    const { servers, skipped } = parseMcpConfig(json, new Set(['existing']));
    expect(servers).toEqual([
      {
        name: 'github-tools',
        originalName: 'GitHub Tools',
        enabled: true,
        transport: {
          type: 'stdio',
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-github'],
          env: { GITHUB_TOKEN: 'ghp_x', RETRIES: '3' },
        },
      },
      {
        name: 'remote',
        originalName: 'remote',
        enabled: true,
        transport: { type: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer abc' } },
      },
      {
        name: 'typed',
        originalName: 'typed',
        enabled: true,
        transport: { type: 'http', url: 'http://127.0.0.1:3000/mcp', headers: {} },
      },
      {
        name: 'off',
        originalName: 'off',
        enabled: false,
        transport: { type: 'stdio', command: 'node', args: ['server.js'], env: {} },
      },
    ]);
    const reasons = Object.fromEntries(skipped.map((s) => [s.name, s.reason]));
    expect(reasons).toEqual({
      old: expect.stringContaining('SSE transport is not supported'),
      files: expect.stringContaining('built-in'),
      existing: 'a server with this name exists already',
      '***': 'the name has no letters or digits',
      nothing: expect.stringContaining('needs a "command"'),
      badargs: '"args" must be a list of strings',
      badurl: expect.stringContaining('http(s) URL'),
      'github tools': 'a server named "github-tools" exists already',
    });
  });

  it('accepts VS Code\'s "servers" block and refuses text that is no such config', () => {
    expect(parseMcpConfig('{"servers": {"a": {"command": "x"}}}', new Set()).servers).toHaveLength(1);
    expect(() => parseMcpConfig('{nope', new Set())).toThrow(/not valid JSON/);
    expect(() => parseMcpConfig('[]', new Set())).toThrow(/JSON object/);
    expect(() => parseMcpConfig('{"other": {}}', new Set())).toThrow(/no "mcpServers"/);
  });
});

describe('restart backoff', () => {
  const policy: RestartPolicy = { baseMs: 1000, maxMs: 8000, maxFailures: 6, stableMs: 60_000 };

  it('doubles the wait after each failure up to the cap, then gives up', () => {
    const waits = [1, 2, 3, 4, 5].map((n) => restartDecision(n, policy));
    expect(waits).toEqual([
      { giveUp: false, delayMs: 1000 },
      { giveUp: false, delayMs: 2000 },
      { giveUp: false, delayMs: 4000 },
      { giveUp: false, delayMs: 8000 },
      { giveUp: false, delayMs: 8000 },
    ]);
    expect(restartDecision(6, policy)).toEqual({ giveUp: true });
  });

  it('forgives earlier failures of a server that stayed up long enough', () => {
    expect(failuresAfterCrash(3, null, policy)).toBe(4);
    expect(failuresAfterCrash(3, 5000, policy)).toBe(4);
    expect(failuresAfterCrash(3, 60_000, policy)).toBe(1);
  });
});

describe('stderr tail', () => {
  it('keeps the last lines, joining lines split across chunks and cutting very long ones', () => {
    const tail = new LineTail(3, 10);
    tail.push('one\ntwo\nthr');
    tail.push('ee\nfour\n');
    tail.push('a very long line indeed\nlast');
    expect(tail.toString()).toBe('four\na very lon…\nlast');
    tail.clear();
    expect(tail.toString()).toBe('');
  });
});

describe('unified diff', () => {
  it('shows a changed line with context and hunk headers as git does', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = before.replace('e\n', 'E\n');
    expect(unifiedDiff('x.txt', before, after)).toBe(
      '--- a/x.txt\n+++ b/x.txt\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n',
    );
  });

  it('splits distant changes into hunks, handles additions, deletions, new files and missing newlines', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const before = lines.join('\n') + '\n';
    const after = ['inserted', ...lines.slice(0, 19), ...lines.slice(20)].join('\n');
    const diff = unifiedDiff('f', before, after);
    expect(diff.match(/^@@/gm)).toHaveLength(3);
    expect(diff).toContain('@@ -1,3 +1,4 @@\n+inserted\n line 1\n');
    expect(diff).toContain('-line 20\n');
    expect(diff).toContain('-line 30\n+line 30\n\\ No newline at end of file\n');
    expect(diffStat(diff)).toEqual({ added: 2, removed: 2 });
    expect(unifiedDiff('n', null, 'x\n')).toBe('--- /dev/null\n+++ b/n\n@@ -0,0 +1,1 @@\n+x\n');
    expect(unifiedDiff('same', 'x\n', 'x\n')).toBe('');
  });

  it('produces a diff that applies back to the original for random edits', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      const a = Array.from({ length: 5 + rand(40) }, () => `l${rand(8)}`);
      const b = [...a];
      for (let k = 0; k < 1 + rand(6); k++) {
        const at = rand(b.length + 1);
        if (rand(2) === 0) b.splice(at, 1);
        else b.splice(at, 0, `n${rand(5)}`);
      }
      const diff = unifiedDiff('r', a.join('\n') + '\n', b.join('\n') + '\n', 1);
      expect(applyDiff(a, diff), diff).toEqual(b);
    }
  });
});

/** Applies a unified diff (as produced above) to lines, checking context and removals. */
function applyDiff(a: string[], diff: string): string[] {
  const out: string[] = [];
  let pos = 0;
  const lines = diff.split('\n').slice(2);
  for (let i = 0; i < lines.length; i++) {
    const m = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(lines[i]!);
    if (!m) continue;
    const start = Number(m[2]) === 0 ? Number(m[1]) : Number(m[1]) - 1;
    while (pos < start) out.push(a[pos++]!);
    for (i++; i < lines.length && !lines[i]!.startsWith('@@') && lines[i] !== ''; i++) {
      const line = lines[i]!;
      if (line.startsWith(' ')) {
        expect(a[pos]).toBe(line.slice(1));
        out.push(a[pos++]!);
      } else if (line.startsWith('-')) {
        expect(a[pos++]).toBe(line.slice(1));
      } else if (line.startsWith('+')) out.push(line.slice(1));
    }
    i--;
  }
  while (pos < a.length) out.push(a[pos++]!);
  return out;
}

describe('tool results and hints', () => {
  it('turns content blocks into text and caps long answers with a marker', () => {
    expect(
      resultText({
        content: [
          { type: 'text', text: 'hello' },
          { type: 'image', data: 'AAAA', mimeType: 'image/png' },
          { type: 'resource_link', uri: 'file:///x', name: 'x' },
        ],
      }),
    ).toEqual({ text: 'hello\n[image image/png, 3 bytes, not shown]\n[link file:///x "x"]', isError: false });
    expect(resultText({ content: [], structuredContent: { sum: 3 } }).text).toBe('{"sum":3}');
    expect(resultText({ isError: true }).text).toBe('The tool failed without saying why.');
    const long = capText('x'.repeat(100_000), 1000);
    expect(long.length).toBeLessThan(1100);
    expect(long).toContain("characters elided by Weft's output cap");
  });

  it("applies MCP's defaults to a tool that declares no hints", () => {
    expect(toolHints({ name: 't', inputSchema: {} })).toEqual({ readOnly: false, destructive: true, openWorld: true });
    expect(
      toolHints({ name: 't', inputSchema: {}, annotations: { readOnlyHint: true, destructiveHint: true } }),
    ).toEqual({
      readOnly: true,
      destructive: false,
      openWorld: true,
    });
  });
});
