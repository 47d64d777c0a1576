import { randomBytes } from 'node:crypto';
import type {
  ConnectionTest,
  LocalServer,
  ModelInfo,
  ModelPurpose,
  PromptTemplate,
  ProviderView,
  UsageDay,
} from '../../shared/domain/models';
import { effectiveToolSupport } from '../../shared/domain/models';
import { WeftError } from '../../shared/ipc/errors';
import type { Logger } from '../logging/logger';
import { scrubSecrets } from '../logging/redact';
import { runCall, finishCollected, type CallOptions, type Collected } from './call';
import { assertWithinBudget, type Budget } from './core/budget';
import type { PriceTable } from './core/cost';
import { ModelError } from './core/model-error';
import { assertNetworkAllowed, guardedFetch, hostOf, isLoopbackUrl } from './core/network-policy';
import { renderTemplate } from './core/templates';
import type { ModelRequest, ModelResult, ProviderEvent, ToolSpec } from './core/types';
import {
  chooseNumCtx,
  createOllamaContextModel,
  defaultLocalPorts,
  detectLocalServers,
  isDerivedOllamaModel,
  ollamaShow,
  type LocalPorts,
} from './local/detect';
import type { ModelsRepo } from './models-repo';
import type { ProviderRegistry, ResolvedProvider } from './provider-registry';
import { AnthropicProvider } from './providers/anthropic';
import { OpenAiProvider } from './providers/openai';
import type { FetchLike, ModelProvider } from './providers/provider';
import { toModelError } from './providers/sdk-errors';
import { responseCacheKey, shapeForProvider, usesTextTools } from './request-shaping';
import { defaultTiming, type ModelTiming } from './timing';
import { UsageLedger, type Attribution } from './usage-ledger';

export type { Attribution } from './usage-ledger';
export type { ModelTiming } from './timing';

/** How to make one call. */
export interface CompleteOptions {
  readonly purpose?: ModelPurpose;
  readonly attribution?: Attribution;
  readonly budgets?: readonly Budget[];
  /** `auto` (default) caches deterministic calls (temperature 0) that are not agent turns. */
  readonly cache?: 'auto' | 'on' | 'off';
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ProviderEvent) => void;
  /** Hears each retry as it is decided, so a waiting run can show it rather than sit on "Running". */
  readonly onRetry?: (info: RetryNotice) => void;
}

/** One retry of a model call: why the last attempt failed and when the next one starts. */
export interface RetryNotice {
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly delayMs: number;
  readonly reason: string;
}

/** What ModelService is built from, in the composition root. */
export interface ModelServiceDeps {
  readonly registry: ProviderRegistry;
  readonly repo: ModelsRepo;
  readonly isOffline: () => boolean;
  readonly prices: () => PriceTable;
  /** Every value that must be scrubbed from messages (the logger's registered secrets). */
  readonly secrets: () => Iterable<string>;
  readonly log: Logger;
  readonly fetch?: FetchLike;
  readonly timing?: Partial<ModelTiming>;
  readonly localPorts?: LocalPorts;
  /** Hears every usage row written, e.g. to tell the renderer. */
  readonly onUsage?: (row: { providerId: string; projectId: string | null }) => void;
}

const CACHE_TTL_MS = 30 * 86_400_000;

const PROBE_TOOL: ToolSpec = {
  name: 'get_time',
  description: 'Returns the current time.',
  parameters: { type: 'object', properties: {}, additionalProperties: false },
};

/**
 * Every model request of Weft goes through here: offline policy first, then budgets, the
 * response cache, the provider call with retries and timeouts, and a usage row with its cost.
 */
export class ModelService {
  private readonly fetch: FetchLike;
  private readonly timing: ModelTiming;
  private readonly inflight = new Set<AbortController>();
  private readonly ledger: UsageLedger;

  constructor(private readonly deps: ModelServiceDeps) {
    this.fetch = guardedFetch(deps.fetch ?? globalThis.fetch, deps.isOffline);
    this.timing = { ...defaultTiming, ...deps.timing };
    this.ledger = new UsageLedger(deps.repo, deps.prices, this.timing.now, deps.onUsage);
    // Cached answers are for repeated identical calls, not an archive.
    const pruned = deps.repo.pruneCache(this.timing.now() - CACHE_TTL_MS);
    if (pruned > 0) deps.log.info({ pruned }, 'pruned old cached model answers');
  }

