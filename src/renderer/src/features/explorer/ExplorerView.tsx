import { FolderOpen, GitBranch } from 'lucide-react';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { useApp } from '../../stores/app';
import { useProjects } from '../../stores/projects';
import { openFolder } from '../palette/commands';
import { runCommand, useCommands } from '../palette';

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
    <div className="px-4 py-1 text-[13px]">
      <div className="truncate font-semibold uppercase" title={project.path}>
        {project.name}
      </div>
      <div className="truncate text-[12px] text-wb-muted" title={project.path}>
        {project.path}
      </div>
      {project.isGitRepo ? (
        <div className="mt-2 flex items-center gap-1 text-[12px] text-wb-muted">
          <GitBranch size={13} /> {project.branch ?? 'detached HEAD'}
        </div>
      ) : (
        <div className="mt-3 rounded-sm border border-wb-border p-2 text-[12px]">
          <p className="mb-2">This folder is not a git repository. Agents work on git branches, so Weft needs one.</p>
          {init && (
            <Button variant="primary" onClick={() => void runCommand(init)}>
              Initialize Repository
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
