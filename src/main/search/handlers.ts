import type { NamespaceHandlers } from '../ipc/router';
import type { SearchService } from './search-service';

/** The `search.*` requests. */
export function searchHandlers(search: SearchService): NamespaceHandlers<'search'> {
  return {
    'search.query': (q) => search.query(q),
    'search.status': ({ projectId }) => search.ensureIndex(projectId),
  };
}
