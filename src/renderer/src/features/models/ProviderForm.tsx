import { useState } from 'react';
import type { ProviderView, ToolMode } from '../../../../shared/domain/models';
import { Button } from '../../components/ui/Button';
import { FormRow } from '../../components/ui/FormRow';
import { useModels } from './state/models';
import { useNotices } from '../../stores/notifications';
import { providerTypes } from './provider-types';
import { parseWait, TimeoutFields } from './TimeoutFields';
import { inputClass } from './ui';

/**
 * Adds a provider, or edits one. The key field is write-only: an existing key is never shown,
 * and leaving the field empty keeps it.
 */
export function ProviderForm({ editing, onDone }: { editing?: ProviderView; onDone: () => void }) {
  const save = useModels((s) => s.save);
  const test = useModels((s) => s.test);
  const notices = useNotices();
  const initialType = editing ? (editing.flavor ?? editing.kind) : 'ollama';
  const [type, setType] = useState<string>(initialType);
  const preset = providerTypes.find((t) => t.value === type);
  const [name, setName] = useState(editing?.name ?? preset?.label ?? '');
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? preset?.baseUrl ?? '');
  const [apiKey, setApiKey] = useState('');
  const [toolMode, setToolMode] = useState<ToolMode>(editing?.toolMode ?? 'auto');
  const [firstToken, setFirstToken] = useState(editing?.firstTokenTimeoutSec?.toString() ?? '');
  const [idle, setIdle] = useState(editing?.idleTimeoutSec?.toString() ?? '');
  const [busy, setBusy] = useState(false);
  const builtIn = editing?.builtIn ?? false;
  const kind = builtIn ? editing!.kind : (preset?.kind ?? 'openai-compatible');

  const choose = (value: string) => {
    const next = providerTypes.find((t) => t.value === value);
    setType(value);
    if (next) {
      setName(next.label);
      setBaseUrl(next.baseUrl);
    }
  };

  const firstWait = parseWait(firstToken);
  const idleWait = parseWait(idle);
  const waitsInvalid = firstWait.error !== null || idleWait.error !== null;

  const submit = async () => {
    if (waitsInvalid) return;
    setBusy(true);
    try {
      const saved = await save({
        ...(editing ? { id: editing.id } : {}),
        kind,
        ...(builtIn ? {} : { flavor: preset?.flavor ?? 'custom' }),
        name: name.trim() || 'Model provider',
        baseUrl: baseUrl.trim() || null,
        ...(apiKey ? { apiKey } : {}),
        toolMode,
        firstTokenTimeoutSec: firstWait.value,
        idleTimeoutSec: idleWait.value,
      });
      setApiKey('');
      onDone();
      void test(saved.id);
    } catch (error) {
      notices.error(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      aria-label={editing ? `Edit ${editing.name}` : 'Add a model provider'}
      className="mt-2 grid grid-cols-[9rem_1fr] items-center gap-x-3 gap-y-2 rounded-sm border border-wb-border p-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {!builtIn && (
        <FormRow label="Type">
          {(field) => (
            <select {...field} className={inputClass} value={type} onChange={(e) => choose(e.target.value)}>
              {providerTypes.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </FormRow>
      )}
      <FormRow label="Name">
        {(field) => <input {...field} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />}
      </FormRow>
      <FormRow label="Endpoint URL">
        {(field) => (
          <input
            {...field}
            className={`${inputClass} font-mono`}
            value={baseUrl}
            placeholder="http://127.0.0.1:11434/v1"
            onChange={(e) => setBaseUrl(e.target.value)}
          />
        )}
      </FormRow>
      <FormRow label="API key">
        {(field) => (
          <input
            {...field}
            type="password"
            autoComplete="off"
            className={`${inputClass} font-mono`}
            value={apiKey}
            placeholder={
              editing?.keySource === 'stored'
                ? `Stored (${editing.keyHint}); leave empty to keep it`
                : preset?.needsKey || builtIn
                  ? 'Paste your key'
                  : 'Not needed for local servers'
            }
            onChange={(e) => setApiKey(e.target.value)}
          />
        )}
      </FormRow>
      <FormRow label="Tool calls">
        {(field) => (
          <select
            {...field}
            className={inputClass}
            value={toolMode}
            onChange={(e) => setToolMode(e.target.value as ToolMode)}
          >
            <option value="auto">Automatic (probe each model)</option>
            <option value="native">Native tool calls</option>
            <option value="text">Prompt-level protocol (for models without tools)</option>
          </select>
        )}
      </FormRow>
      <TimeoutFields
        baseUrl={baseUrl}
        firstToken={firstToken}
        idle={idle}
        onFirstToken={setFirstToken}
        onIdle={setIdle}
      />
      <div className="col-span-2 flex justify-end gap-2 pt-1">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button variant="primary" type="submit" disabled={busy || waitsInvalid}>
          {editing ? 'Save' : 'Add provider'}
        </Button>
      </div>
    </form>
  );
}
