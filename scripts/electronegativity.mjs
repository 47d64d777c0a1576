// Runs Electronegativity over src/ and fails unless every finding is justified in electronegativity-exceptions.json.
// Usage: node scripts/electronegativity.mjs (wired up as `npm run security`, part of `npm test`).
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const exceptionsPath = join(root, 'electronegativity-exceptions.json');

// The package's bin (dist/index.js) cannot be used offline: it fetches translations from S3 on every start, and with
// -o it drops parse errors silently, so a file the parser chokes on would simply go unchecked. Its documented
// programmatic entry (package.json "main", dist/runner.js) returns the same findings as `-i src -o out.sarif`,
// plus the parse errors, without a temp file.
const toolPackageJson = createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json');
const toolPackage = JSON.parse(readFileSync(toolPackageJson, 'utf8'));
const requireFromTool = createRequire(toolPackageJson);

// Every network call in the tool goes through `got`; swap it for a stub before the tool loads it. The translation
// fetch gets a 404, which keeps the bundled en-US strings (so descriptions do not depend on $LANG); anything else is
// refused and fails the run, so a tool upgrade that starts phoning home is noticed rather than tolerated.
const refusedUrls = [];
function offlineGot(url) {
  if (String(url).startsWith(toolPackage.i18nSource)) return Promise.resolve({ statusCode: 404, body: '' });
  refusedUrls.push(String(url));
  return Promise.reject(new Error(`network access is disabled in scripts/electronegativity.mjs: ${url}`));
}
const gotPath = requireFromTool.resolve('got');
const stub = new Module(gotPath);
stub.filename = gotPath;
stub.loaded = true;
stub.exports = offlineGot;
requireFromTool.cache[gotPath] = stub;

const run = requireFromTool(join(dirname(toolPackageJson), toolPackage.main));

/** The Electron version the app ships, so version-dependent checks judge defaults for the right release. */
function electronVersion() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const match = /\d+\.\d+\.\d+/.exec(pkg.devDependencies?.electron ?? '');
  if (!match) throw new Error('package.json devDependencies.electron has no x.y.z version');
  return match[0];
}

/** Reads the exceptions and rejects a malformed file outright: a typo must not silently justify nothing. */
function loadExceptions() {
  const entries = JSON.parse(readFileSync(exceptionsPath, 'utf8'));
  if (!Array.isArray(entries)) throw new Error('electronegativity-exceptions.json must be an array');
  for (const [i, entry] of entries.entries()) {
    for (const key of ['check', 'file', 'justification']) {
      if (typeof entry?.[key] !== 'string' || entry[key].trim() === '') {
        throw new Error(`electronegativity-exceptions.json[${i}] needs a non-empty string "${key}"`);
      }
    }
  }
  return entries;
}

/** Repo-relative POSIX path, the form the exceptions file uses; global findings without a file stay "N/A". */
const repoPath = (file) => (isAbsolute(file) ? relative(root, file).split(sep).join('/') : file);

async function main() {
  const exceptions = loadExceptions();
  const result = await run({
    input: join(root, 'src'),
    isRelative: false,
    // The README calls this option `electronVersion`, but runner.js reads `electronVersionOverride` (as `-e` does).
    electronVersionOverride: electronVersion(),
    // This global check downloads Electron's release list from GitHub (-e does not stop it); it only judges the
    // Electron version found in package.json files, and src/ has none, so skipping it loses nothing here.
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    customScan: [],
    parserPlugins: [],
  });

  const findings = result.issues.map((issue) => ({
    check: issue.id,
    file: repoPath(issue.file),
    line: issue.location?.line ?? 0,
    description: issue.description,
  }));
  const used = new Set();
  const unjustified = findings.filter((finding) => {
    const index = exceptions.findIndex((e) => e.check === finding.check && e.file === finding.file);
    if (index !== -1) used.add(index);
    return index === -1;
  });
  const stale = exceptions.filter((_, i) => !used.has(i));
  // Tolerable errors are parser warnings; the others mean a file was not analysed at all.
  const parseErrors = result.errors.filter((error) => !error.tolerable);

  for (const f of unjustified) {
    console.error(`unjustified: ${f.check} ${f.file}${f.line > 0 ? `:${f.line}` : ''} ${f.description}`);
  }
  for (const e of stale) console.error(`stale exception (matches no finding): ${e.check} ${e.file}`);
  for (const e of parseErrors) console.error(`not analysed: ${repoPath(e.file)}: ${e.message}`);
  for (const url of refusedUrls) console.error(`refused network access: ${url}`);

  // Problems other than findings only show up in the summary when there are some, to keep the usual line short.
  const notes = [
    stale.length > 0 ? `${stale.length} stale exceptions` : '',
    parseErrors.length > 0 ? `${parseErrors.length} files not analysed` : '',
    refusedUrls.length > 0 ? `${refusedUrls.length} network requests refused` : '',
  ].filter(Boolean);
  console.log(
    `electronegativity: ${findings.length} findings, ${findings.length - unjustified.length} justified, ` +
      [`${unjustified.length} unjustified`, ...notes].join(', '),
  );
  return unjustified.length + stale.length + parseErrors.length + refusedUrls.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`electronegativity: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
