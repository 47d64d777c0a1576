import { protocol } from 'electron';
import { APP_SCHEME, serveAppRequest } from './app-protocol';

/**
 * Must run before `app.ready`. `standard` gives app://weft a real origin (so 'self', storage and
 * the IPC origin check mean this app and nothing else), `secure` makes it a secure context like
 * https, `supportFetchAPI` lets module scripts and workers load, `codeCache` keeps V8's compiled
 * code between starts. `corsEnabled` stays off: it would let other origins read these files, and
 * `bypassCSP` stays off so the policy applies.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves app:// from the built renderer folder only; everything else is a 4xx from serveAppRequest. */
export function serveRenderer(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const { status, headers, body } = await serveAppRequest(rendererRoot, request.method, request.url);
    return new Response(body, { status, headers });
  });
}
