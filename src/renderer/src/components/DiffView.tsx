import { DiffEditor } from '@monaco-editor/react';
import { useLayoutEffect, useRef } from 'react';
import { useSettings } from '../stores/settings';
import { languageFor, type monaco } from './monaco-setup';
import { useDarkClass } from './use-dark-class';

/** The two texts a diff compares, with what each side is called. */
export interface DiffContent {
  readonly path: string;
  readonly leftLabel: string;
  readonly rightLabel: string;
  readonly original: string;
  readonly modified: string;
}

/**
 * @monaco-editor/react 4.7 disposes a diff editor's models before the editor, which Monaco
 * reports as "TextModel got disposed before DiffEditorWidget model got reset" on every unmount
 * (monaco-react#647). The models are kept from the library and released here, after detaching
 * them: a layout-effect cleanup runs before the library's own passive one, while the widget lives.
 */
function useDiffEditorTeardown() {
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  useLayoutEffect(
    () => () => {
      const widget = editor.current;
      const model = widget?.getModel();
      widget?.setModel(null);
      model?.original.dispose();
      model?.modified.dispose();
    },
    [],
  );
  return (mounted: monaco.editor.IStandaloneDiffEditor) => {
    editor.current = mounted;
  };
}

/** Monaco's side-by-side diff; the same view reviews agent changes later. */
export function DiffView({
  diff,
  inlineBelowPx = 900,
}: {
  diff: DiffContent;
  /** Narrower than this, the diff shows inline (Monaco's default is 900 px). */
  inlineBelowPx?: number;
}) {
  const fontSize = useSettings((s) => s.settings.editor.fontSize);
  const onMount = useDiffEditorTeardown();
  const dark = useDarkClass();
  return (
    <div className="flex h-full flex-col" data-testid="diff-view">
      <div className="shrink-0 border-b border-wb-border px-3 py-1 text-[12px] text-wb-muted">
        {diff.path}: {diff.leftLabel} ↔ {diff.rightLabel}
      </div>
      <div className="min-h-0 flex-1">
        <DiffEditor
          original={diff.original}
          modified={diff.modified}
          language={languageFor(diff.path)}
          theme={dark ? 'vs-dark' : 'vs'}
          keepCurrentOriginalModel
          keepCurrentModifiedModel
          onMount={onMount}
          options={{
            readOnly: true,
            fontSize,
            automaticLayout: true,
            renderSideBySide: true,
            renderSideBySideInlineBreakpoint: inlineBelowPx,
          }}
        />
      </div>
    </div>
  );
}
