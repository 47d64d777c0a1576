import { useState } from 'react';
import type { FleetSettings } from '../../../../shared/ipc/domains/tasks';
import { Button } from '../../components/ui/Button';
import { FormRow } from '../../components/ui/FormRow';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { useNotices } from '../../stores/notifications';
import { useSettings } from '../../stores/settings';
import { EnvironmentSettings } from './EnvironmentSettings';
import { useBoard, withFleet } from './state/board';
import { inputClass } from './ui';
import { useBoardProject } from './use-board-project';

/** A number field that saves when it leaves focus with a valid value. */
function NumberField({
  field,
  value,
  min,
  max,
  allowEmpty = false,
  onSave,
}: {
  field: { id: string; 'aria-describedby': string | undefined };
  value: number | null;
  min: number;
  max: number;
  allowEmpty?: boolean;
  onSave: (value: number | null) => void;
}) {
  const [text, setText] = useState(value === null ? '' : String(value));
  // A value saved elsewhere replaces what is shown (React's "adjust state on a prop change").
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value === null ? '' : String(value));
  }
  const n = Number(text);
  const valid =
    (allowEmpty && text.trim() === '') || (text.trim() !== '' && Number.isFinite(n) && n >= min && n <= max);
  return (
    <input
      {...field}
      type="number"
      min={min}
      max={max}
      aria-invalid={!valid}
      className={`${inputClass} w-28`}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        if (!valid) return setText(value === null ? '' : String(value));
        const next = text.trim() === '' ? null : n;
        if (next !== value) onSave(next);
      }}
    />
  );
}

/** Settings → Task board: how many agents at once, the check command, retries, merging, notifications. */
export function BoardSettings() {
  useBoardProject();
  const projectId = useBoard((s) => s.projectId);
  const fleet = useBoard((s) => s.fleet);
  const notifications = useSettings((s) => s.settings.notifications.enabled);
  const [command, setCommand] = useState(fleet?.settings.checkCommand ?? '');
  const [error, setError] = useState<string | null>(null);
  const saved = fleet?.settings.checkCommand ?? '';
  const [shownCommand, setShownCommand] = useState(saved);
  if (shownCommand !== saved) {
    setShownCommand(saved);
    setCommand(saved);
  }

  const save = (patch: Partial<FleetSettings>) => {
    if (!projectId) return;
    setError(null);
    withFleet(api.tasks.updateSettings({ projectId, patch })).catch((e: unknown) => setError(describeError(e).message));
  };

  return (
    <section id="settings-board" aria-label="Task board" className="scroll-mt-4">
      <h2 className="mt-6 border-b border-wb-border pb-1 text-[11px] tracking-wide text-wb-muted uppercase">
        Task board
      </h2>
      <label className="flex items-start gap-3 py-3">
        <input
          type="checkbox"
          role="switch"
          className="mt-1"
          checked={notifications}
          onChange={(e) =>
            void useSettings
              .getState()
              .update({ notifications: { enabled: e.target.checked } })
              .catch(useNotices.getState().error)
          }
        />
        <span className="flex flex-col gap-1">
          <span className="font-semibold">Notify me when a task needs review, approval or fails</span>
          <span className="text-[12px] text-wb-muted">
            A toast in Weft, and a system notification while Weft is in the background (asked for the first time you run
            the board). The same switch as Notifications: it covers agent and workflow runs too.
          </span>
        </span>
      </label>
      {!fleet || !projectId ? (
        <p className="text-[12px] text-wb-muted">Open a git repository to set up its task board.</p>
      ) : (
        <div className="grid grid-cols-[12rem_1fr] gap-x-3 gap-y-2 text-[13px]">
          <FormRow label="Agents at once" hint="Tasks running at the same time.">
            {(field) => (
              <NumberField
                field={field}
                value={fleet.settings.concurrency}
                min={1}
                max={64}
                onSave={(v) => save({ concurrency: v ?? 2 })}
              />
            )}
          </FormRow>
          <FormRow
            label="Check command"
            hint={
              fleet.proposal && fleet.settings.checkCommand === null ? (
                <span className="flex items-center gap-2">
                  Detected: <code className="font-mono">{fleet.proposal.command}</code> ({fleet.proposal.reason})
                  <Button onClick={() => save({ checkCommand: fleet.proposal!.command })}>Use it</Button>
                </span>
              ) : (
                'Runs in the task’s worktree when its agent finishes; green goes to review.'
              )
            }
          >
            {(field) => (
              <input
                {...field}
                className={`${inputClass} font-mono`}
                placeholder="npm test"
                value={command}
                onChange={(e) => setCommand(e.target.value)}
                onBlur={() => {
                  const next = command.trim() === '' ? null : command.trim();
                  if (next !== fleet.settings.checkCommand) save({ checkCommand: next });
                }}
              />
            )}
          </FormRow>
          <FormRow label="Fix attempts" hint="Red checks sent back to the agent before the task fails.">
            {(field) => (
              <NumberField
                field={field}
                value={fleet.settings.maxCheckRetries}
                min={0}
                max={20}
                onSave={(v) => save({ maxCheckRetries: v ?? 0 })}
              />
            )}
          </FormRow>
          <FormRow label="Check timeout (s)">
            {(field) => (
              <NumberField
                field={field}
                value={fleet.settings.checkTimeoutSec}
                min={1}
                max={86_400}
                onSave={(v) => save({ checkTimeoutSec: v ?? 600 })}
              />
            )}
          </FormRow>
          <FormRow label="Merge strategy" hint="How an approved task is brought onto the current base before it lands.">
            {(field) => (
              <select
                {...field}
                className={`${inputClass} w-40`}
                value={fleet.settings.mergeStrategy}
                onChange={(e) => save({ mergeStrategy: e.target.value as FleetSettings['mergeStrategy'] })}
              >
                <option value="rebase">Rebase</option>
                <option value="merge">Merge commit</option>
              </select>
            )}
          </FormRow>
          <FormRow label="Board budget (USD)" hint="Empty: no budget. Reaching it pauses the board.">
            {(field) => (
              <NumberField
                field={field}
                value={fleet.settings.budgetUsd}
                min={0.01}
                max={1_000_000}
                allowEmpty
                onSave={(v) => save({ budgetUsd: v })}
              />
            )}
          </FormRow>
          <FormRow label="Worktrees of done tasks">
            {(field) => (
              <select
                {...field}
                className={`${inputClass} w-56`}
                value={fleet.settings.prune}
                onChange={(e) => save({ prune: e.target.value as FleetSettings['prune'] })}
              >
                <option value="done">Remove once landed (archived)</option>
                <option value="never">Keep</option>
              </select>
            )}
          </FormRow>
          <span className="self-start pt-1">Options</span>
          <div className="flex flex-col gap-1 text-[12px]">
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={fleet.settings.allowStacked}
                onChange={(e) => save({ allowStacked: e.target.checked })}
              />
              Start a task on a dependency still in review (stacked)
            </label>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={fleet.settings.autoResume}
                onChange={(e) => save({ autoResume: e.target.checked })}
              />
              Continue interrupted tasks when Weft starts
            </label>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-[12px] text-wb-danger">
          {error}
        </p>
      )}
      {fleet && projectId && <EnvironmentSettings key={projectId} projectId={projectId} />}
    </section>
  );
}
