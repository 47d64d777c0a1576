import { useState } from 'react';
import { themeSchema, type SettingsPatch } from '../../../../shared/domain/settings';
import { Button } from '../../components/ui/Button';
import { FormRow, type FieldProps } from '../../components/ui/FormRow';
import { useNotices } from '../../stores/notifications';
import { useSettings } from '../../stores/settings';

/** A setting: its label names the control and its hint describes it (FormRow ties them together). */
function Row({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (field: FieldProps) => React.ReactNode;
}) {
  return (
    <div className="py-3">
      <FormRow layout="stacked" label={<span className="font-semibold">{label}</span>} hint={hint}>
        {children}
      </FormRow>
    </div>
  );
}

function Heading({ children }: { children: React.ReactNode }) {
  return (
    <h2 className="mt-6 border-b border-wb-border pb-1 text-[11px] tracking-wide text-wb-muted uppercase">
      {children}
    </h2>
  );
}

const inputClass =
  'rounded-sm border border-wb-border bg-wb-input px-2 py-1 text-[13px] outline-none focus:border-wb-accent';

function useSave() {
  const update = useSettings((s) => s.update);
  const notices = useNotices();
  return (patch: SettingsPatch) => void update(patch).catch(notices.error);
}

/** Theme and editor font. */
export function AppearanceSection() {
  const settings = useSettings((s) => s.settings);
  const save = useSave();
  return (
    <>
      <Heading>Appearance</Heading>
      <Row label="Color theme" hint="Follow the system, or choose light or dark.">
        {(field) => (
          <select
            {...field}
            className={`${inputClass} w-fit`}
            value={settings.theme}
            onChange={(e) => save({ theme: themeSchema.parse(e.target.value) })}
          >
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        )}
      </Row>
      <Row label="Editor font size" hint="In pixels, 8 to 40.">
        {(field) => (
          <input
            {...field}
            type="number"
            min={8}
            max={40}
            className={`${inputClass} w-24`}
            value={settings.editor.fontSize}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 8 && n <= 40) save({ editor: { fontSize: n } });
            }}
          />
        )}
      </Row>
    </>
  );
}

/** Reopening, hidden files, pane sizes. */
export function WorkspaceSection() {
  const settings = useSettings((s) => s.settings);
  const save = useSave();
  const [exclude, setExclude] = useState(settings.explorer.exclude.join('\n'));
  return (
    <>
      <Heading>Workspace</Heading>
      <Row label="Reopen the last folder at start">
        {(field) => (
          <input
            {...field}
            type="checkbox"
            className="w-fit"
            checked={settings.reopenLastProject}
            onChange={(e) => save({ reopenLastProject: e.target.checked })}
          />
        )}
      </Row>
      <Row
        label="Explorer: hidden files"
        hint="Glob patterns, one per line, hidden from the explorer and search. Files matched by .gitignore are dimmed, not hidden."
      >
        {(field) => (
          <textarea
            {...field}
            className={`${inputClass} h-24 w-full font-mono`}
            value={exclude}
            onChange={(e) => setExclude(e.target.value)}
            onBlur={() =>
              save({
                explorer: {
                  exclude: exclude
                    .split('\n')
                    .map((l) => l.trim())
                    .filter(Boolean),
                },
              })
            }
          />
        )}
      </Row>
      <div className="flex flex-col gap-1 py-3 text-[12px]">
        <span className="font-semibold">Layout</span>
        <Button
          className="w-fit"
          onClick={() => save({ layout: { sideBarSize: 22, panelSize: 28, sideBarVisible: true, panelVisible: true } })}
        >
          Reset pane sizes
        </Button>
      </div>
    </>
  );
}
