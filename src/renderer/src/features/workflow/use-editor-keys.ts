import { useEffect } from 'react';
import { useWorkflowBuilder } from './state/workflow-builder';

const editable = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('.xterm') !== null);

/**
 * The builder's keys while its tab is showing: Delete, Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z),
 * Ctrl+C / Ctrl+X / Ctrl+V, Ctrl+A. Typing in a field keeps the field's own meaning of them.
 * Ctrl+S is the workbench's Save command, which saves the active workflow tab.
 */
export function useEditorKeys(name: string): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || editable(e.target)) return;
      // Only keys aimed at the page or the builder: not at a dialog or the palette of commands.
      if (
        e.target instanceof Element &&
        e.target !== document.body &&
        !e.target.closest('[data-testid="workflow-editor"]')
      )
        return;
      const s = useWorkflowBuilder.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let handled = true;
      if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) s.deleteSelection(name);
      else if (mod && key === 'z' && !e.shiftKey) s.undo(name);
      else if (mod && (key === 'y' || (key === 'z' && e.shiftKey))) s.redo(name);
      else if (mod && key === 'c') handled = s.copy(name);
      else if (mod && key === 'x') s.cut(name);
      else if (mod && key === 'v') s.paste(name);
      else if (mod && key === 'a') s.selectAll(name);
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [name]);
}
