import type { ProviderInput, ProviderView, ToolMode } from '../../shared/domain/models';
import { WeftError } from '../../shared/ipc/errors';
import type { SecretCipher } from '../host';
import type { EventHub } from '../ipc/events';
import type { Logger } from '../logging/logger';
import { isLoopbackUrl } from './core/network-policy';
import type { ModelsRepo, ProviderRow } from './models-repo';

interface BuiltIn {
  readonly id: 'anthropic' | 'openai';
  readonly kind: 'anthropic' | 'openai';
  readonly name: string;
  readonly baseUrl: string;
  readonly envKey: string;
}

/** Hosted providers that are always listed; their key may come from the environment. */
export const builtIns: readonly BuiltIn[] = [
  {
    id: 'anthropic',
    kind: 'anthropic',
    name: 'Anthropic',
    baseUrl: 'https://api.anthropic.com',
    envKey: 'ANTHROPIC_API_KEY',
  },
  { id: 'openai', kind: 'openai', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', envKey: 'OPENAI_API_KEY' },
];

/** What probing found about one model; `ollamaModel` is the derived model with Weft's context length. */
export interface ModelNotes {
  readonly toolSupport?: string;
  readonly contextLength?: number | null;
  readonly ollamaModel?: string;
}

/** Everything needed to call one provider, key included; never leaves the main process. */
export interface ResolvedProvider {
  readonly view: ProviderView;
  readonly apiKey: string | undefined;
  readonly modelInfo: Record<string, ModelNotes>;
}

/**
 * The configured providers and their keys. Keys are encrypted before they reach the database,
 * registered with the logger so no line can carry them, and only ever shown as a hint.
 */
export class ProviderRegistry {
  constructor(
    private readonly repo: ModelsRepo,
    private readonly cipher: SecretCipher,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly registerSecret: (value: string) => void,
    private readonly events: EventHub,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    for (const b of builtIns) {
      const value = env[b.envKey];
      if (value) registerSecret(value);
    }
    for (const row of repo.providers()) {
      if (!row.keyCiphertext) continue;
      try {
        registerSecret(cipher.decrypt(row.keyCiphertext));
      } catch {
        log.warn({ provider: row.id }, 'a stored API key cannot be decrypted');
      }
    }
  }

  list(): ProviderView[] {
    const rows = this.repo.providers();
    const views = builtIns.map((b) =>
      this.view(
        rows.find((r) => r.id === b.id),
        b,
      ),
    );
    for (const row of rows) if (!builtIns.some((b) => b.id === row.id)) views.push(this.view(row, undefined));
    return views;
  }

  /** The provider with its decrypted key; throws `model_provider_not_found`. */
  resolve(id: string): ResolvedProvider {
    const builtIn = builtIns.find((b) => b.id === id);
    const row = this.repo.provider(id);
    if (!builtIn && !row) throw new WeftError('model_provider_not_found', `There is no model provider "${id}".`);
    const view = this.view(row, builtIn);
    let apiKey: string | undefined;
    if (row?.keyCiphertext) apiKey = this.cipher.decrypt(row.keyCiphertext);
    else if (builtIn) apiKey = this.env[builtIn.envKey] || undefined;
    return { view, apiKey, modelInfo: (row?.modelInfo ?? {}) as ResolvedProvider['modelInfo'] };
  }

  save(input: ProviderInput): ProviderView {
    const builtIn = builtIns.find((b) => b.id === input.id);
    if (builtIn && input.kind !== builtIn.kind) {
      throw new WeftError('invalid_input', `${builtIn.name} is a built-in provider; its kind cannot change.`);
    }
    if (input.kind === 'openai-compatible' && !input.baseUrl) {
      throw new WeftError('invalid_input', 'An OpenAI-compatible provider needs its endpoint URL.');
    }
    const existing = input.id ? this.repo.provider(input.id) : undefined;
    if (input.id && !existing && !builtIn) {
      throw new WeftError('model_provider_not_found', `There is no model provider "${input.id}".`);
    }
    const id = input.id ?? this.freshId(input.name);
    const at = this.now();
    let keyCiphertext = existing?.keyCiphertext ?? null;
    let keyHint = existing?.keyHint ?? null;
    if (input.clearKey) {
      keyCiphertext = null;
      keyHint = null;
    }
    // Pasted keys often bring a newline or a space along.
    const apiKey = input.apiKey?.trim();
    if (apiKey) {
      this.registerSecret(apiKey);
      keyCiphertext = this.cipher.encrypt(apiKey);
      keyHint = hintOf(apiKey);
    }
    const row: ProviderRow = {
      id,
      kind: input.kind,
      flavor: input.flavor ?? existing?.flavor ?? null,
      name: input.name,
      baseUrl: input.baseUrl === undefined ? (existing?.baseUrl ?? null) : input.baseUrl,
      keyCiphertext,
      keyHint,
      toolMode: input.toolMode ?? existing?.toolMode ?? 'auto',
      firstTokenTimeoutSec:
        input.firstTokenTimeoutSec === undefined
          ? (existing?.firstTokenTimeoutSec ?? null)
          : input.firstTokenTimeoutSec,
      idleTimeoutSec: input.idleTimeoutSec === undefined ? (existing?.idleTimeoutSec ?? null) : input.idleTimeoutSec,
      modelInfo: existing?.modelInfo ?? {},
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    this.repo.upsertProvider(row);
    this.log.info({ provider: id, kind: row.kind, key: keyCiphertext ? 'stored' : 'none' }, 'model provider saved');
    this.changed();
    return this.view(row, builtIn);
  }

  remove(id: string): void {
    if (builtIns.some((b) => b.id === id)) {
      // A built-in cannot go away; removing it forgets the user's changes and stored key.
      this.repo.removeProvider(id);
    } else {
      if (!this.repo.provider(id))
        throw new WeftError('model_provider_not_found', `There is no model provider "${id}".`);
      this.repo.removeProvider(id);
    }
    this.changed();
  }

  /** Remembers what probing found about a model (tool support, context length). */
  noteModel(id: string, model: string, info: ModelNotes): void {
    const row = this.repo.provider(id);
    const builtIn = builtIns.find((b) => b.id === id);
    if (!row && !builtIn) return;
    const at = this.now();
    const base: ProviderRow = row ?? {
      id,
      kind: builtIn!.kind,
      flavor: null,
      name: builtIn!.name,
      baseUrl: null,
      keyCiphertext: null,
      keyHint: null,
      toolMode: 'auto',
      firstTokenTimeoutSec: null,
      idleTimeoutSec: null,
      modelInfo: {},
      createdAt: at,
      updatedAt: at,
    };
    const modelInfo = { ...(base.modelInfo as Record<string, unknown>), [model]: info };
    this.repo.upsertProvider({ ...base, modelInfo, updatedAt: at });
  }

  private view(row: ProviderRow | undefined, builtIn: BuiltIn | undefined): ProviderView {
    const baseUrl = row?.baseUrl ?? builtIn?.baseUrl ?? '';
    const envKey = builtIn ? this.env[builtIn.envKey] : undefined;
    const keySource = row?.keyCiphertext ? 'stored' : envKey ? 'env' : 'none';
    const hint = row?.keyCiphertext ? row.keyHint : envKey ? hintOf(envKey) : null;
    return {
      id: row?.id ?? builtIn!.id,
      kind: (row?.kind ?? builtIn!.kind) as ProviderView['kind'],
      flavor: (row?.flavor ?? null) as ProviderView['flavor'],
      name: row?.name ?? builtIn!.name,
      baseUrl,
      keySource,
      keyHint: hint === null ? null : `••••${hint}`,
      local: isLoopbackUrl(baseUrl),
      toolMode: (row?.toolMode ?? 'auto') as ToolMode,
      firstTokenTimeoutSec: row?.firstTokenTimeoutSec ?? null,
      idleTimeoutSec: row?.idleTimeoutSec ?? null,
      builtIn: builtIn !== undefined,
    };
  }

  private freshId(name: string): string {
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40) || 'provider';
    let id = base;
    for (let n = 2; builtIns.some((b) => b.id === id) || this.repo.provider(id); n++) id = `${base}-${n}`;
    return id;
  }

  private changed(): void {
    this.events.emit('models.providersChanged', this.list());
  }
}

/** The last four characters, only when the key is long enough that they give nothing away. */
function hintOf(key: string): string {
  return key.length >= 16 ? key.slice(-4) : '';
}
