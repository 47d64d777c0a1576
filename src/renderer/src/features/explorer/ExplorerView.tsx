import { FolderOpen, GitBranch } from 'lucide-react';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { useApp } from '../../stores/app';
import { useProjects } from '../../stores/projects';
import { runCommand, useCommands } from '../../lib/contributions';
import { openFolder } from '../welcome';
import { FileTree } from './FileTree';

/** The explorer's header for the open folder, or what to do when none is open. */
export function ExplorerView() {
  const project = useProjects((s) => s.current);
  const canPick = useApp((s) => s.info?.capabilities.pickFolder ?? false);
  const commands = useCommands();

  if (!project) {
    return (
      <EmptyState title="No folder opened">
        <p className="mb-3">Drop a folder here or open one to start.</p>
        <Button variant="primary" onClick={() => void openFolder(canPick)}>
          <FolderOpen size={14} /> Open Folder
        </Button>
      </EmptyState>
    );
  }
  const init = commands.find((c) => c.id === 'git.init');
  return (
    <div className="flex h-full flex-col text-[13px]">
      <div className="flex shrink-0 items-center gap-2 px-4 pb-1">
        <span className="truncate font-semibold uppercase" title={project.path}>
          {project.name}
        </span>
        {project.isGitRepo && (
          <span className="flex items-center gap-1 text-[12px] text-wb-muted">
            <GitBranch size={12} /> {project.branch ?? 'detached'}
          </span>
        )}
      </div>
      {!project.isGitRepo && (
        <div className="mx-4 mb-2 rounded-sm border border-wb-border p-2 text-[12px]">
          <p className="mb-2">This folder is not a git repository. Agents work on git branches, so Weft needs one.</p>
          {init && (
            <Button variant="primary" onClick={() => void runCommand(init)}>
              Initialize Repository
            </Button>
          )}
        </div>
      )}
      <div className="min-h-0 flex-1">
        <FileTree />
      </div>
    </div>
  );
}
