import { useSyncExternalStore } from 'react';
import { databaseDamage } from '../../lib/api';
import { errorTitle } from '../../lib/errors';

/**
 * A banner that stays while Weft runs once its database was found damaged: every later save
 * fails the same way, so one steady explanation beats a toast per failed request.
 */
export function DatabaseNotice() {
  const message = useSyncExternalStore(databaseDamage.subscribe, databaseDamage.snapshot);
  if (message === null) return null;
  return (
    <div
      role="alert"
      data-testid="database-damaged"
      className="fixed top-2 left-1/2 z-50 w-[36rem] max-w-[90vw] -translate-x-1/2 rounded-sm border border-wb-danger bg-wb-side p-3 shadow-lg"
    >
      <div className="font-semibold text-wb-danger">{errorTitle('db_corrupt')}</div>
      <div className="mt-0.5 text-[12px] break-words">{message}</div>
    </div>
  );
}
