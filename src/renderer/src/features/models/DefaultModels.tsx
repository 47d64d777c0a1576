import { useState } from 'react';
import type { ModelPurpose, ModelRef } from '../../../../shared/domain/models';
import { useModels } from './state/models';
import { useNotices } from '../../stores/notifications';
import { useSettings } from '../../stores/settings';
import { inputClass } from './ui';

const purposes: readonly { id: ModelPurpose; label: string; hint: string }[] = [
  { id: 'agent', label: 'Agent', hint: 'Long tasks with tools' },
  { id: 'quick', label: 'Quick edits', hint: 'Small, fast changes' },
  { id: 'summary', label: 'Summaries', hint: 'Commit messages, digests' },
];

function PurposeRow({ purpose, current }: { purpose: (typeof purposes)[number]; current: ModelRef | null }) {
  const providers = useModels((s) => s.providers);
  const test = useModels((s) => s.test);
  const update = useSettings((s) => s.update);
  const notices = useNotices();
  // Local until both halves are chosen; the setting changes only when it names a model.
  const [providerId, setProviderId] = useState(current?.providerId ?? '');
  const [model, setModel] = useState(current?.model ?? '');
  const models = useModels((s) => (providerId ? s.models[providerId] : undefined));
  const listId = `models-${purpose.id}`;
  // Choosing a model sends nothing: checking its tool support is a chat request, which may cost
  // money, so it happens only when the user presses "Check tool support".
  const save = (ref: ModelRef | null) => {
    void update({ models: { defaults: { [purpose.id]: ref } } }).catch(notices.error);
  };

  return (
    <div className="grid grid-cols-[9rem_12rem_1fr] items-center gap-3 py-1">
      <span title={purpose.hint}>{purpose.label}</span>
      <select
        aria-label={`${purpose.label}: provider`}
        className={inputClass}
        value={providerId}
        onChange={(e) => {
          const id = e.target.value;
          setProviderId(id);
          if (!id) return save(null);
          if (!useModels.getState().models[id]) void test(id);
          if (model.trim()) save({ providerId: id, model: model.trim() });
        }}
      >
        <option value="">None</option>
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <input
        aria-label={`${purpose.label}: model`}
        className={`${inputClass} font-mono`}
        list={listId}
        placeholder={providerId ? 'Model name' : 'Choose a provider first'}
        disabled={!providerId}
        value={model}
        onChange={(e) => setModel(e.target.value)}
        onBlur={() => {
          if (providerId && model.trim() && model.trim() !== current?.model) save({ providerId, model: model.trim() });
        }}
      />
      <datalist id={listId}>
        {(models ?? []).map((m) => (
          <option key={m.id} value={m.id} />
        ))}
      </datalist>
    </div>
  );
}

/** Which model each purpose uses unless a workflow names one. */
export function DefaultModels() {
  const defaults = useSettings((s) => s.settings.models.defaults);
  return (
    <div>
      {purposes.map((p) => (
        <PurposeRow key={p.id} purpose={p} current={defaults[p.id]} />
      ))}
    </div>
  );
}
