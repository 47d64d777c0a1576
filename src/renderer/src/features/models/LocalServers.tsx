import { Button } from '../../components/ui/Button';
import { useModels } from './state/models';
import { useNotices } from '../../stores/notifications';

/** Finds Ollama, LM Studio and llama.cpp on this machine and adds one with a click. */
export function LocalServers() {
  const local = useModels((s) => s.local);
  const detecting = useModels((s) => s.detecting);
  const detect = useModels((s) => s.detect);
  const save = useModels((s) => s.save);
  const test = useModels((s) => s.test);
  const notices = useNotices();
  const add = async (flavor: NonNullable<typeof local>[number]) => {
    const saved = await save({
      kind: 'openai-compatible',
      flavor: flavor.flavor,
      name: flavor.name,
      baseUrl: flavor.baseUrl,
    });
    await detect();
    await test(saved.id);
  };
  return (
    <div>
      <div className="flex items-center gap-3">
        <Button onClick={() => void detect().catch(notices.error)} disabled={detecting}>
          {detecting ? 'Looking…' : 'Find local models'}
        </Button>
        <span className="text-[12px] text-wb-muted">
          Ollama (11434), LM Studio (1234) and llama.cpp (8080) on 127.0.0.1
        </span>
      </div>
      {local && local.length === 0 && (
        <p className="mt-2 text-[12px] text-wb-muted">
          No local model server is running. Start Ollama (<span className="font-mono">ollama serve</span>), LM Studio’s
          server or <span className="font-mono">llama-server</span>, then look again.
        </p>
      )}
      {local && local.length > 0 && (
        <ul aria-label="Local model servers" className="mt-2 flex flex-col gap-1">
          {local.map((server) => (
            <li key={server.baseUrl} className="flex items-center gap-3 text-[13px]">
              <span className="font-semibold">{server.name}</span>
              <span className="font-mono text-[12px] text-wb-muted">{server.baseUrl}</span>
              <span className="text-[12px] text-wb-muted">
                {server.models.length} model{server.models.length === 1 ? '' : 's'}
              </span>
              <span className="ml-auto">
                {server.providerId ? (
                  <span className="text-[12px] text-wb-muted">Added</span>
                ) : (
                  <Button onClick={() => void add(server).catch(notices.error)}>Add {server.name}</Button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
