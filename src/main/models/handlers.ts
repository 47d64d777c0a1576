import type { NamespaceHandlers } from '../ipc/router';
import type { ModelService } from './model-service';
import type { ProviderRegistry } from './provider-registry';

/** The `models.*` requests. */
export function modelHandlers(models: ModelService, registry: ProviderRegistry): NamespaceHandlers<'models'> {
  return {
    'models.providers': () => registry.list(),
    'models.saveProvider': (input) => registry.save(input),
    'models.removeProvider': ({ id }) => {
      registry.remove(id);
      return null;
    },
    'models.testConnection': ({ id }) => models.testConnection(id),
    'models.probeModel': ({ id, model }) => models.probeModel(id, model),
    'models.detectLocal': () => models.detectLocal(),
    'models.ask': async ({ providerId, model, prompt, purpose }) => {
      const result = await models.complete(
        providerId,
        { model, messages: [{ role: 'user', content: prompt }] },
        { purpose: purpose ?? 'quick' },
      );
      return {
        text: result.text,
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        costUsd: result.costUsd,
        latencyMs: result.latencyMs,
        cached: result.cached,
      };
    },
    'models.usage': ({ days, projectId }) => models.usage(days, projectId),
    'models.templates': () => models.templates(),
    'models.saveTemplate': (template) => models.saveTemplate(template),
    'models.removeTemplate': ({ name }) => {
      models.removeTemplate(name);
      return null;
    },
  };
}
