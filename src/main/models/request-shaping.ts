import { createHash } from 'node:crypto';
import type { ModelPurpose, ProviderView } from '../../shared/domain/models';
import { canonicalJson } from './core/canonical';
import { toolProtocolPrompt, toTextProtocol } from './core/tool-text';
import type { ModelRequest } from './core/types';
import type { ModelNotes } from './provider-registry';

/**
 * The request as this provider gets it: Ollama's derived model with Weft's context length, and
 * for models without native tools, the tools described in the system prompt instead.
 */
export function shapeForProvider(
  request: ModelRequest,
  textTools: boolean,
  notes: ModelNotes | undefined,
): ModelRequest {
  const model = notes?.ollamaModel ?? request.model;
  if (!textTools) return { ...request, model };
  const protocol = toolProtocolPrompt(request.tools ?? []);
  return {
    ...request,
    model,
    system: request.system ? `${request.system}\n\n${protocol}` : protocol,
    messages: toTextProtocol(request.messages),
    tools: undefined,
    toolChoice: undefined,
  };
}

/** Whether a call uses the text tool protocol, from the provider's setting and what probing found. */
export function usesTextTools(view: ProviderView, request: ModelRequest, notes: ModelNotes | undefined): boolean {
  if ((request.tools?.length ?? 0) === 0) return false;
  return view.toolMode === 'text' || (view.toolMode === 'auto' && notes?.toolSupport === 'text');
}

/**
 * The response-cache key, or undefined when this call is not cached. `auto` caches only
 * deterministic calls (temperature 0) that are not agent turns.
 */
export function responseCacheKey(
  view: ProviderView,
  request: ModelRequest,
  mode: 'auto' | 'on' | 'off',
  purpose: ModelPurpose | undefined,
): string | undefined {
  const use = mode === 'on' || (mode === 'auto' && request.temperature === 0 && purpose !== 'agent');
  if (!use) return undefined;
  const material = canonicalJson({ provider: view.id, baseUrl: view.baseUrl, request });
  return createHash('sha256').update(material).digest('hex');
}
