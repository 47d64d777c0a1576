import { mkdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexStatus, SearchQuery, SearchResult } from '../../shared/domain/search';
import type { FileService } from '../files/file-service';
import type { ChangeBatch } from '../files/watch-service';
import type { Logger } from '../logging/logger';
import { looksBinary } from '../files/text-codec';
import { compileMatcher, pathFilter, requiredLiteral, type LineMatcher } from './matcher';
import { SearchIndex } from './search-index';
import type { IndexedDoc } from './shard-writer';
import { walkProject } from './walker';

/** Files bigger than this are not indexed or scanned: minified bundles and data dumps, not code. */
const MAX_INDEXED_BYTES = 1024 * 1024;
const READ_CHUNK = 128;
const PREVIEW_CHARS = 240;

/** A file's text for the index; null when unchanged since last time, too big, binary or gone. */
async function readDoc(f: { path: string; abs: string }, knownMtime: number | undefined): Promise<IndexedDoc | null> {
  const info = await stat(f.abs).catch(() => null);
  if (!info || info.size > MAX_INDEXED_BYTES || knownMtime === info.mtimeMs) return null;
  const bytes = await readFile(f.abs).catch(() => null);
  if (!bytes || looksBinary(bytes)) return null;
  return { path: f.path, body: bytes.toString('utf8'), mtime: info.mtimeMs, size: info.size };
}

interface ProjectIndex {
  readonly index: SearchIndex;
  status: IndexStatus;
  build: Promise<void> | null;
  readonly abort: AbortController;
}

/**
 * Code search: a per-project FTS5 trigram index in the data dir, built in the background
 * with progress events, kept current from the file watcher. Until it is ready, queries
 * are answered by scanning the files, so search always answers.
 */
export class SearchService {
  private readonly projects = new Map<string, ProjectIndex>();

  constructor(
    private readonly dataDir: string,
    private readonly files: FileService,
    private readonly onStatus: (status: IndexStatus) => void,
    private readonly log: Logger,
    private readonly sqliteBinding?: string,
  ) {
    mkdirSync(join(dataDir, 'index'), { recursive: true });
  }

  status(projectId: string): IndexStatus {
    return (
      this.projects.get(projectId)?.status ?? {
        projectId,
        state: 'idle',
        indexedFiles: 0,
        totalFiles: 0,
        message: null,
      }
    );
  }

  /** Starts (or resumes) the background build for a project; returns at once. */
  ensureIndex(projectId: string): IndexStatus {
    let p = this.projects.get(projectId);
    if (!p) {
      const index = new SearchIndex(join(this.dataDir, 'index', projectId), this.sqliteBinding);
      p = {
        index,
        status: { projectId, state: 'building', indexedFiles: 0, totalFiles: 0, message: null },
        build: null,
        abort: new AbortController(),
      };
      this.projects.set(projectId, p);
      const current = p;
      current.build = this.build(projectId, current).catch((error: unknown) => {
        this.log.error({ projectId, err: error }, 'search index build failed');
        this.setStatus(current, {
          state: 'failed',
          message: 'The search index could not be built; search scans files instead.',
        });
      });
    }
    return p.status;
  }

  /** How many files and bytes the index holds (the benchmark's denominator). */
  indexedSize(projectId: string): { files: number; bytes: number } {
    return this.projects.get(projectId)?.index.size() ?? { files: 0, bytes: 0 };
  }

  /** Waits for a running build (tests, the benchmark). */
  async whenReady(projectId: string): Promise<void> {
    await this.projects.get(projectId)?.build;
  }

  private setStatus(p: ProjectIndex, patch: Partial<IndexStatus>): void {
    p.status = { ...p.status, ...patch };
    this.onStatus(p.status);
  }

