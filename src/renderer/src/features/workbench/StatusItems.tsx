import { GitBranch, Loader, Moon, Sun, Wifi, WifiOff } from 'lucide-react';
import { Tooltip, TooltipGroup } from '../../components/ui/Tooltip';
import { useApp } from '../../stores/app';
import { useProjects } from '../../stores/projects';
import { useSettings } from '../../stores/settings';
import { useWorkspace } from '../../stores/workspace';

// The workbench's own status bar items; features register theirs next to these.

/** The open folder and its branch. */
export function ProjectStatusItem() {
  const project = useProjects((s) => s.current);
  if (!project) return <span className="opacity-80">No folder open</span>;
  return (
    <>
      <span title={project.path}>{project.name}</span>
      {project.isGitRepo && (
        <span className="flex items-center gap-1" title="Current branch">
          <GitBranch size={12} /> {project.branch ?? 'detached'}
        </span>
      )}
      {!project.isGitRepo && <span className="opacity-80">not a git repository</span>}
    </>
  );
}

/** How far the search index has got while it builds. */
export function IndexStatusItem() {
  const index = useWorkspace((s) => s.index);
  if (index?.state !== 'building') return null;
  return (
    <span className="flex items-center gap-1" title="Building the search index" data-testid="index-progress">
      <Loader size={12} className="animate-spin" /> Indexing {index.indexedFiles}/{index.totalFiles || '…'}
    </span>
  );
}

/** In browser mode: whether the page is connected to Weft. */
export function ConnectionStatusItem() {
  const host = useApp((s) => s.info?.host);
  const connection = useApp((s) => s.connection);
  if (host !== 'browser') return null;
  return (
    <span
      className="flex items-center gap-1"
      title={connection === 'open' ? 'Connected to Weft' : 'Reconnecting to Weft…'}
    >
      {connection === 'open' ? <Wifi size={12} /> : <WifiOff size={12} />}
      {connection === 'open' ? 'Browser mode' : 'Reconnecting…'}
    </span>
  );
}

/** Switches between light and dark. */
export function ThemeStatusItem() {
  const theme = useSettings((s) => s.settings.theme);
  const update = useSettings((s) => s.update);
  const isDark = document.documentElement.classList.contains('dark');
  return (
    <TooltipGroup>
      <Tooltip label={`Theme: ${theme}. Click to switch.`} side="top">
        <button
          type="button"
          aria-label="Switch color theme"
          className="flex items-center"
          onClick={() => void update({ theme: isDark ? 'light' : 'dark' })}
        >
          {isDark ? <Moon size={12} /> : <Sun size={12} />}
        </button>
      </Tooltip>
    </TooltipGroup>
  );
}

export function VersionStatusItem() {
  const version = useApp((s) => s.info?.version);
  return version ? <span className="opacity-80">Weft {version}</span> : null;
}
