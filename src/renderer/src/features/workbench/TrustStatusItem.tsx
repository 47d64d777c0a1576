import { ShieldAlert } from 'lucide-react';
import { useProjects } from '../../stores/projects';

/** Shown while the open folder is not trusted; opens the trust question again. */
export function TrustStatusItem() {
  const untrusted = useProjects((s) => s.current !== null && !s.current.trusted);
  if (!untrusted) return null;
  return (
    <button
      type="button"
      data-testid="restricted-mode"
      aria-label="Restricted mode: the repository's own code does not run. Manage folder trust"
      title="Restricted mode: hooks, project MCP servers, setup and check commands and workflows do not run, and agents ask before every command. Click to manage folder trust."
      // A darker backing than the bar keeps white 12px text above 4.5:1 in both themes.
      className="flex items-center gap-1 rounded-sm bg-black/25 px-1.5 font-medium"
      onClick={() => useProjects.getState().manageTrust()}
    >
      <ShieldAlert size={12} aria-hidden /> Restricted
    </button>
  );
}
