import type { ModelPurpose, ProviderView } from '../../shared/domain/models';
import { costOf, findPrice, type PriceTable } from './core/cost';
import { zeroUsage, type Usage } from './core/types';
import type { ModelsRepo } from './models-repo';

/** Who a call is for, so usage can be summed per project, run and workflow node. */
export interface Attribution {
  readonly projectId?: string;
  readonly runId?: string;
  readonly workflowId?: string;
  readonly nodeId?: string;
}

const localFlavors = new Set(['ollama', 'lmstudio', 'llamacpp', 'vllm']);

/** Prices calls and writes one usage row per call, failed or served from the cache too. */
export class UsageLedger {
  constructor(
    private readonly repo: ModelsRepo,
    private readonly prices: () => PriceTable,
    private readonly now: () => number,
    private readonly onRecorded: (row: { providerId: string; projectId: string | null }) => void = () => undefined,
  ) {}

  /** The cost of `usage` on this provider: 0 on a model server on this machine, null when unpriced. */
  cost(view: ProviderView, model: string, usage: Usage): number | null {
    const price = findPrice(this.prices(), model);
    // A model server on this machine is free. A hosted API's kind on a loopback URL, or a custom
    // local endpoint serving a model with a hosted price, is a proxy that bills.
    const localServer = view.local && view.kind === 'openai-compatible';
    const free = localServer && (localFlavors.has(view.flavor ?? '') || !price);
    return costOf(usage, price, free);
  }

  /** Records a call; `usage` is undefined for failed calls. Returns the cost. */
  record(
    view: ProviderView,
    model: string,
    call: { purpose?: ModelPurpose; attribution?: Attribution },
    outcome: { usage?: Usage; cached: boolean; code: string; latencyMs: number },
  ): number | null {
    const usage = outcome.usage && !outcome.cached ? outcome.usage : zeroUsage;
    const cost = this.cost(view, model, usage);
    const a = call.attribution ?? {};
    this.repo.recordUsage({
      at: this.now(),
      providerId: view.id,
      providerKind: view.kind,
      model,
      purpose: call.purpose ?? null,
      projectId: a.projectId ?? null,
      runId: a.runId ?? null,
      workflowId: a.workflowId ?? null,
      nodeId: a.nodeId ?? null,
      ...usage,
      latencyMs: outcome.latencyMs,
      costUsd: cost,
      cached: outcome.cached,
      outcome: outcome.code,
    });
    this.onRecorded({ providerId: view.id, projectId: a.projectId ?? null });
    return cost;
  }
}
