import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkflowDocument, WorkflowSummary, WorkflowTemplate } from '../../src/shared/domain/workflow';
import { call, ok, openProject, testBackend } from '../helpers/backend';
import { makeRepo, tempDir } from '../helpers/fixtures';

const shellOnly = {
  version: 1,
  name: 'Hello',
  nodes: [
    { id: 'hello', kind: 'shell', command: 'echo hello' },
    { id: 'bye', kind: 'shell', command: 'echo bye' },
  ],
  edges: [{ from: 'hello', to: 'bye' }],
};

describe('workflow files through the router', () => {
  it('saves a workflow into .weft/workflows as readable JSON, lists it and reads it back', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const projectId = await openProject(b, repo);
    expect(await ok(b, 'workflow.list', { projectId })).toEqual([]);

    const saved = await ok<{ issues: unknown[]; path: string }>(b, 'workflow.save', {
      projectId,
      name: 'hello',
      definition: shellOnly,
      create: true,
    });
    expect(saved.issues).toEqual([]);
    expect(saved.path).toBe('.weft/workflows/hello.json');
    const text = readFileSync(join(repo, '.weft/workflows/hello.json'), 'utf8');
    expect(text).toContain('\n  "nodes": [');
    expect(JSON.parse(text)).toEqual(shellOnly);

    const list = await ok<WorkflowSummary[]>(b, 'workflow.list', { projectId });
    expect(list).toEqual([expect.objectContaining({ name: 'hello', title: 'Hello', nodeCount: 2, issueCount: 0 })]);
    const doc = await ok<WorkflowDocument>(b, 'workflow.get', { projectId, name: 'hello' });
    expect(doc.definition).toEqual(shellOnly);
    expect(doc.issues).toEqual([]);

    // A second "create" with the same name does not overwrite.
    const again = await call(b, 'workflow.save', { projectId, name: 'hello', definition: shellOnly, create: true });
    expect(again.ok ? null : again.error.code).toBe('already_exists');
  });

  it('saves a draft with problems, pinned to their nodes', async () => {
    const b = testBackend();
    const projectId = await openProject(b, makeRepo());
    const draft = {
      version: 1,
      nodes: [
        { id: 'a', kind: 'shell', command: 'echo {{nodes.b.output}}' },
        { id: 'b', kind: 'llm', prompt: 'hi', model: { providerId: 'nowhere', model: 'x' } },
        { id: 'c', kind: 'teleport' },
      ],
      edges: [{ from: 'a', to: 'b' }],
    };
    const saved = await ok<{ issues: { node: string | null; message: string }[] }>(b, 'workflow.save', {
      projectId,
      name: 'draft',
      definition: draft,
    });
    expect(saved.issues).toEqual([expect.objectContaining({ node: 'c', field: 'kind' })]);
    // Once the unknown kind is gone, the graph problems show, each on its node.
    const fixed = { ...draft, nodes: draft.nodes.slice(0, 2) };
    const { issues } = await ok<{ issues: { node: string | null; message: string }[] }>(b, 'workflow.validate', {
      projectId,
      name: 'draft',
      definition: fixed,
    });
    expect(issues.map((i) => i.node).sort()).toEqual(['a', 'b']);
    expect(issues.find((i) => i.node === 'a')?.message).toMatch(/does not run before/);
    expect(issues.find((i) => i.node === 'b')?.message).toMatch(/no model provider "nowhere"/);

    const list = await ok<WorkflowSummary[]>(b, 'workflow.list', { projectId });
    expect(list[0]).toMatchObject({ name: 'draft', issueCount: 1 });
  });

  it('answers workflow_not_found, refuses bad names, and keeps files inside the project', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const projectId = await openProject(b, repo);
    const missing = await call(b, 'workflow.get', { projectId, name: 'nope' });
    expect(missing.ok ? null : missing.error.code).toBe('workflow_not_found');
    const removeMissing = await call(b, 'workflow.remove', { projectId, name: 'nope' });
    expect(removeMissing.ok ? null : removeMissing.error.code).toBe('workflow_not_found');
    for (const name of ['../escape', 'a/b', 'UPPER', '.hidden', '']) {
      const reply = await call(b, 'workflow.save', { projectId, name, definition: shellOnly });
      expect(reply.ok ? null : reply.error.code).toBe('invalid_input');
    }
    // A .weft that links out of the repository is refused.
    const outside = tempDir('weft-outside-');
    symlinkSync(outside, join(repo, '.weft'));
    const linked = await call(b, 'workflow.save', { projectId, name: 'x', definition: shellOnly });
    expect(linked.ok ? null : linked.error.code).toBe('path_outside_project');
  });

  it('reports a file that is not JSON and does not overwrite a file changed on disk', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const projectId = await openProject(b, repo);
    mkdirSync(join(repo, '.weft/workflows'), { recursive: true });
    writeFileSync(join(repo, '.weft/workflows/broken.json'), '{ "version": 1, ');
    const list = await ok<WorkflowSummary[]>(b, 'workflow.list', { projectId });
    expect(list).toEqual([expect.objectContaining({ name: 'broken', issueCount: 1 })]);
    const got = await call(b, 'workflow.get', { projectId, name: 'broken' });
    expect(got.ok ? null : got.error).toMatchObject({ code: 'workflow_invalid', message: /not valid JSON/ });

    const { mtimeMs } = await ok<{ mtimeMs: number }>(b, 'workflow.save', {
      projectId,
      name: 'hello',
      definition: shellOnly,
    });
    writeFileSync(join(repo, '.weft/workflows/hello.json'), JSON.stringify({ ...shellOnly, name: 'Changed' }));
    const stale = await call(b, 'workflow.save', {
      projectId,
      name: 'hello',
      definition: shellOnly,
      expectedMtimeMs: mtimeMs - 10_000,
    });
    expect(stale.ok ? null : stale.error.code).toBe('file_changed_on_disk');
    expect(readFileSync(join(repo, '.weft/workflows/hello.json'), 'utf8')).toContain('Changed');

    await ok(b, 'workflow.remove', { projectId, name: 'hello' });
    const names = (await ok<WorkflowSummary[]>(b, 'workflow.list', { projectId })).map((w) => w.name);
    expect(names).toEqual(['broken']);
  });

  it('offers the four starter templates, each valid as it is', async () => {
    const b = testBackend();
    const projectId = await openProject(b, makeRepo());
    const templates = await ok<WorkflowTemplate[]>(b, 'workflow.templates');
    expect(templates.map((t) => t.title)).toEqual([
      'Implement → run tests → fix until green (max 5) → commit',
      'Review the current diff',
      'Write tests for a file',
      'Plan → parallel implement per file (map) → integrate',
    ]);
    for (const t of templates) {
      const { issues } = await ok<{ issues: unknown[] }>(b, 'workflow.validate', {
        projectId,
        definition: t.definition,
      });
      expect(issues, t.id).toEqual([]);
    }
  });
});
