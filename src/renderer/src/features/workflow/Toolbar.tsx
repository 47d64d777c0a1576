import {
  BookmarkPlus,
  ChevronRight,
  Download,
  LayoutGrid,
  Maximize,
  Play,
  Redo2,
  Save,
  Undo2,
  Upload,
} from 'lucide-react';
import { useRef, type ReactNode } from 'react';
import { api } from '../../lib/api';
import { useNotices } from '../../stores/notifications';
import { useWorkflows } from './state/workflows';
import { useWorkflowBuilder } from './state/workflow-builder';
import { normalize } from './model';
import { saveWorkflow } from './workflow-actions';

function ToolButton({
  label,
  onClick,
  disabled,
  children,
  title,
}: {
  label: string;
  onClick(): void;
  disabled?: boolean;
  children: ReactNode;
  title?: string;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={title ?? label}
      disabled={disabled}
      onClick={onClick}
      className="flex h-7 items-center gap-1 rounded-sm px-2 text-[12px] text-wb-fg hover:bg-wb-hover disabled:opacity-40"
    >
      {children}
    </button>
  );
}

/** Breadcrumb of the level shown, and the builder's commands. */
export function Toolbar({
  name,
  projectId,
  onRun,
  onFit,
}: {
  name: string;
  projectId: string;
  onRun(): void;
  onFit(): void;
}) {
  const doc = useWorkflowBuilder((s) => s.docs[name]!);
  const s = useWorkflowBuilder.getState;
  const fileInput = useRef<HTMLInputElement>(null);
  const problems = doc.issues.length;

  const exportJson = () => {
    const blob = new Blob([`${JSON.stringify(s().current(name), null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const saveAsTemplate = async () => {
    try {
      const saved = await api.workflow.saveTemplate({ name, definition: s().current(name) });
      useWorkflows.setState((w) => ({ templates: [...w.templates.filter((t) => t.id !== saved.id), saved] }));
      useNotices
        .getState()
        .push('info', 'Saved as a template', `“${saved.title}” is offered under New in every project.`);
    } catch (error) {
      useNotices.getState().error(error);
    }
  };
  const importJson = async (file: File) => {
    try {
      const value = JSON.parse(await file.text()) as unknown;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
      s().replace(name, normalize(value as Record<string, unknown>));
    } catch {
      useNotices.getState().push('error', 'Not a workflow', `${file.name} is not a workflow JSON file.`);
    }
  };

  return (
    <div
      role="toolbar"
      aria-label="Workflow"
      className="flex h-9 shrink-0 items-center gap-1 border-b border-wb-border bg-wb-side px-2"
    >
      <nav aria-label="Level" className="flex min-w-0 items-center gap-0.5 text-[12px]">
        <button
          type="button"
          className="truncate rounded-sm px-1 font-medium hover:bg-wb-hover"
          onClick={() => s().exit(name, 0)}
        >
          {name}
        </button>
        {doc.level.map((id, i) => (
          <span key={id} className="flex items-center gap-0.5">
            <ChevronRight size={12} className="text-wb-muted" />
            <button
              type="button"
              className="rounded-sm px-1 font-mono hover:bg-wb-hover"
              onClick={() => s().exit(name, i + 1)}
            >
              {id}
            </button>
          </span>
        ))}
        {doc.dirty && (
          <span
            role="img"
            className="ml-1 h-2 w-2 rounded-full bg-wb-fg"
            title="Unsaved changes"
            aria-label="Unsaved changes"
          />
        )}
      </nav>
      <div className="ml-3 flex items-center gap-0.5">
        <ToolButton label="Save" title="Save (Ctrl+S)" onClick={() => void saveWorkflow(projectId, name)}>
          <Save size={14} />
        </ToolButton>
        <ToolButton
          label="Undo"
          title="Undo (Ctrl+Z)"
          disabled={doc.history.past.length === 0}
          onClick={() => s().undo(name)}
        >
          <Undo2 size={14} />
        </ToolButton>
        <ToolButton
          label="Redo"
          title="Redo (Ctrl+Y)"
          disabled={doc.history.future.length === 0}
          onClick={() => s().redo(name)}
        >
          <Redo2 size={14} />
        </ToolButton>
        <ToolButton label="Arrange automatically" onClick={() => s().layout(name)} disabled={doc.nodes.length === 0}>
          <LayoutGrid size={14} />
        </ToolButton>
        <ToolButton label="Fit to view" onClick={onFit}>
          <Maximize size={14} />
        </ToolButton>
        <ToolButton label="Import JSON" onClick={() => fileInput.current?.click()}>
          <Upload size={14} />
        </ToolButton>
        <ToolButton label="Export JSON" onClick={exportJson}>
          <Download size={14} />
        </ToolButton>
        <ToolButton
          label="Save as template"
          title="Save as a template for every project"
          onClick={() => void saveAsTemplate()}
        >
          <BookmarkPlus size={14} />
        </ToolButton>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="hidden"
          aria-hidden
          tabIndex={-1}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importJson(file);
            e.target.value = '';
          }}
        />
      </div>
      <div className="ml-auto flex items-center gap-2">
        {problems > 0 && (
          <span className="text-[11px] text-wb-danger">
            {problems} problem{problems === 1 ? '' : 's'}: drafts can be saved, not run
          </span>
        )}
        <button
          type="button"
          onClick={onRun}
          disabled={problems > 0}
          title={problems > 0 ? 'Fix the problems to run this workflow' : 'Save and run'}
          className="flex h-7 items-center gap-1 rounded-sm bg-green-700 px-3 text-[12px] text-white hover:brightness-110 disabled:opacity-40"
        >
          <Play size={13} /> Run
        </button>
      </div>
    </div>
  );
}
