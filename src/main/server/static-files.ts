import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves the built renderer from `root`. Unknown paths fall back to index.html (the
 * UI routes itself); a path that escapes `root` is answered 404.
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    res.writeHead(400).end('Bad request');
    return;
  }
  const target = normalize(join(root, rel));
  if (target !== root && !target.startsWith(root + sep)) {
    res.writeHead(404).end('Not found');
    return;
  }
  let file = target;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    if (extname(rel) !== '') {
      res.writeHead(404).end('Not found');
      return;
    }
    file = join(root, 'index.html');
  }
  const isIndex = file.endsWith('index.html');
  res.writeHead(200, {
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    // Hashed assets never change; the page itself must, after every upgrade.
    'Cache-Control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
