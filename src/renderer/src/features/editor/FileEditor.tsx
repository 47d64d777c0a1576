import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import { Button } from '../../components/ui/Button';
import { useDarkClass } from '../../components/use-dark-class';
import { useEditor } from '../../stores/editor';
import { useNotices } from '../../stores/notifications';
import { useSettings } from '../../stores/settings';
import { languageFor, type monaco } from '../../components/monaco-setup';
import { editFile as edit, resolveConflict } from './state/files';
import type { FileTab, Reveal } from './state/tabs';

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** Shows the line in the middle and selects the match; columns come from the line itself,
 *  since a search preview may start part-way into a long line. */
function revealIn(editor: monaco.editor.IStandaloneCodeEditor, reveal: Reveal): boolean {
  const model = editor.getModel();
  if (!model) return false;
  const line = Math.min(Math.max(1, reveal.line), model.getLineCount());
  let range = { startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: 1 };
  if (reveal.match) {
    const at = model.getLineContent(line).indexOf(reveal.match.text.replace(/\r$/, ''));
    if (at >= 0) {
      range = { ...range, startColumn: at + reveal.match.start + 1, endColumn: at + reveal.match.end + 1 };
    }
  }
  editor.setSelection(range);
  editor.revealRangeInCenter(range);
  // A tab that just opened may still be taking its size (seen under load): centre again once it has.
  const again = editor.onDidLayoutChange(() => {
    again.dispose();
    editor.revealRangeInCenter(range);
  });
  setTimeout(() => again.dispose(), 1000);
  editor.focus();
  return true;
}

/** One file in Monaco: edits go to the store, notices explain read-only and conflicts. */
export function FileEditor({ tab }: { tab: FileTab }) {
  const dark = useDarkClass();
  const fontSize = useSettings((s) => s.settings.editor.fontSize);
  const wordWrap = useSettings((s) => s.settings.editor.wordWrap);
  const notices = useNotices();
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);

  // Monaco mounts asynchronously: a reveal asked for before then waits in the tab, and is done
  // by whichever comes second, the mount or the request.
  const applyReveal = (editor: monaco.editor.IStandaloneCodeEditor) => {
    const current = useEditor.getState().tabs.find((t) => t.id === tab.id);
    if (current?.kind !== 'file' || !current.reveal || !revealIn(editor, current.reveal)) return;
    useEditor.setState((s) => ({ tabs: s.tabs.map((t) => (t.id === tab.id ? { ...t, reveal: null } : t)) }));
  };

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    editor.focus();
    applyReveal(editor);
  };

  useEffect(() => {
    if (editorRef.current && tab.reveal) applyReveal(editorRef.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- applyReveal reads the store
  }, [tab.reveal, tab.id]);

  if (tab.file.kind === 'binary') {
    return (
      <div className="flex h-full items-center justify-center text-wb-muted" data-testid="binary-notice">
        {tab.path} is a binary file ({formatBytes(tab.file.size)}) and is not shown as text.
      </div>
    );
  }

  return (
    <div className="flex h-full flex-col">
      {tab.file.readOnly && (
        <div role="note" className="shrink-0 border-b border-wb-border bg-wb-side px-3 py-1 text-[12px]">
          This file is {formatBytes(tab.file.size)}, over the 5 MB editing limit: the first 5 MB are shown read-only.
        </div>
      )}
      {tab.file.encoding.name !== 'utf8' && (
        <div role="note" className="shrink-0 border-b border-wb-border bg-wb-side px-3 py-1 text-[12px] text-wb-muted">
          Encoding: {tab.file.encoding.name}
          {tab.file.encoding.bom ? ' with BOM' : ''} — saved in the same encoding.
        </div>
      )}
      {tab.conflict && (
        <div
          role="alert"
          className="flex shrink-0 items-center gap-2 border-b border-wb-border bg-wb-side px-3 py-1.5 text-[12px]"
        >
          <span className="flex-1">
            <strong>{tab.path}</strong> changed on disk while you had unsaved edits.
          </span>
          <Button onClick={() => void resolveConflict(tab.id, 'compare').catch(notices.error)}>Compare</Button>
          <Button onClick={() => void resolveConflict(tab.id, 'reload').catch(notices.error)}>Reload from disk</Button>
          <Button variant="primary" onClick={() => void resolveConflict(tab.id, 'keep').catch(notices.error)}>
            Keep mine
          </Button>
        </div>
      )}
      <div className="min-h-0 flex-1" data-testid="editor">
        <Editor
          path={tab.path}
          defaultValue={tab.file.content}
          value={tab.text}
          language={languageFor(tab.path)}
          theme={dark ? 'vs-dark' : 'vs'}
          onMount={onMount}
          onChange={(value) => edit(tab.id, value ?? '')}
          options={{
            readOnly: tab.file.readOnly,
            fontSize,
            wordWrap: wordWrap ? 'on' : 'off',
            minimap: { enabled: true },
            automaticLayout: true,
            scrollBeyondLastLine: false,
          }}
        />
      </div>
    </div>
  );
}
