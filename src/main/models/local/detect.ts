import type { LocalServer } from '../../../shared/domain/models';
import type { FetchLike } from '../providers/provider';

/** Default loopback ports of the local servers Weft looks for. */
export interface LocalPorts {
  readonly ollama: number;
  readonly lmstudio: number;
  readonly llamacpp: number;
}

export const defaultLocalPorts: LocalPorts = { ollama: 11434, lmstudio: 1234, llamacpp: 8080 };

const names: Record<'ollama' | 'lmstudio' | 'llamacpp', string> = {
  ollama: 'Ollama',
  lmstudio: 'LM Studio',
  llamacpp: 'llama.cpp server',
};

async function getJson(fetch: FetchLike, url: string, timeoutMs: number, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/**
 * Asks each default port what it serves, in parallel; servers that are not running (or
 * answer something else) are left out. Only 127.0.0.1 is contacted.
 */
export async function detectLocalServers(
  fetch: FetchLike,
  ports: LocalPorts = defaultLocalPorts,
  timeoutMs = 1500,
): Promise<Omit<LocalServer, 'providerId'>[]> {
  type Found = Omit<LocalServer, 'providerId'>;
  const probes = (Object.keys(names) as (keyof LocalPorts)[]).map(async (flavor): Promise<Found | undefined> => {
    const root = `http://127.0.0.1:${ports[flavor]}`;
    try {
      if (flavor === 'ollama') {
        const body = (await getJson(fetch, `${root}/api/tags`, timeoutMs)) as { models?: { name?: string }[] };
        if (!Array.isArray(body.models)) return undefined;
        const models = body.models.map((m) => String(m.name)).filter((m) => !isDerivedOllamaModel(m));
        return { flavor, name: names[flavor], baseUrl: `${root}/v1`, models };
      }
      const body = (await getJson(fetch, `${root}/v1/models`, timeoutMs)) as { data?: { id?: string }[] };
      if (!Array.isArray(body.data)) return undefined;
      return { flavor, name: names[flavor], baseUrl: `${root}/v1`, models: body.data.map((m) => String(m.id)) };
    } catch {
      return undefined;
    }
  });
  return (await Promise.all(probes)).filter((s): s is Found => s !== undefined);
}

/** Ollama's native API root for an OpenAI-compatible base URL (`…/v1`). */
export function ollamaRoot(baseUrl: string): string {
  return baseUrl.replace(/\/v1\/?$/, '');
}

/**
 * The context length Weft asks Ollama for: the model's own maximum, capped where memory use
 * grows large, instead of Ollama's small default (2048 or 4096 tokens).
 */
export function chooseNumCtx(modelMax: number | null): number {
  return Math.min(modelMax ?? 8192, 32_768);
}

/** The name of the derived Ollama model that carries Weft's context length. */
export function derivedOllamaModel(model: string, numCtx: number): string {
  const [name, tag = 'latest'] = model.split(':');
  return `${name}:${tag}-weft-${Math.round(numCtx / 1024)}k`;
}

/** True for the models `derivedOllamaModel` names. */
export function isDerivedOllamaModel(name: string): boolean {
  return /:[^:]*-weft-\d+k$/.test(name);
}

/** What Ollama says about a model: whether its template supports tools, and its context length. */
export async function ollamaShow(
  fetch: FetchLike,
  baseUrl: string,
  model: string,
): Promise<{ tools: boolean | undefined; contextLength: number | null }> {
  const body = (await getJson(fetch, `${ollamaRoot(baseUrl)}/api/show`, 10_000, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model }),
  })) as { capabilities?: string[]; model_info?: Record<string, unknown> };
  const ctxKey = Object.keys(body.model_info ?? {}).find((k) => k.endsWith('.context_length'));
  const ctx = ctxKey ? Number(body.model_info![ctxKey]) : NaN;
  return {
    tools: Array.isArray(body.capabilities) ? body.capabilities.includes('tools') : undefined,
    contextLength: Number.isFinite(ctx) ? ctx : null,
  };
}

/**
 * Ollama's OpenAI-compatible endpoint ignores per-request `num_ctx`, so the documented way to
 * raise it is a derived model with the parameter set; creating one copies no weights.
 */
export async function createOllamaContextModel(
  fetch: FetchLike,
  baseUrl: string,
  model: string,
  numCtx: number,
): Promise<string> {
  const derived = derivedOllamaModel(model, numCtx);
  await getJson(fetch, `${ollamaRoot(baseUrl)}/api/create`, 60_000, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: derived, from: model, parameters: { num_ctx: numCtx }, stream: false }),
  });
  return derived;
}