  /** One model call, collected. Throws ModelError, `offline_blocked`, `budget_exceeded` or `cancelled`. */
  async complete(providerId: string, request: ModelRequest, options: CompleteOptions = {}): Promise<ModelResult> {
    const resolved = this.deps.registry.resolve(providerId);
    const { view } = resolved;
    this.assertCallable(resolved);
    for (const budget of options.budgets ?? [])
      assertWithinBudget(budget, this.deps.repo.spent(budget.scope, budget.id));

    const now = this.timing.now;
    const cacheKey = responseCacheKey(view, request, options.cache ?? 'auto', options.purpose);
    if (cacheKey) {
      const hit = this.deps.repo.cached(cacheKey) as ModelResult | undefined;
      if (hit) {
        this.ledger.record(view, request.model, options, { cached: true, code: 'ok', latencyMs: 0 });
        return { ...hit, latencyMs: 0, costUsd: 0, cached: true };
      }
    }

    const started = now();
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort);
    this.inflight.add(controller);
    try {
      const collected = await this.callWithToolFallback(resolved, request, controller.signal, options);
      const finished = finishCollected(request, collected, () => `call_${randomBytes(6).toString('hex')}`);
      const latencyMs = now() - started;
      const cost = this.ledger.record(view, request.model, options, {
        usage: collected.usage,
        cached: false,
        code: 'ok',
        latencyMs,
      });
      const result: ModelResult = {
        model: request.model,
        ...finished,
        usage: collected.usage,
        latencyMs,
        costUsd: cost,
        cached: false,
      };
      if (cacheKey) this.deps.repo.putCached(cacheKey, view.id, request.model, result, now());
      this.deps.log.info(
        { provider: view.id, model: request.model, usage: result.usage, cost, attempts: collected.attempts },
        'model call finished',
      );
      return result;
    } catch (error) {
      const safe = this.safeError(error, view.name);
      this.ledger.record(view, request.model, options, { cached: false, code: safe.code, latencyMs: now() - started });
      this.deps.log.warn(
        { provider: view.id, model: request.model, code: safe.code, reason: safe.message },
        'model call failed',
      );
      throw safe;
    } finally {
      this.inflight.delete(controller);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Calls with native tools, unless the model is known not to have them. A local server that
   * refuses the tools field (its chat template has none) gets the text protocol instead, once,
   * and the model is remembered as a text-protocol model.
   */
  private async callWithToolFallback(
    resolved: ResolvedProvider,
    request: ModelRequest,
    signal: AbortSignal,
    listeners: Pick<CompleteOptions, 'onEvent' | 'onRetry'>,
  ): Promise<Collected> {
    const { view } = resolved;
    const notes = resolved.modelInfo[request.model];
    const textTools = usesTextTools(view, request, notes);
    const options = this.callOptions(view, signal, listeners.onEvent, listeners.onRetry);
    try {
      return await runCall(this.provider(resolved), shapeForProvider(request, textTools, notes), options);
    } catch (error) {
      const mayFallBack =
        error instanceof ModelError &&
        error.code === 'model_bad_request' &&
        !textTools &&
        (request.tools?.length ?? 0) > 0 &&
        view.kind === 'openai-compatible' &&
        view.toolMode === 'auto' &&
        notes?.toolSupport !== 'native';
      if (!mayFallBack) throw error;
      this.deps.log.info(
        { provider: view.id, model: request.model },
        'the server refused tools; using the text protocol',
      );
      this.deps.registry.noteModel(view.id, request.model, { ...notes, toolSupport: 'text' });
      return runCall(this.provider(resolved), shapeForProvider(request, true, notes), options);
    }
  }

  /** Renders a stored template, then calls the model with it as the user message. */
  async completeTemplate(
    providerId: string,
    model: string,
    template: string,
    values: Readonly<Record<string, string>>,
    options: CompleteOptions = {},
  ): Promise<ModelResult> {
    const row = this.deps.repo.template(template);
    if (!row) throw new WeftError('template_not_found', `There is no prompt template "${template}".`);
    const content = renderTemplate(template, row.body, values);
    return this.complete(providerId, { model, messages: [{ role: 'user', content }], temperature: 0 }, options);
  }

  async testConnection(providerId: string): Promise<ConnectionTest> {
    const resolved = this.deps.registry.resolve(providerId);
    this.assertCallable(resolved);
    const started = this.timing.now();
    try {
      const models = await this.provider(resolved).listModels(AbortSignal.timeout(15_000));
      // The derived models Weft made for their context length are not the user's to pick.
      const listed = resolved.view.flavor === 'ollama' ? models.filter((m) => !isDerivedOllamaModel(m.id)) : models;
      const known = listed.map((m) => {
        const info = resolved.modelInfo[m.id];
        const probed = (info?.toolSupport as ModelInfo['toolSupport'] | undefined) ?? m.toolSupport;
        return {
          ...m,
          toolSupport: effectiveToolSupport(resolved.view.toolMode, probed),
          ...(info?.contextLength ? { contextLength: info.contextLength } : {}),
        };
      });
      return { models: known, latencyMs: this.timing.now() - started };
    } catch (error) {
      throw this.safeError(error, resolved.view.name);
    }
  }

  /**
   * Finds out whether a model calls tools natively (Ollama says so; others are asked to call a
   * tool), remembers it, and for Ollama sets up a sensible context length.
   */
  async probeModel(providerId: string, model: string): Promise<ModelInfo> {
    const resolved = this.deps.registry.resolve(providerId);
    const { view } = resolved;
    this.assertCallable(resolved);
    let contextLength: number | null = null;
    let toolSupport: ModelInfo['toolSupport'] | undefined;
    let ollamaModel: string | undefined;
    if (view.flavor === 'ollama') {
      const shown = await ollamaShow(this.fetch, view.baseUrl, model).catch(() => undefined);
      if (shown) {
        toolSupport = shown.tools === undefined ? undefined : shown.tools ? 'native' : 'text';
        contextLength = chooseNumCtx(shown.contextLength);
        ollamaModel = await createOllamaContextModel(this.fetch, view.baseUrl, model, contextLength).catch(
          (error: unknown) => {
            this.deps.log.warn({ model, err: String(error) }, 'could not set the Ollama context length');
            return undefined;
          },
        );
      }
    }
    if (!toolSupport) toolSupport = await this.askForToolCall(resolved, model);
    const info = { toolSupport, contextLength, ...(ollamaModel ? { ollamaModel } : {}) };
    this.deps.registry.noteModel(providerId, model, info);
    return { id: model, toolSupport: effectiveToolSupport(view.toolMode, toolSupport), contextLength };
  }

  async detectLocal(): Promise<LocalServer[]> {
    const found = await detectLocalServers(this.fetch, this.deps.localPorts ?? defaultLocalPorts);
    const providers = this.deps.registry.list();
    return found.map((s) => ({
      ...s,
      providerId: providers.find((p) => sameLocalEndpoint(p.baseUrl, s.baseUrl))?.id ?? null,
    }));
  }

  usage(days: number, projectId?: string): UsageDay[] {
    return this.deps.repo.usageByDay(this.timing.now() - days * 86_400_000, projectId);
  }

  templates(): PromptTemplate[] {
    return this.deps.repo.templates().map(({ name, description, body }) => ({ name, description, body }));
  }

  saveTemplate(template: PromptTemplate): PromptTemplate {
    this.deps.repo.saveTemplate({ ...template, updatedAt: this.timing.now() });
    return template;
  }

  removeTemplate(name: string): void {
    if (!this.deps.repo.template(name))
      throw new WeftError('template_not_found', `There is no prompt template "${name}".`);
    this.deps.repo.removeTemplate(name);
  }

  /** Cancels calls in flight. */
  dispose(): void {
    for (const controller of this.inflight) controller.abort();
    this.inflight.clear();
  }

  /** Offline policy first, so a blocked call leaves no trace on the network; then a key where one is needed. */
  private assertCallable(resolved: ResolvedProvider): void {
    const { view } = resolved;
    assertNetworkAllowed(view.baseUrl, this.deps.isOffline());
    if (!view.local && view.kind !== 'openai-compatible' && !resolved.apiKey) {
      const variable = view.kind === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
      throw new ModelError(
        'model_auth_failed',
        `${view.name} has no API key. Add one in Settings → Models${view.builtIn ? ` or set ${variable}` : ''}.`,
        false,
      );
    }
  }

  private async askForToolCall(resolved: ResolvedProvider, model: string): Promise<ModelInfo['toolSupport']> {
    const request: ModelRequest = {
      model,
      messages: [{ role: 'user', content: 'What time is it? Use the get_time tool.' }],
      tools: [PROBE_TOOL],
      maxTokens: 200,
      temperature: 0,
    };
    try {
      const collected = await runCall(
        this.provider(resolved),
        request,
        this.callOptions(resolved.view, undefined, undefined),
      );
      return collected.toolCalls.some((c) => c.name === PROBE_TOOL.name) ? 'native' : 'text';
    } catch (error) {
      // A server whose chat template has no tools refuses the field outright.
      if (error instanceof ModelError && error.code === 'model_bad_request') return 'text';
      throw this.safeError(error, resolved.view.name);
    }
  }

  private provider(resolved: ResolvedProvider): ModelProvider {
    const connection = {
      label: labelOf(resolved.view),
      baseUrl: resolved.view.baseUrl,
      apiKey: resolved.apiKey,
      fetch: this.fetch,
    };
    return resolved.view.kind === 'anthropic'
      ? new AnthropicProvider(connection)
      : new OpenAiProvider(connection, resolved.view.kind === 'openai-compatible');
  }

  private callOptions(
    view: ProviderView,
    signal: AbortSignal | undefined,
    onEvent: CompleteOptions['onEvent'],
    onRetry?: CompleteOptions['onRetry'],
  ): CallOptions {
    return {
      label: labelOf(view),
      ...this.timing,
      ...this.waitsFor(view),
      ...(signal ? { signal } : {}),
      ...(onEvent ? { onEvent } : {}),
      onRetry: ({ attempt, delayMs, error }) => {
        this.deps.log.info({ attempt, delayMs, code: error.code }, 'retrying a model call');
        onRetry?.({
          attempt,
          maxAttempts: this.timing.retry.maxAttempts,
          delayMs,
          reason: scrubSecrets(error.message, this.deps.secrets()),
        });
      },
    };
  }

  /**
   * The provider's own waits replace Weft's defaults for that provider only; a timing a test
   * passed in explicitly still wins, so tests stay fast whatever a provider row says.
   */
  private waitsFor(view: ProviderView): { firstTokenTimeoutMs: number; idleTimeoutMs: number } {
    const fixed = this.deps.timing ?? {};
    const firstDefault = view.local ? this.timing.localFirstTokenTimeoutMs : this.timing.firstTokenTimeoutMs;
    const firstFixed = view.local ? fixed.localFirstTokenTimeoutMs : fixed.firstTokenTimeoutMs;
    return {
      firstTokenTimeoutMs:
        firstFixed ?? (view.firstTokenTimeoutSec !== null ? view.firstTokenTimeoutSec * 1000 : firstDefault),
      idleTimeoutMs:
        fixed.idleTimeoutMs ?? (view.idleTimeoutSec !== null ? view.idleTimeoutSec * 1000 : this.timing.idleTimeoutMs),
    };
  }

  /** A WeftError whose message carries no key, whatever the provider echoed back. */
  private safeError(error: unknown, label: string): WeftError {
    const known = error instanceof WeftError ? error : toModelError(error, label, false, this.timing.now());
    const message = scrubSecrets(known.message, this.deps.secrets());
    if (message === known.message) return known;
    return known instanceof ModelError
      ? new ModelError(known.code, message, known.retryable, known.retryAfterMs)
      : new WeftError(known.code, message);
  }
}

/** `localhost:11434` and `127.0.0.1:11434/v1/` are the same server. */
function sameLocalEndpoint(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return isLoopbackUrl(a) && isLoopbackUrl(b) && x.port === y.port && x.protocol === y.protocol;
  } catch {
    return false;
  }
}

/** How messages name a provider: with its address when it is on this machine. */
function labelOf(view: ProviderView): string {
  return view.local ? `${view.name} (${hostOf(view.baseUrl)})` : view.name;
}
