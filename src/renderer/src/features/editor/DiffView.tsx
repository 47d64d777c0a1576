import { DiffEditor } from '@monaco-editor/react';
import { useSettings } from '../../stores/settings';
import type { DiffTab } from '../../stores/editor';
import { languageFor } from './monaco-setup';

/** Monaco's side-by-side diff; the same view reviews agent changes later. */
export function DiffView({ tab, dark }: { tab: DiffTab; dark: boolean }) {
  const fontSize = useSettings((s) => s.settings.editor.fontSize);
  const right = tab.spec.right === 'working' ? 'working tree' : tab.spec.right.label;
  return (
    <div className="flex h-full flex-col" data-testid="diff-view">
      <div className="shrink-0 border-b border-wb-border px-3 py-1 text-[12px] text-wb-muted">
        {tab.path}: {tab.spec.left.label} ↔ {right}
      </div>
      <div className="min-h-0 flex-1">
        <DiffEditor
          original={tab.original}
          modified={tab.modified}
          language={languageFor(tab.path)}
          theme={dark ? 'vs-dark' : 'vs'}
          options={{ readOnly: true, fontSize, automaticLayout: true, renderSideBySide: true }}
        />
      </div>
    </div>
  );
}
