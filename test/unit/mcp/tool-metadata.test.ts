import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decide,
  defaultAllowCommands,
  type PolicyContext,
  type ToolFacts,
} from '../../../src/main/agent/policy/policy';
import { ShellParser } from '../../../src/main/agent/policy/shell-parser';
import { approvalSubject } from '../../../src/main/agent/subject';
import { builtInServerNames } from '../../../src/main/mcp/core/names';
import { readOnlyKinds } from '../../../src/main/mcp/core/tool-declaration';
import { openRunToolSet } from '../../../src/main/mcp/run-tool-set';
import type { AgentTool, ShellExecutor, ToolSet } from '../../../src/main/mcp/tool-set';
import { tempDir } from '../../helpers/fixtures';

// The policy confines only the arguments a built-in tool declares as paths. A tool that grows a
// path argument without declaring it would let the model name any file: this walks every
// built-in tool, as the app serves it, and compares its schema with its declaration.

interface Property {
  readonly type?: string;
  readonly description?: string;
  readonly items?: { readonly type?: string };
}

const isStrings = (p: Property) => p.type === 'string' || (p.type === 'array' && p.items?.type === 'string');

/** Looks like a path by its name, or says it is one in its description. */
function looksLikePath(name: string, property: Property): boolean {
  if (!isStrings(property)) return false;
  const byName =
    /^(path|paths|file|files|dir|dirs|folder|cwd|from|to|root|target|dest|source|src)$|_(path|file|dir|folder)s?$|^(path|file|dir|folder)_/i;
  const byDescription =
    /relative to the project root|\b(file|folder)s? or (file|folder)s?\b|\bpath\b.*\bto\b.*\b(file|folder)\b/i;
  return byName.test(name) || byDescription.test(property.description ?? '');
}

const noShell: ShellExecutor = {
  run: () => Promise.reject(new Error('no command runs in this test')),
};

let set: ToolSet;
beforeAll(async () => {
  set = await openRunToolSet(tempDir(), noShell, []);
});
afterAll(async () => {
  await set.close();
});

const properties = (tool: AgentTool): Record<string, Property> =>
  ((tool.inputSchema as { properties?: Record<string, Property> }).properties ?? {}) as Record<string, Property>;

describe('built-in tool declarations', () => {
  it('cover every built-in server', () => {
    const servers = new Set(set.tools.filter((t) => t.builtIn).map((t) => t.server));
    expect([...servers].sort()).toEqual([...builtInServerNames].sort());
  });

  it('declare every path argument of every built-in tool, and only arguments the schema has', () => {
    const problems: string[] = [];
    for (const tool of set.tools.filter((t) => t.builtIn)) {
      const declared = tool.declaration;
      if (!declared) {
        problems.push(`${tool.name} has no declaration`);
        continue;
      }
      const props = properties(tool);
      for (const [name, property] of Object.entries(props))
        if (looksLikePath(name, property) && !declared.pathArgs.includes(name))
          problems.push(`${tool.name}: "${name}" is a path but not in pathArgs`);
      for (const name of declared.pathArgs) {
        const property = props[name];
        if (!property) problems.push(`${tool.name}: pathArgs names "${name}", which the schema does not have`);
        else if (!isStrings(property))
          problems.push(`${tool.name}: "${name}" is declared a path but is not a string or strings`);
      }
      const named = [declared.commandArg, declared.cwdArg, ...Object.values(declared.diff ?? {})];
      for (const name of named)
        if (name !== undefined && !props[name])
          problems.push(`${tool.name}: the declaration names "${name}", which the schema does not have`);
      if (declared.cwdArg !== undefined && !declared.pathArgs.includes(declared.cwdArg))
        problems.push(`${tool.name}: its working folder "${declared.cwdArg}" is not confined as a path`);
    }
    expect(problems).toEqual([]);
  });

  it('agree with the MCP read-only hint the tool advertises', () => {
    for (const tool of set.tools.filter((t) => t.builtIn))
      expect({ tool: tool.name, readOnly: readOnlyKinds.has(tool.declaration!.kind) }).toEqual({
        tool: tool.name,
        readOnly: tool.readOnly,
      });
  });

  it('a schema property that is a path by name or by description is recognised', () => {
    expect(looksLikePath('target', { type: 'string' })).toBe(true);
    expect(looksLikePath('where', { type: 'string', description: 'Folder, relative to the project root.' })).toBe(true);
    expect(looksLikePath('paths', { type: 'array', items: { type: 'string' } })).toBe(true);
    expect(looksLikePath('content', { type: 'string', description: 'The new content of the file.' })).toBe(false);
    expect(looksLikePath('glob', { type: 'string', description: 'Only files whose path matches this glob.' })).toBe(
      false,
    );
  });
});

