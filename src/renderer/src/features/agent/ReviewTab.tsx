import { FileDiff } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { ChangedFile, FileVersions } from '../../../../shared/domain/agent';
import { EmptyState } from '../../components/ui/EmptyState';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { useAgent } from './state/agent';
import { DiffView } from '../../components/DiffView';
import { useEditor } from '../../stores/editor';
import type { ReviewTabState } from './tabs';
import { FileChangeLine } from './CheckpointCard';
import { clip } from './format';
import { ReviewActions } from './ReviewActions';
import { checkpointParents } from './timeline';
import { ErrorNote, Loading, inputClass } from './ui';

type Failure = { title: string; message: string };
type Range = { from: string | null; to: string | null };
const all: Range = { from: null, to: null };
const key = (r: Range) => `${r.from ?? 'start'}..${r.to ?? 'now'}`;

/** The files a span of the run changed, reloaded when the run moves on. */
function useChanges(runId: string, range: Range, version: number, enabled: boolean) {
  const [files, setFiles] = useState<ChangedFile[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    api.agent
      .changes({ runId, from: range.from, to: range.to })
      .then((f) => {
        if (!current) return;
        setFiles(f);
        setError(null);
      })
      .catch((e: unknown) => current && setError(describeError(e)));
    return () => {
      current = false;
    };
  }, [runId, range.from, range.to, version, enabled]);
  return { files, error };
}

/** One file on both sides of the span, in Monaco's diff editor. */
function FileDiffPane({ runId, range, path, version }: { runId: string; range: Range; path: string; version: number }) {
  const [versions, setVersions] = useState<FileVersions | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  useEffect(() => {
    let current = true;
    api.agent
      .fileVersions({ runId, from: range.from, to: range.to, path })
      .then((v) => current && (setVersions(v), setError(null)))
      .catch((e: unknown) => current && setError(describeError(e)));
    return () => {
      current = false;
    };
  }, [runId, range.from, range.to, path, version]);
  if (error)
    return (
      <div className="p-4">
        <ErrorNote error={error} />
      </div>
    );
  if (!versions) return <Loading>Loading {path}…</Loading>;
  if (versions.binary) return <EmptyState title={path}>A binary file: its change is not shown as text.</EmptyState>;
  const left = versions.original === null ? 'does not exist' : range.from === null ? 'start of run' : 'before';
  const right = versions.modified === null ? 'deleted' : range.to === null ? 'now' : 'after';
  return (
    <DiffView
      inlineBelowPx={560}
      diff={{
        path,
        leftLabel: left,
        rightLabel: right,
        original: versions.original ?? '',
        modified: versions.modified ?? '',
      }}
    />
  );
}

