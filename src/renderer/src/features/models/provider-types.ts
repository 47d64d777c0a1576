import type { ProviderFlavor, ProviderKind, ProviderView } from '../../../../shared/domain/models';

/** The choices in "Add a provider": each is a kind, a flavor and a default endpoint. */
export interface ProviderType {
  readonly value: string;
  readonly label: string;
  readonly kind: ProviderKind;
  readonly flavor: ProviderFlavor | null;
  readonly baseUrl: string;
  readonly needsKey: boolean;
}

/** The OpenAI-compatible servers Weft knows, with their default endpoints. */
export const providerTypes: readonly ProviderType[] = [
  {
    value: 'ollama',
    label: 'Ollama',
    kind: 'openai-compatible',
    flavor: 'ollama',
    baseUrl: 'http://127.0.0.1:11434/v1',
    needsKey: false,
  },
  {
    value: 'lmstudio',
    label: 'LM Studio',
    kind: 'openai-compatible',
    flavor: 'lmstudio',
    baseUrl: 'http://127.0.0.1:1234/v1',
    needsKey: false,
  },
  {
    value: 'llamacpp',
    label: 'llama.cpp server',
    kind: 'openai-compatible',
    flavor: 'llamacpp',
    baseUrl: 'http://127.0.0.1:8080/v1',
    needsKey: false,
  },
  {
    value: 'vllm',
    label: 'vLLM',
    kind: 'openai-compatible',
    flavor: 'vllm',
    baseUrl: 'http://127.0.0.1:8000/v1',
    needsKey: false,
  },
  {
    value: 'openrouter',
    label: 'OpenRouter',
    kind: 'openai-compatible',
    flavor: 'openrouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    needsKey: true,
  },
  {
    value: 'custom',
    label: 'Other OpenAI-compatible endpoint',
    kind: 'openai-compatible',
    flavor: 'custom',
    baseUrl: '',
    needsKey: false,
  },
];

/** A short label for a provider's kind, e.g. "Ollama · local". */
export function describeProvider(p: ProviderView): string {
  if (p.kind === 'anthropic') return 'Anthropic Messages API';
  if (p.kind === 'openai') return 'OpenAI Chat Completions';
  return providerTypes.find((t) => t.flavor === p.flavor)?.label ?? 'OpenAI-compatible';
}
