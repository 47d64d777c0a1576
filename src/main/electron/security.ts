import { app, session, shell, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../csp';

/** The app's own origin: the bundled renderer under file://, or the dev server in development. */
export function isTrustedUrl(url: string, devServerUrl: string | undefined): boolean {
  if (devServerUrl) return url.startsWith(new URL(devServerUrl).origin + '/');
  return url.startsWith('file://');
}

/** Opens a link in the OS browser only for http(s); everything else is dropped. */
export async function openExternalSafely(url: string): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return;
  await shell.openExternal(parsed.toString());
}

/** Session-wide rules: deny permissions, set the CSP header, and lock down every web contents. */
export function hardenSession(devServerUrl: string | undefined): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        // Vite's dev server injects inline scripts for hot reload; production gets the strict policy.
        'Content-Security-Policy': [
          devServerUrl
            ? `${CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")}`
            : CONTENT_SECURITY_POLICY,
        ],
      },
    });
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents, devServerUrl));
}

function lockDown(contents: WebContents, devServerUrl: string | undefined): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // New windows are never opened; the renderer asks the user, then calls app.openExternal.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
