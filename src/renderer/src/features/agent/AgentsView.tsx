import { RefreshCw } from 'lucide-react';
import { useEffect } from 'react';
import { EmptyState } from '../../components/ui/EmptyState';
import { useAgent } from './state/agent';
import { useProjects } from '../../stores/projects';
import { NewRunForm } from './NewRunForm';
import { AuditList, RulesPanel } from './PolicyPanel';
import { RunList } from './RunList';
import { Section } from './ui';

/** Keeps the agent store's run list on the open project. */
export function useAgentRuns(): void {
  const projectId = useProjects((s) => s.current?.id ?? null);
  useEffect(() => {
    if (useAgent.getState().projectId !== projectId) void useAgent.getState().loadRuns(projectId);
  }, [projectId]);
}

/** The Agents side view: start a run, the project's runs, and the approval policy. */
export function AgentsView() {
  const project = useProjects((s) => s.current);
  useAgentRuns();

  if (!project) return <EmptyState title="No folder opened">Open a folder to run an agent on it.</EmptyState>;
  if (!project.isGitRepo)
    return (
      <EmptyState title="Not a git repository">
        Agents work on their own branch in a separate worktree, so the project must be a git repository. Initialize one
        with the command “Initialize Repository”.
      </EmptyState>
    );
  return (
    <div className="flex h-full flex-col overflow-auto" data-testid="agents-view">
      <Section title="New run">
        <NewRunForm projectId={project.id} />
      </Section>
      <Section
        title="Runs"
        actions={
          <button
            type="button"
            aria-label="Refresh runs"
            title="Refresh"
            className="text-wb-muted hover:text-wb-fg"
            onClick={() => void useAgent.getState().loadRuns(project.id)}
          >
            <RefreshCw size={12} />
          </button>
        }
      >
        <RunList />
      </Section>
      <Section title="Approval rules" defaultOpen={false}>
        <RulesPanel projectId={project.id} />
      </Section>
      <Section title="Audit" defaultOpen={false}>
        <AuditList projectId={project.id} />
      </Section>
    </div>
  );
}