/** The review of a run's changes: pick a span, read each file's diff, then merge, apply, keep or discard. */
export function ReviewTab({ tab }: { tab: ReviewTabState }) {
  const run = useAgent((s) => s.byId[tab.runId]);
  const detail = useAgent((s) => s.details[tab.runId]);
  const range = tab.range ?? all;
  const isAll = range.from === null && range.to === null;
  // A new checkpoint, rollback or review outcome changes what the span holds.
  const version = run ? run.updatedAt : 0;
  // Merging, keeping or discarding removes the worktree the diffs are read from.
  const gone = run?.worktree === null;
  const { files, error } = useChanges(tab.runId, range, version, !gone);
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    if (!detail) void useAgent.getState().loadRun(tab.runId);
  }, [detail, tab.runId]);

  const checkpoints = useMemo(() => {
    const entries = detail?.entries ?? [];
    const parents = checkpointParents(entries);
    return entries.flatMap((e) =>
      e.kind === 'checkpoint'
        ? [{ id: e.checkpointId, step: e.step, message: e.message, from: parents.get(e.checkpointId) ?? null }]
        : [],
    );
  }, [detail?.entries]);

  const outcome = useMemo(() => {
    const last = (detail?.entries ?? []).findLast((e) => e.kind === 'review');
    return last?.kind === 'review' ? last.message : null;
  }, [detail?.entries]);

  const shown = files?.find((f) => f.path === selectedPath) ? selectedPath : (files?.[0]?.path ?? null);
  const selected = (files ?? []).filter((f) => !unchecked.has(f.path)).map((f) => f.path);
  if (!run) return <Loading>Loading the run…</Loading>;

  const setRange = (value: string) => {
    const checkpoint = checkpoints.find((c) => c.id === value);
    useEditor.getState().updateTab(tab.id, { range: checkpoint ? { from: checkpoint.from, to: checkpoint.id } : all });
  };
  const toggle = (path: string) => {
    const next = new Set(unchecked);
    if (next.has(path)) next.delete(path);
    else next.add(path);
    setUnchecked(next);
  };

  return (
    <div className="flex h-full flex-col" data-testid="review-view">
      <header className="flex shrink-0 items-center gap-3 border-b border-wb-border bg-wb-side px-4 py-2">
        <FileDiff size={15} className="shrink-0 text-wb-accent" aria-hidden />
        <h1 className="min-w-0 truncate text-[14px] font-semibold" title={run.task}>
          Review changes · {clip(run.task.split('\n')[0] ?? '', 80)}
        </h1>
        {!gone && (
          <select
            aria-label="Changes to show"
            className={`${inputClass} ml-auto max-w-80`}
            value={isAll ? 'all' : (range.to ?? 'all')}
            onChange={(e) => setRange(e.target.value)}
          >
            <option value="all">All changes (start → now)</option>
            {checkpoints.map((c) => (
              <option key={c.id} value={c.id}>
                Step {c.step}: {clip(c.message, 60)}
              </option>
            ))}
          </select>
        )}
      </header>
      {gone && (
        <EmptyState title="Nothing left to review here">
          {run.review === 'merged'
            ? `The run’s changes are in ${run.baseBranch ?? 'its base branch'} now; Source Control shows them in the log.`
            : run.review === 'kept'
              ? `The changes are on the branch ${run.branch}; compare or merge it with git when you are ready.`
              : 'The run’s worktree and branch were removed.'}
        </EmptyState>
      )}
      {!gone && (
        <div className="flex min-h-0 flex-1">
          <div className="flex w-72 shrink-0 flex-col overflow-auto border-r border-wb-border">
            {error && (
              <div className="p-2">
                <ErrorNote error={error} />
              </div>
            )}
            {!files && !error && <Loading>Loading changes…</Loading>}
            {files?.length === 0 && (
              <EmptyState title="No changes">
                {isAll ? 'The run has not changed any file yet.' : 'This step changed no file.'}
              </EmptyState>
            )}
            {files && files.length > 0 && (
              <ul aria-label="Changed files" className="py-1">
                {files.map((f) => (
                  <li
                    key={f.path}
                    aria-label={f.path}
                    aria-current={f.path === shown ? 'true' : undefined}
                    className={`flex items-center gap-1.5 px-2 py-0.5 hover:bg-wb-hover ${f.path === shown ? 'bg-wb-hover' : ''}`}
                  >
                    {isAll && run.review === 'open' && (
                      <input
                        type="checkbox"
                        aria-label={`Include ${f.path}`}
                        checked={!unchecked.has(f.path)}
                        onChange={() => toggle(f.path)}
                      />
                    )}
                    <button
                      type="button"
                      className="min-w-0 flex-1 text-left"
                      onClick={() => setSelectedPath(f.path)}
                      title={`Show the diff of ${f.path}`}
                    >
                      <FileChangeLine file={f} />
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="min-w-0 flex-1">
            {shown ? (
              <FileDiffPane
                key={`${key(range)}:${shown}`}
                runId={run.id}
                range={range}
                path={shown}
                version={version}
              />
            ) : (
              <EmptyState title="Nothing to compare">Pick a file on the left to see its diff.</EmptyState>
            )}
          </div>
        </div>
      )}
      <ReviewActions run={run} selected={isAll ? selected : null} outcome={outcome} />
    </div>
  );
}
