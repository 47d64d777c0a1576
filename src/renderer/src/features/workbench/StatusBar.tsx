import { GitBranch, Loader, Moon, Sun, Wifi, WifiOff } from 'lucide-react';
import { useApp } from '../../stores/app';
import { AgentStatusItem } from '../agent';
import { OfflineBadge } from '../models';
import { useProjects } from '../../stores/projects';
import { useSettings } from '../../stores/settings';
import { useWorkspace } from '../../stores/workspace';
import { TrustStatusItem } from './TrustStatusItem';

/** The bottom strip: where you are (folder, branch), how you are connected, and the theme. */
export function StatusBar() {
  const project = useProjects((s) => s.current);
  const index = useWorkspace((s) => s.index);
  const info = useApp((s) => s.info);
  const connection = useApp((s) => s.connection);
  const theme = useSettings((s) => s.settings.theme);
  const update = useSettings((s) => s.update);
  const isDark = document.documentElement.classList.contains('dark');

  return (
    <footer
      role="status"
      aria-label="Status bar"
      data-testid="status-bar"
      className="flex h-6 shrink-0 items-center gap-3 bg-wb-status px-2 text-[12px] text-wb-status-fg"
    >
      <TrustStatusItem />
      {project ? (
        <>
          <span title={project.path}>{project.name}</span>
          {project.isGitRepo && (
            <span className="flex items-center gap-1" title="Current branch">
              <GitBranch size={12} /> {project.branch ?? 'detached'}
            </span>
          )}
          {!project.isGitRepo && <span className="opacity-80">not a git repository</span>}
        </>
      ) : (
        <span className="opacity-80">No folder open</span>
      )}
      {index?.state === 'building' && (
        <span className="flex items-center gap-1" title="Building the search index" data-testid="index-progress">
          <Loader size={12} className="animate-spin" /> Indexing {index.indexedFiles}/{index.totalFiles || '…'}
        </span>
      )}
      <span className="ml-auto" />
      {project?.isGitRepo && <AgentStatusItem />}
      <OfflineBadge />
      {info?.host === 'browser' && (
        <span
          className="flex items-center gap-1"
          title={connection === 'open' ? 'Connected to Weft' : 'Reconnecting to Weft…'}
        >
          {connection === 'open' ? <Wifi size={12} /> : <WifiOff size={12} />}
          {connection === 'open' ? 'Browser mode' : 'Reconnecting…'}
        </span>
      )}
      <button
        type="button"
        title={`Theme: ${theme}. Click to switch.`}
        aria-label="Switch color theme"
        className="flex items-center"
        onClick={() => void update({ theme: isDark ? 'light' : 'dark' })}
      >
        {isDark ? <Moon size={12} /> : <Sun size={12} />}
      </button>
      {info && <span className="opacity-80">Weft {info.version}</span>}
    </footer>
  );
}
