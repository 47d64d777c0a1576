import { Bot, FileDiff, X } from 'lucide-react';
import { isDirty, useEditor } from '../../stores/editor';
import { useWorkflowBuilder } from '../../stores/workflow-builder';
import { WorkflowEditor } from '../workflow';
import { ReviewTab, RunTab } from '../agent';
import { DiffView } from './DiffView';
import { FileEditor } from './FileEditor';
import './monaco-setup';
import { useDarkClass } from './use-dark-class';

/** Tabs with dirty markers over the active editor or diff. */
export function EditorGroup() {
  const { tabs, active, activate, close, pin } = useEditor();
  // Workflow tabs show their unsaved state from the builder.
  useWorkflowBuilder((s) =>
    Object.values(s.docs)
      .map((d) => d.dirty)
      .join(),
  );
  const dark = useDarkClass();
  const current = tabs.find((t) => t.id === active) ?? null;
  return (
    <div className="flex h-full flex-col">
      <div role="tablist" aria-label="Open editors" className="flex h-9 shrink-0 overflow-x-auto bg-wb-side">
        {tabs.map((tab) => {
          const agent = tab.kind === 'run' || tab.kind === 'review';
          const name = tab.kind === 'workflow' ? tab.name : agent ? tab.path : (tab.path.split('/').pop() ?? tab.path);
          const selected = tab.id === active;
          return (
            <div
              key={tab.id}
              role="tab"
              aria-selected={selected}
              title={tab.path}
              data-preview={tab.kind === 'file' && tab.preview ? 'true' : undefined}
              onClick={() => activate(tab.id)}
              onDoubleClick={() => pin(tab.id)}
              onAuxClick={(e) => e.button === 1 && close(tab.id)}
              className={`group flex shrink-0 cursor-pointer items-center gap-2 border-r border-wb-border px-3 text-[13px] ${selected ? 'bg-wb-bg text-wb-fg' : 'text-wb-muted'}`}
            >
              {tab.kind === 'run' && <Bot size={13} aria-hidden className="shrink-0" />}
              {tab.kind === 'review' && <FileDiff size={13} aria-hidden className="shrink-0" />}
              <span className={tab.kind === 'diff' || (tab.kind === 'file' && tab.preview) ? 'italic' : ''}>
                {name}
                {tab.kind === 'diff' ? ' (diff)' : tab.kind === 'workflow' ? ' (workflow)' : ''}
              </span>
              <button
                type="button"
                aria-label={isDirty(tab) ? `${name} has unsaved changes; close` : `Close ${name}`}
                className="flex h-4 w-4 items-center justify-center rounded-sm hover:bg-wb-hover"
                onClick={(e) => {
                  e.stopPropagation();
                  if (isDirty(tab) && !window.confirm(`${name} has unsaved changes. Close it and lose them?`)) return;
                  close(tab.id);
                }}
              >
                {isDirty(tab) ? (
                  <span data-testid="dirty-marker" className="h-2 w-2 rounded-full bg-wb-fg group-hover:hidden" />
                ) : null}
                <X size={13} className={isDirty(tab) ? 'hidden group-hover:block' : ''} />
              </button>
            </div>
          );
        })}
      </div>
      <div className="min-h-0 flex-1">
        {current?.kind === 'file' && <FileEditor key={current.id} tab={current} dark={dark} />}
        {current?.kind === 'diff' && <DiffView key={current.id} tab={current} dark={dark} />}
        {current?.kind === 'workflow' && <WorkflowEditor key={current.id} name={current.name} />}
        {current?.kind === 'run' && <RunTab key={current.id} runId={current.runId} />}
        {current?.kind === 'review' && <ReviewTab key={current.id} tab={current} />}
      </div>
    </div>
  );
}
