import { app, session, shell, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../csp';
import { isDevServerEntry, isTrustedUrl } from './trusted-url';

/** Opens a link in the OS browser only for http(s); everything else is dropped. */
export async function openExternalSafely(url: string): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return;
  await shell.openExternal(parsed.toString());
}

/**
 * Session-wide rules: deny permissions, set the CSP header, and lock down every web contents.
 * app:// responses already carry the policy (app-protocol.ts); this covers the dev server.
 */
export function hardenSession(rendererEntry: string): void {
  const isDevServer = isDevServerEntry(rendererEntry);
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        // Vite's dev server injects inline scripts for hot reload; production gets the strict policy.
        'Content-Security-Policy': [
          isDevServer
            ? CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
            : CONTENT_SECURITY_POLICY,
        ],
      },
    });
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents, rendererEntry));
}

function lockDown(contents: WebContents, rendererEntry: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, rendererEntry)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, rendererEntry)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // New windows are never opened; the renderer asks the user, then calls app.openExternal.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
