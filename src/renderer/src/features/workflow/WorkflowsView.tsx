import { AlertTriangle, Plus, Trash2, Workflow } from 'lucide-react';
import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/ui/EmptyState';
import { Button } from '../../components/ui/Button';
import { useEditor } from '../../stores/editor';
import { openWorkflow } from './contribution';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { useWorkflowBuilder } from './state/workflow-builder';
import { useWorkflows } from './state/workflows';
import { inputClass } from './FieldInput';
import { blankDefinition } from './model';

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Makes a workflow file from a template (or blank) and opens it. */
function NewWorkflowForm({ projectId, onDone }: { projectId: string; onDone(): void }) {
  const templates = useWorkflows((s) => s.templates);
  const existing = useWorkflows((s) => s.list);
  const [template, setTemplate] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void useWorkflows.getState().loadTemplates().catch(useNotices.getState().error);
  }, []);
  const chosen = templates.find((t) => t.id === template);
  const problem =
    name === ''
      ? null
      : !NAME.test(name)
        ? 'Use lowercase letters, digits, - and _.'
        : existing.some((w) => w.name === name)
          ? 'A workflow with this name exists.'
          : null;
  const create = async () => {
    const fileName = name || chosen?.name || 'workflow';
    if (!NAME.test(fileName) || existing.some((w) => w.name === fileName)) return;
    setBusy(true);
    try {
      await useWorkflows.getState().create(projectId, fileName, chosen ? chosen.definition : blankDefinition(fileName));
      openWorkflow(fileName);
      onDone();
    } catch (error) {
      useNotices.getState().error(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      aria-label="New workflow"
      className="flex flex-col gap-2 border-b border-wb-border p-3"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <label className="flex flex-col gap-1 text-[11px] text-wb-muted">
        Start from
        <select
          aria-label="Start from"
          value={template}
          onChange={(e) => setTemplate(e.target.value)}
          className={inputClass}
        >
          <option value="">Blank workflow</option>
          {(['starter', 'global'] as const).map((source) => {
            const group = templates.filter((t) => t.source === source);
            if (group.length === 0) return null;
            return (
              <optgroup key={source} label={source === 'starter' ? 'Starters' : 'Your templates'}>
                {group.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
              </optgroup>
            );
          })}
        </select>
      </label>
      {chosen && <div className="text-[11px] text-wb-muted">{chosen.description}</div>}
      <label className="flex flex-col gap-1 text-[11px] text-wb-muted">
        File name
        <input
          aria-label="Workflow name"
          autoFocus
          value={name}
          placeholder={chosen?.name ?? 'my-workflow'}
          onChange={(e) => setName(e.target.value)}
          className={`${inputClass} font-mono`}
        />
      </label>
      {problem && <div className="text-[11px] text-wb-danger">{problem}</div>}
      <div className="flex gap-2">
        <Button variant="primary" type="submit" disabled={busy || problem !== null}>
          Create
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}

/** The Workflows side view: the project's `.weft/workflows` files and New. */
export function WorkflowsView() {
  const projectId = useProjects((s) => s.current?.id ?? null);
  const list = useWorkflows((s) => s.list);
  const loading = useWorkflows((s) => s.loading);
  const active = useEditor((s) => s.active);
  const adding = useWorkflows((s) => s.creating);
  const setAdding = useWorkflows((s) => s.setCreating);

  useEffect(() => {
    if (projectId) void useWorkflows.getState().load(projectId).catch(useNotices.getState().error);
  }, [projectId]);

  if (!projectId) return <EmptyState title="No folder open">Open a repository to see its workflows.</EmptyState>;
  const remove = async (name: string) => {
    if (!window.confirm(`Delete the workflow ${name} (.weft/workflows/${name}.json)?`)) return;
    try {
      await useWorkflows.getState().remove(projectId, name);
      useEditor.getState().close(`workflow:${name}`);
      useWorkflowBuilder.getState().close(name);
    } catch (error) {
      useNotices.getState().error(error);
    }
  };
  return (
    <div className="flex h-full flex-col">
      <div className="flex items-center justify-end px-2 pb-1">
        <Button variant="ghost" onClick={() => setAdding(true)} aria-label="New workflow">
          <Plus size={14} /> New
        </Button>
      </div>
      {adding && <NewWorkflowForm projectId={projectId} onDone={() => setAdding(false)} />}
      {list.length === 0 && !adding ? (
        <EmptyState title={loading ? 'Loading…' : 'No workflows yet'}>
          Workflows are JSON files in <code className="font-mono">.weft/workflows/</code>, reviewed and shared through
          git. Press New to draw one or start from a template.
        </EmptyState>
      ) : (
        <ul aria-label="Workflows" className="min-h-0 flex-1 overflow-y-auto">
          {list.map((w) => (
            <li key={w.name} aria-label={w.name} className="group flex items-center">
              <button
                type="button"
                onClick={() => openWorkflow(w.name)}
                className={`flex min-w-0 flex-1 items-center gap-2 px-4 py-1 text-left ${active === `workflow:${w.name}` ? 'bg-wb-hover' : 'hover:bg-wb-hover'}`}
                title={w.description ?? w.path}
              >
                <Workflow size={14} className="shrink-0 text-wb-muted" aria-hidden />
                <span className="min-w-0 flex-1">
                  <span className="block truncate">{w.title ?? w.name}</span>
                  <span className="block truncate font-mono text-[10px] text-wb-muted">
                    {w.name} · {w.nodeCount} step{w.nodeCount === 1 ? '' : 's'}
                  </span>
                </span>
                {w.issueCount > 0 && (
                  <span className="flex items-center gap-0.5 text-[11px] text-wb-danger" title="Draft with problems">
                    <AlertTriangle size={12} aria-hidden /> {w.issueCount}
                  </span>
                )}
              </button>
              <button
                type="button"
                aria-label={`Delete ${w.name}`}
                className="invisible px-2 text-wb-muted group-hover:visible hover:text-wb-danger"
                onClick={() => void remove(w.name)}
              >
                <Trash2 size={13} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
