import { Check, CircleAlert, Loader2 } from 'lucide-react';
import { useState } from 'react';
import { effectiveToolSupport, type ProviderView } from '../../../../shared/domain/models';
import { Button } from '../../components/ui/Button';
import { useModels } from './state/models';
import { useNotices } from '../../stores/notifications';
import { ProviderForm } from './ProviderForm';
import { TryModel } from './TryModel';
import { describeProvider } from './provider-types';
import { Badge } from './ui';

function KeyStatus({ provider }: { provider: ProviderView }) {
  if (provider.keySource === 'stored') return <span>Key {provider.keyHint}</span>;
  if (provider.keySource === 'env') {
    const variable = provider.kind === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
    return (
      <span>
        Key from <span className="font-mono">{variable}</span> {provider.keyHint}
      </span>
    );
  }
  if (provider.local || provider.kind === 'openai-compatible') return <span>No key</span>;
  return <span className="text-wb-danger">No key yet</span>;
}

/** What pressing "Check tool support" sends, said before it is pressed. */
function probeCost(provider: ProviderView): string {
  if (provider.flavor === 'ollama') return 'asks Ollama; at most one short chat request';
  return provider.local ? 'sends one short chat request' : 'sends one short chat request, billed by the provider';
}

function ModelList({ provider }: { provider: ProviderView }) {
  const models = useModels((s) => s.models[provider.id]);
  const probe = useModels((s) => s.probe);
  const notices = useNotices();
  const [probing, setProbing] = useState<string | null>(null);
  const [trying, setTrying] = useState<string | null>(null);
  if (!models) return null;
  if (models.length === 0) return <p className="mt-1 text-[12px] text-wb-muted">The server lists no models.</p>;
  return (
    <ul aria-label={`Models of ${provider.name}`} className="mt-2 flex flex-col gap-1">
      {models.slice(0, 50).map((m, index) => {
        // The provider's tool mode wins over an earlier probe, so switching it relabels at once.
        const tools = effectiveToolSupport(provider.toolMode, m.toolSupport);
        return (
          <li key={m.id} className="text-[12px]">
            <div className="flex items-center gap-2">
              <span className="font-mono">{m.id}</span>
              {tools === 'native' && <Badge tone="accent">tools</Badge>}
              {tools === 'text' && <Badge>tools via prompt</Badge>}
              {m.contextLength && <Badge>{Math.round(m.contextLength / 1024)}k context</Badge>}
              {tools === 'unknown' && (
                <>
                  <button
                    type="button"
                    className="text-wb-accent hover:underline disabled:opacity-50"
                    disabled={probing !== null}
                    aria-describedby={`probe-cost-${provider.id}-${index}`}
                    onClick={() => {
                      setProbing(m.id);
                      probe(provider.id, m.id)
                        .catch(notices.error)
                        .finally(() => setProbing(null));
                    }}
                  >
                    {probing === m.id ? 'Checking…' : 'Check tool support'}
                  </button>
                  <span id={`probe-cost-${provider.id}-${index}`} className="text-wb-muted">
                    {probeCost(provider)}
                  </span>
                </>
              )}
              <button
                type="button"
                className="text-wb-accent hover:underline"
                aria-expanded={trying === m.id}
                onClick={() => setTrying(trying === m.id ? null : m.id)}
              >
                Try
              </button>
            </div>
            {trying === m.id && <TryModel providerId={provider.id} model={m.id} />}
          </li>
        );
      })}
    </ul>
  );
}

function ProviderRow({ provider }: { provider: ProviderView }) {
  const state = useModels((s) => s.connection[provider.id]);
  const models = useModels((s) => s.models[provider.id]);
  const test = useModels((s) => s.test);
  const remove = useModels((s) => s.remove);
  const notices = useNotices();
  const [editing, setEditing] = useState(false);
  return (
    <li className="border-b border-wb-border py-3 last:border-b-0" aria-label={provider.name}>
      <div className="flex items-center gap-2">
        <span className="font-semibold whitespace-nowrap">{provider.name}</span>
        <span className="truncate text-[12px] text-wb-muted">{describeProvider(provider)}</span>
        {provider.local && <Badge tone="accent">this machine</Badge>}
        <span className="ml-auto flex shrink-0 gap-1">
          <Button onClick={() => void test(provider.id)} disabled={state?.status === 'testing'}>
            Test connection
          </Button>
          <Button variant="ghost" onClick={() => setEditing(!editing)}>
            Edit
          </Button>
          {(!provider.builtIn || provider.keySource === 'stored') && (
            <Button
              variant="ghost"
              title={provider.builtIn ? 'Forget the stored key and endpoint' : 'Remove this provider'}
              onClick={() => void remove(provider.id).catch(notices.error)}
            >
              {provider.builtIn ? 'Reset' : 'Remove'}
            </Button>
          )}
        </span>
      </div>
      <div className="mt-1 flex gap-3 text-[12px] text-wb-muted">
        <span className="font-mono">{provider.baseUrl}</span>
        <KeyStatus provider={provider} />
      </div>
      {state?.status === 'testing' && (
        <p className="mt-1 flex items-center gap-1 text-[12px] text-wb-muted">
          <Loader2 size={12} className="animate-spin" /> Connecting…
        </p>
      )}
      {state?.status === 'ok' && (
        <p className="mt-1 flex items-center gap-1 text-[12px]" role="status">
          <Check size={12} className="text-wb-accent" /> Connected in {Math.round(state.latencyMs)} ms ·{' '}
          {models?.length ?? 0} models
        </p>
      )}
      {state?.status === 'error' && (
        <p className="mt-1 flex items-start gap-1 text-[12px] text-wb-danger" role="alert">
          <CircleAlert size={12} className="mt-0.5 shrink-0" />
          <span>
            <strong>{state.title}.</strong> {state.message}
          </span>
        </p>
      )}
      <ModelList provider={provider} />
      {editing && <ProviderForm editing={provider} onDone={() => setEditing(false)} />}
    </li>
  );
}

/** Every configured provider with its key status, a connection test and its models. */
export function ProvidersList() {
  const providers = useModels((s) => s.providers);
  const [adding, setAdding] = useState(false);
  return (
    <div>
      <ul aria-label="Model providers">
        {providers.map((p) => (
          <ProviderRow key={p.id} provider={p} />
        ))}
      </ul>
      {adding ? (
        <ProviderForm onDone={() => setAdding(false)} />
      ) : (
        <Button className="mt-2" onClick={() => setAdding(true)}>
          Add a provider…
        </Button>
      )}
    </div>
  );
}
