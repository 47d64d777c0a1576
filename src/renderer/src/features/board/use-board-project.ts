import { useEffect } from 'react';
import { useProjects } from '../../stores/projects';
import { useBoard } from './state/board';

/** Keeps the board store on the open project (only a git repository has a board). */
export function useBoardProject(): void {
  const projectId = useProjects((s) => (s.current?.isGitRepo ? s.current.id : null));
  useEffect(() => {
    if (useBoard.getState().projectId !== projectId) void useBoard.getState().load(projectId);
  }, [projectId]);
}