  private async build(projectId: string, p: ProjectIndex): Promise<void> {
    const { guard, ignore } = this.files.forProject(projectId);
    const known = p.index.known();
    const seen = new Set<string>();
    const found: { path: string; abs: string }[] = [];
    for await (const f of walkProject(guard.root, ignore, p.abort.signal)) found.push(f);
    this.setStatus(p, { totalFiles: found.length });
    let done = 0;
    let lastReport = Date.now();
    // Files are read a chunk ahead (on libuv's threads) while the shard workers insert.
    const readChunk = (start: number) =>
      Promise.all(found.slice(start, start + READ_CHUNK).map((f) => readDoc(f, known.get(f.path))));
    let next = readChunk(0);
    // Two batches may be queued at the workers, so they never wait for the main thread to send more.
    const writing: Promise<void>[] = [];
    for (let i = 0; i < found.length; i += READ_CHUNK) {
      if (p.abort.signal.aborted) return;
      const docs = await next;
      next = readChunk(i + READ_CHUNK);
      for (const f of found.slice(i, i + READ_CHUNK)) seen.add(f.path);
      const ready = docs.filter((d): d is IndexedDoc => d !== null);
      if (writing.length >= 2) await writing.shift();
      writing.push(
        Promise.all([
          p.index.putMany(
            ready.filter((d) => !known.has(d.path)),
            true,
          ),
          p.index.putMany(ready.filter((d) => known.has(d.path))),
        ]).then(() => undefined),
      );
      done += docs.length;
      if (Date.now() - lastReport > 250) {
        lastReport = Date.now();
        this.setStatus(p, { indexedFiles: done });
      }
    }
    await next;
    await Promise.all(writing);
    await p.index.removeMany([...known.keys()].filter((path) => !seen.has(path)));
    this.setStatus(p, { state: 'ready', indexedFiles: found.length });
  }

  /** Keeps the index current from the watcher's batches. */
  async applyChanges(batch: ChangeBatch): Promise<void> {
    const p = this.projects.get(batch.projectId);
    if (!p || batch.files.length === 0) return;
    await p.build;
    const { guard, ignore } = this.files.forProject(batch.projectId);
    const puts: IndexedDoc[] = [];
    const removes: string[] = [];
    for (const change of batch.files) {
      await ignore.prepare(change.path.split('/').slice(0, -1).join('/'));
      const doc =
        change.type === 'delete' || ignore.isIgnored(change.path, false)
          ? null
          : await readDoc({ path: change.path, abs: join(guard.root, change.path) }, undefined);
      if (doc) puts.push(doc);
      else removes.push(change.path);
    }
    await p.index.removeMany(removes);
    await p.index.putMany(puts);
    // Tell the UI the index moved, so an open query can be answered again.
    this.setStatus(p, {});
  }

  async query(q: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const matcher = compileMatcher(q);
    const allowed = pathFilter(q.include, q.exclude);
    const p = this.projects.get(q.projectId);
    const collector = new Collector(matcher, q.maxResults);
    if (p?.status.state === 'ready') {
      for (const doc of p.index.candidates(requiredLiteral(q))) {
        if (allowed(doc.path) && !collector.add(doc.path, doc.body)) break;
      }
      return collector.result('index', performance.now() - started);
    }
    this.ensureIndex(q.projectId);
    const { guard, ignore } = this.files.forProject(q.projectId);
    for await (const f of walkProject(guard.root, ignore)) {
      if (!allowed(f.path)) continue;
      const bytes = await readFile(f.abs).catch(() => null);
      if (!bytes || bytes.length > MAX_INDEXED_BYTES || looksBinary(bytes)) continue;
      if (!collector.add(f.path, bytes.toString('utf8'))) break;
    }
    return collector.result('scan', performance.now() - started);
  }

  async dispose(): Promise<void> {
    const all = [...this.projects.values()];
    this.projects.clear();
    for (const p of all) p.abort.abort();
    // Let each build notice the abort and its last writes settle before the writers stop.
    await Promise.all(all.map((p) => p.build?.catch(() => undefined)));
    await Promise.all(all.map((p) => p.index.dispose()));
  }
}

/** Gathers matches per file, line by line, up to the result limit. */
class Collector {
  private readonly files: SearchResult['files'] = [];
  private count = 0;
  private truncated = false;

  constructor(
    private readonly matcher: LineMatcher,
    private readonly limit: number,
  ) {}

  /** Returns false once the limit is reached. */
  add(path: string, body: string): boolean {
    const matches: SearchResult['files'][number]['matches'] = [];
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const ranges = this.matcher(line);
      if (ranges.length === 0) continue;
      // Long lines (minified code) are cut around the first match so previews stay readable.
      const start = Math.max(0, Math.min(ranges[0]![0] - 40, line.length - PREVIEW_CHARS));
      const text = line.slice(start, start + PREVIEW_CHARS);
      matches.push({
        line: i + 1,
        text,
        ranges: ranges
          .map(([a, b]) => [a - start, b - start] as [number, number])
          .filter(([a]) => a >= 0 && a < text.length),
      });
      this.count += ranges.length;
      if (this.count >= this.limit) {
        this.truncated = true;
        break;
      }
    }
    if (matches.length > 0) this.files.push({ path, matches });
    return !this.truncated;
  }

  result(source: SearchResult['source'], elapsedMs: number): SearchResult {
    this.files.sort((a, b) => a.path.localeCompare(b.path));
    return { files: this.files, matchCount: this.count, truncated: this.truncated, source, elapsedMs };
  }
}
