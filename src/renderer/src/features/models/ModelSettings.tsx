import { lazy, Suspense, useEffect } from 'react';
import { useModels } from './state/models';
import { useNotices } from '../../stores/notifications';
import { useSettings } from '../../stores/settings';
import { DefaultModels } from './DefaultModels';
import { LocalServers } from './LocalServers';
import { ProvidersList } from './ProvidersList';
import { MODEL_SETTINGS_ID } from './scroll';
import { SubHeading } from './ui';

// The usage chart (Recharts) loads when Settings shows it, not with the workbench.
const UsageSection = lazy(() => import('./UsageSection').then((m) => ({ default: m.UsageSection })));

/** The Models section of Settings: offline mode, providers, local servers, defaults and usage. */
export function ModelSettings() {
  const offline = useSettings((s) => s.settings.models.offline);
  const update = useSettings((s) => s.update);
  const load = useModels((s) => s.load);
  const notices = useNotices();
  useEffect(() => {
    load().catch(notices.error);
  }, [load, notices.error]);

  return (
    <section id={MODEL_SETTINGS_ID} aria-label="Models" className="scroll-mt-4">
      <h2 className="mt-6 border-b border-wb-border pb-1 text-[11px] tracking-wide text-wb-muted uppercase">Models</h2>
      <label className="flex items-start gap-2 py-3">
        <input
          type="checkbox"
          aria-label="Offline mode"
          className="mt-1"
          checked={offline}
          onChange={(e) => void update({ models: { offline: e.target.checked } }).catch(notices.error)}
        />
        <span className="flex flex-col gap-1">
          <span className="font-semibold">Offline mode</span>
          <span className="text-[12px] text-wb-muted">
            Weft refuses every model request to a host other than this machine, before anything is sent. Models served
            by Ollama, LM Studio or llama.cpp on this machine keep working.
          </span>
        </span>
      </label>
      <SubHeading>Providers</SubHeading>
      <ProvidersList />
      <SubHeading>Models on this machine</SubHeading>
      <LocalServers />
      <SubHeading>Default models</SubHeading>
      <DefaultModels />
      <SubHeading>Usage</SubHeading>
      <Suspense fallback={null}>
        <UsageSection />
      </Suspense>
    </section>
  );
}
