import { Button } from '../../components/ui/Button';
import { useSettingsSections } from '../../lib/contributions';
import { useApp } from '../../stores/app';
import { useWorkbench } from '../../stores/workbench';

/** The settings editor: the sections features registered, in order. */
export function SettingsView() {
  const info = useApp((s) => s.info);
  const sections = useSettingsSections();
  const close = () => useWorkbench.getState().setEditorView('welcome');

  return (
    <div className="h-full overflow-auto" data-testid="settings-view">
      <div className="mx-auto max-w-2xl px-8 py-6">
        <div className="flex items-center justify-between">
          <h1 className="text-2xl font-light">Settings</h1>
          <Button variant="ghost" onClick={close}>
            Close
          </Button>
        </div>
        {sections.map(({ id, component: Section }) => (
          <Section key={id} />
        ))}
        {info && (
          <p className="mt-8 text-[12px] text-wb-muted">
            Weft {info.version} · {info.host === 'electron' ? 'desktop' : 'browser mode'} · data in{' '}
            <span className="font-mono">{info.dataDir}</span>
          </p>
        )}
      </div>
    </div>
  );
}
