import { useEffect } from 'react';
import { api } from '../../lib/api';
import { useEditor } from '../../stores/editor';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { useWorkspace } from '../../stores/workspace';

/** When the open project changes: fresh tree, git status and search index; no stale tabs. */
export function useProjectSession(): void {
  const projectId = useProjects((s) => s.current?.id ?? null);
  const isGitRepo = useProjects((s) => s.current?.isGitRepo ?? false);
  useEffect(() => {
    const workspace = useWorkspace.getState();
    if (workspace.projectId !== projectId) {
      workspace.reset(projectId);
      useEditor.getState().closeAll();
    }
    if (!projectId) return;
    const notices = useNotices.getState();
    void workspace.loadDir('').catch(notices.error);
    void workspace.refreshStatus().catch(notices.error);
    void api.search
      .status({ projectId })
      .then((index) => useWorkspace.setState({ index }))
      .catch(notices.error);
  }, [projectId, isGitRepo]);
}