describe('the policy reads the declaration', () => {
  let shell: ShellParser;
  beforeAll(async () => {
    shell = await ShellParser.load();
  });
  const ctx = (): PolicyContext => ({
    root: '/work/project',
    isWorktree: true,
    rules: [],
    allowCommands: defaultAllowCommands,
    flavour: { sep: '/', caseInsensitive: false },
    shell,
    changedFiles: new Set(),
    sandboxed: true,
    trusted: true,
    allowAll: false,
  });
  const copyTool = (declaration: ToolFacts['declaration']): ToolFacts => ({
    name: 'files__copy',
    server: 'files',
    builtIn: true,
    readOnly: false,
    openWorld: false,
    declaration,
  });

  it('confines a declared path argument whatever it is called', () => {
    const tool = copyTool({ kind: 'edit', pathArgs: ['target'] });
    const escaping = decide(tool, { target: '../../etc/passwd' }, ctx());
    expect(escaping.action).toBe('deny');
    expect(escaping.reason).toContain('outside the project');
    const inside = decide(tool, { target: 'src/a.ts' }, ctx());
    expect(inside).toMatchObject({ action: 'allow', subject: 'src/a.ts' });
  });

  it('does not guess: an undeclared argument named like a path is not read as one', () => {
    const tool = copyTool({ kind: 'edit', pathArgs: ['target'] });
    const decision = decide(tool, { target: 'a.ts', path: '/etc/passwd' }, ctx());
    expect(decision).toMatchObject({ action: 'allow', subject: 'a.ts' });
  });

  it('asks for a built-in tool that declares nothing, and never reads an external tool’s arguments as paths', () => {
    expect(decide(copyTool(undefined), { target: 'a.ts' }, ctx()).action).toBe('ask');
    const external: ToolFacts = {
      name: 'web__get',
      server: 'web',
      builtIn: false,
      readOnly: true,
      openWorld: false,
      // An external server cannot declare its way past the policy.
      declaration: { kind: 'read', pathArgs: ['path'], commandArg: 'command' },
    };
    const decision = decide(external, { path: '/etc/passwd', command: 'ls' }, ctx());
    expect(decision).toMatchObject({ action: 'ask', command: null });
  });

  it('runs the declared command argument through the shell rules', () => {
    const tool = copyTool({ kind: 'execute', pathArgs: ['in'], commandArg: 'line', cwdArg: 'in' });
    expect(decide(tool, { line: 'ls' }, ctx())).toMatchObject({ action: 'allow', command: 'ls' });
    expect(decide(tool, { line: 'cat /etc/passwd' }, ctx()).action).toBe('deny');
    expect(decide(tool, { line: 'ls', in: '../..' }, ctx()).action).toBe('deny');
  });

  it('feeds the approval card: the declared diff arguments make the diff', async () => {
    const root = tempDir();
    const tool = set.tools.find((t) => t.name === 'files__write')!;
    const renamed: AgentTool = {
      ...tool,
      declaration: { kind: 'edit', pathArgs: ['file'], diff: { path: 'file', content: 'body' } },
    };
    const decision = decide(renamed, { file: 'notes.md', body: 'hello\n' }, { ...ctx(), root, isWorktree: false });
    expect(decision.action).toBe('ask');
    const subject = await approvalSubject(root, renamed, { file: 'notes.md', body: 'hello\n' }, decision);
    expect(subject).toMatchObject({ kind: 'diff', path: 'notes.md' });
    expect(subject.kind === 'diff' && subject.diff).toContain('+hello');
  });

  it('tells the approval card what a call without a diff does, and to which paths', async () => {
    const root = tempDir();
    const move = set.tools.find((t) => t.name === 'files__move')!;
    const args = { from: 'a.md', to: 'docs/a.md' };
    const decision = decide(move, args, { ...ctx(), root, isWorktree: false });
    expect(decision).toMatchObject({ action: 'ask', subject: 'a.md → docs/a.md' });
    expect(await approvalSubject(root, move, args, decision)).toMatchObject({
      kind: 'call',
      action: 'move',
      paths: ['a.md', 'docs/a.md'],
    });
  });
});
