import { api } from '../../lib/api';
import { useApp } from '../../stores/app';
import { useEditor } from '../../stores/editor';
import { useNotices } from '../../stores/notifications';
import { useWorkspace } from '../../stores/workspace';
import { openDiff, openFile } from '../editor';
import { newTerminal } from '../terminal';
import type { MenuItem } from './ContextMenu';

const parentOf = (path: string) => path.split('/').slice(0, -1).join('/');
const join = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);

/** Create, rename, delete and reveal, with the prompts and confirmations a person expects. */
export function useTreeActions() {
  const canReveal = useApp((s) => s.info?.capabilities.revealInOs ?? false);
  const host = useApp((s) => s.info?.host);
  const notices = useNotices();

  const run = async (work: () => Promise<unknown>, refresh: string[]) => {
    try {
      await work();
      await Promise.all([...new Set(refresh)].map((d) => useWorkspace.getState().loadDir(d)));
    } catch (error) {
      notices.error(error);
    }
  };
  const projectId = () => useWorkspace.getState().projectId!;

  const create = (dir: string, kind: 'file' | 'dir') => {
    const name = window.prompt(kind === 'file' ? 'New file name' : 'New folder name');
    if (!name) return;
    const path = join(dir, name);
    void run(async () => {
      await api.files.create({ projectId: projectId(), path, kind });
      if (dir !== '' && !useWorkspace.getState().expanded[dir]) await useWorkspace.getState().toggle(dir);
      if (kind === 'file') await openFile(path);
    }, [dir, parentOf(path)]);
  };

  const rename = (path: string) => {
    const name = window.prompt('Rename to', path.split('/').pop());
    if (!name || name === path.split('/').pop()) return;
    const to = join(parentOf(path), name);
    void run(() => api.files.rename({ projectId: projectId(), from: path, to }), [parentOf(path), parentOf(to)]);
  };

  const remove = (path: string) => {
    // The desktop app moves to the trash; browser mode deletes for good, so it always asks.
    const message =
      host === 'electron' ? `Move ${path} to the trash?` : `Delete ${path} permanently? Browser mode has no trash.`;
    if (!window.confirm(message)) return;
    void run(async () => {
      await api.files.delete({ projectId: projectId(), path });
      const editor = useEditor.getState();
      for (const tab of editor.tabs) if (tab.path === path || tab.path.startsWith(`${path}/`)) editor.close(tab.id);
    }, [parentOf(path)]);
  };

  const reveal = (path: string) => void run(() => api.files.reveal({ projectId: projectId(), path }), []);
  const copyPath = (path: string) => void navigator.clipboard.writeText(path).catch(notices.error);

  return {
    rename,
    remove,
    forFolder(dir: string): MenuItem[] {
      return [
        { label: 'New File…', run: () => create(dir, 'file') },
        { label: 'New Folder…', run: () => create(dir, 'dir') },
        ...(dir !== '' ? [{ label: 'Rename…', run: () => rename(dir) }] : []),
        ...(canReveal ? [{ label: 'Reveal in File Manager', run: () => reveal(dir) }] : []),
        { label: 'Open in Terminal', run: () => void newTerminal(dir === '' ? {} : { cwd: dir }).catch(notices.error) },
        { label: 'Copy Relative Path', run: () => copyPath(dir || '.') },
        { label: 'Refresh', run: () => void run(() => useWorkspace.getState().loadDir(dir), []) },
        ...(dir !== '' ? [{ label: 'Delete', run: () => remove(dir), danger: true }] : []),
      ];
    },
    forFile(path: string): MenuItem[] {
      return [
        { label: 'Open', run: () => void openFile(path).catch(notices.error) },
        {
          label: 'Open Changes',
          run: () =>
            void openDiff(path, { left: { rev: 'HEAD', label: 'HEAD' }, right: 'working' }).catch(notices.error),
        },
        { label: 'Rename…', run: () => rename(path) },
        ...(canReveal ? [{ label: 'Reveal in File Manager', run: () => reveal(path) }] : []),
        { label: 'Copy Relative Path', run: () => copyPath(path) },
        { label: 'Delete', run: () => remove(path), danger: true },
      ];
    },
  };
}
