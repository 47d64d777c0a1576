import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { afterPack, electronBinaryPath, fuseConfig, packedTarget } from '../../scripts/after-pack.mjs';

// Packaging cannot run on the offline development machine (docs/packaging.md), so these tests pin down
// what the installers will contain and how CI builds them.

const root = fileURLToPath(new URL('../..', import.meta.url));

// js-yaml comes with electron-builder and ships no types; this is the one function the tests need.
const requireFromHere = createRequire(import.meta.url);
const yaml = requireFromHere('js-yaml') as { load(text: string): unknown };

function readYaml(path: string): unknown {
  return yaml.load(readFileSync(join(root, path), 'utf8'));
}

const targets = z.array(z.object({ target: z.string(), arch: z.array(z.string()) }));

const builderConfig = z.object({
  appId: z.string(),
  productName: z.string(),
  directories: z.object({ output: z.string(), buildResources: z.string() }),
  files: z.array(z.string()),
  asar: z.boolean(),
  afterPack: z.string(),
  asarUnpack: z.array(z.string()),
  npmRebuild: z.boolean(),
  mac: z.object({ target: targets, icon: z.string(), category: z.string(), hardenedRuntime: z.boolean() }),
  win: z.object({ target: targets, icon: z.string() }),
  linux: z.object({
    target: targets,
    icon: z.string(),
    category: z.string(),
    synopsis: z.string(),
    maintainer: z.string(),
  }),
});

const step = z.object({
  name: z.string().optional(),
  if: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
});

const workflow = z.object({
  // YAML 1.1 reads a bare `on:` key as boolean true; js-yaml follows YAML 1.2 and keeps the string.
  on: z.object({
    push: z.object({ tags: z.array(z.string()) }),
    workflow_dispatch: z.null(),
  }),
  jobs: z.record(
    z.string(),
    z.object({
      'runs-on': z.string(),
      env: z.record(z.string(), z.string()),
      strategy: z.object({
        matrix: z.object({ include: z.array(z.object({ os: z.string(), platform: z.string() })) }),
      }),
      steps: z.array(step),
    }),
  ),
});

const rawConfig = readYaml('electron-builder.yml');
const config = builderConfig.parse(rawConfig);
const release = workflow.parse(readYaml('.github/workflows/release.yml'));
const packageJson = z
  .object({ main: z.string(), dependencies: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));

/** minimatch-style globbing, enough for electron-builder's `files` and `asarUnpack` patterns. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (pattern.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

const matchesAny = (patterns: string[], path: string) => patterns.some((p) => globToRegExp(p).test(path));

/** Width and height from a PNG's IHDR chunk, which the format requires to come first. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const resources = join(root, config.directories.buildResources);

describe('electron-builder configuration', () => {
  it('names the app', () => {
    expect(config.appId).toBe('dev.weft.app');
    expect(config.productName).toBe('Weft');
    expect(config.directories.output).toBe('dist');
  });

  it('ships the electron-vite output and package.json, and none of the sources, tests or docs', () => {
    const shipped = config.files.filter((p) => !p.startsWith('!'));
    for (const path of [packageJson.main, 'out/preload/index.js', 'out/renderer/index.html', 'package.json']) {
      expect(matchesAny(shipped, path), path).toBe(true);
    }
    for (const path of ['src/main/index.ts', 'test/unit/packaging.test.ts', 'docs/packaging.md', 'tsconfig.json']) {
      expect(matchesAny(shipped, path), path).toBe(false);
    }
  });

  // Packages that ship an addon Weft never loads: only their .wasm is read, which works from inside app.asar.
  const wasmOnly = ['tree-sitter-bash'];

  it('loads only the wasm of the packages whose addon it does not unpack', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? sources(join(dir, entry.name))
          : /\.tsx?$/.test(entry.name)
            ? [join(dir, entry.name)]
            : [],
      );
    for (const file of sources(join(root, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const name of wasmOnly) {
        const uses = text.match(new RegExp(`['"]${name}[^'"]*['"]`, 'g')) ?? [];
        for (const use of uses) expect(use, relative(root, file)).toMatch(/\.wasm['"]$/);
      }
    }
  });

  it('unpacks every native dependency from the asar, including node-pty helpers', () => {
    // A dependency with a binding.gyp compiles a .node addon that the OS loader cannot read from app.asar.
    const native = Object.keys(packageJson.dependencies).filter(
      (name) => existsSync(join(root, 'node_modules', name, 'binding.gyp')) && !wasmOnly.includes(name),
    );
    expect(native.sort()).toEqual(['@parcel/watcher', 'better-sqlite3', 'node-pty']);
    for (const name of native) {
      expect(matchesAny(config.asarUnpack, `node_modules/${name}/package.json`), name).toBe(true);
    }
    for (const path of [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/node-pty/prebuilds/darwin-arm64/spawn-helper',
      'node_modules/node-pty/prebuilds/win32-x64/winpty-agent.exe',
      'node_modules/@parcel/watcher-linux-x64-glibc/watcher.node',
      'node_modules/some-future-addon/build/Release/addon.node',
    ]) {
      expect(matchesAny(config.asarUnpack, path), path).toBe(true);
    }
    // The app's own code stays packed.
    expect(matchesAny(config.asarUnpack, packageJson.main)).toBe(false);
  });

  it('rebuilds native modules for Electron when packaging', () => {
    expect(config.npmRebuild).toBe(true);
  });

  it('builds a dmg per Mac architecture, an x64 NSIS installer and x64 AppImage and deb', () => {
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['arm64', 'x64'] }]);
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux.target).toEqual([
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ]);
  });

  it('lists the app among developer tools on each platform', () => {
    expect(config.mac.category).toBe('public.app-category.developer-tools');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.linux.category).toBe('Development');
    expect(config.linux.synopsis.length).toBeGreaterThan(0);
    // fpm refuses a deb without a maintainer, and package.json's author has no e-mail to derive one from.
    expect(config.linux.maintainer.length).toBeGreaterThan(0);
  });

  it('points mac and win at a 1024x1024 icon.png, which electron-builder converts to icns and ico', () => {
    for (const icon of [config.mac.icon, config.win.icon]) {
      expect(icon).toBe('icon.png');
      expect(pngSize(join(resources, icon))).toEqual({ width: 1024, height: 1024 });
    }
    expect(existsSync(join(resources, 'icon.svg'))).toBe(true);
  });

  it('gives Linux a set of icons whose pixel sizes match their names', () => {
    const dir = join(resources, config.linux.icon);
    const sizes = readdirSync(dir).map((file) => {
      const match = /^(\d+)x(\d+)\.png$/.exec(file);
      expect(match, file).not.toBeNull();
      expect(pngSize(join(dir, file)), file).toEqual({ width: Number(match?.[1]), height: Number(match?.[2]) });
      return Number(match?.[1]);
    });
    expect(sizes.sort((a, b) => a - b)).toEqual([16, 32, 48, 64, 128, 256, 512]);
  });
});

describe('Electron fuses (scripts/after-pack.mjs)', () => {
  // Packaging cannot run here, so the hook is run against stand-in binaries that carry only the fuse wire.
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  const ENABLE = 0x31;
  const DISABLE = 0x30;
  const work = mkdtempSync(join(tmpdir(), 'weft-after-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** A file with Electron's fuse sentinel, wire version 1 and `length` fuses, all as Electron ships them. */
  function fakeElectron(path: string, length: number): void {
    mkdirSync(join(path, '..'), { recursive: true });
    // Electron 45's defaults for the fuses @electron/fuses 1.8 names, then one newer fuse it does not know.
    const shipped = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE, ENABLE].slice(0, length);
    const wire = Buffer.from([0x01, length, ...shipped]);
    writeFileSync(path, Buffer.concat([Buffer.from('ELF...code'), Buffer.from(SENTINEL), wire, Buffer.from('...')]));
  }

  const hardened = {
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };

  it('is the afterPack hook of electron-builder.yml, inside the repository, and packs into an asar', () => {
    expect(config.afterPack).toBe('./scripts/after-pack.mjs');
    const hook = resolve(root, config.afterPack);
    const rel = relative(root, hook);
    expect(rel.startsWith('..') || isAbsolute(rel)).toBe(false);
    expect(existsSync(hook)).toBe(true);
    expect(typeof afterPack).toBe('function');
    // OnlyLoadAppFromAsar needs an app.asar, and integrity validation needs electron-builder's hash of it.
    expect(config.asar).toBe(true);
    expect(rawConfig).not.toHaveProperty('disableAsarIntegrity');
    // One place sets the fuses; electron-builder's own block would flip them a second time.
    expect(rawConfig).not.toHaveProperty('electronFuses');
  });

  it('sets the same fuses for every packaged platform and arch', () => {
    const builds = [
      ...config.mac.target.flatMap((t) => t.arch.map((arch) => ({ platform: 'darwin', arch }))),
      ...config.win.target.flatMap((t) => t.arch.map((arch) => ({ platform: 'win32', arch }))),
      ...config.linux.target.flatMap((t) => t.arch.map((arch) => ({ platform: 'linux', arch }))),
    ];
    for (const build of builds) {
      expect(fuseConfig(build), `${build.platform} ${build.arch}`).toMatchObject({
        version: FuseVersion.V1,
        ...hardened,
      });
    }
  });

  it('resets the ad-hoc signature only for macOS builds that contain arm64', () => {
    expect(fuseConfig({ platform: 'darwin', arch: 'arm64' }).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig({ platform: 'darwin', arch: 'universal' }).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig({ platform: 'darwin', arch: 'x64' }).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig({ platform: 'mas', arch: 'arm64' }).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig({ platform: 'linux', arch: 'arm64' }).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig({ platform: 'win32', arch: 'x64' }).resetAdHocDarwinSignature).toBe(false);
  });

  it('finds the packed binary per platform from the afterPack context', () => {
    const names = { appOutDir: '/dist/out', productFilename: 'Weft', executableName: 'weft' };
    expect(electronBinaryPath({ platform: 'darwin', ...names })).toBe(join('/dist/out', 'Weft.app'));
    expect(electronBinaryPath({ platform: 'mas', ...names })).toBe(join('/dist/out', 'Weft.app'));
    expect(electronBinaryPath({ platform: 'win32', ...names })).toBe(join('/dist/out', 'Weft.exe'));
    expect(electronBinaryPath({ platform: 'linux', ...names })).toBe(join('/dist/out', 'weft'));
    expect(() => electronBinaryPath({ platform: 'aix', ...names })).toThrow(/aix/);

    // electron-builder passes Arch as a number (builder-util: ia32 0, x64 1, armv7l 2, arm64 3, universal 4).
    const appInfo = { productFilename: 'Weft' };
    expect(packedTarget({ appOutDir: '/o', electronPlatformName: 'darwin', arch: 3, packager: { appInfo } })).toEqual({
      platform: 'darwin',
      arch: 'arm64',
      appOutDir: '/o',
      productFilename: 'Weft',
      executableName: 'Weft',
    });
    const linux = { appInfo, executableName: 'weft' };
    expect(packedTarget({ appOutDir: '/o', electronPlatformName: 'linux', arch: 1, packager: linux })).toMatchObject({
      arch: 'x64',
      executableName: 'weft',
    });
    expect(() => packedTarget({ appOutDir: '/o', electronPlatformName: 'linux', arch: 9, packager: linux })).toThrow();
  });

  it('flips the fuse wire of a Linux, Windows and Intel Mac stand-in, leaving fuses it does not name alone', async () => {
    const cases = [
      { platform: 'linux', arch: 1, binary: join(work, 'linux', 'weft') },
      { platform: 'win32', arch: 1, binary: join(work, 'win', 'Weft.exe') },
      // flipFuses is given Weft.app and edits the framework inside it, where macOS keeps the wire.
      {
        platform: 'darwin',
        arch: 1,
        binary: join(
          work,
          'mac',
          'Weft.app',
          'Contents',
          'Frameworks',
          'Electron Framework.framework',
          'Electron Framework',
        ),
      },
    ];
    for (const { platform, arch, binary } of cases) {
      fakeElectron(binary, 9);
      const appOutDir = join(work, platform === 'linux' ? 'linux' : platform === 'win32' ? 'win' : 'mac');
      const packager = { appInfo: { productFilename: 'Weft' }, executableName: 'weft' };
      await afterPack({ appOutDir, electronPlatformName: platform, arch, packager });
      const wire = await getCurrentFuseWire(platform === 'darwin' ? join(appOutDir, 'Weft.app') : binary);
      const flipped = Object.fromEntries(Object.entries(hardened).map(([fuse, on]) => [fuse, on ? ENABLE : DISABLE]));
      expect(wire, platform).toMatchObject(flipped);
      // LoadBrowserProcessSpecificV8Snapshot (6) is not configured, nor is the ninth fuse 1.8 does not know.
      expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot], platform).toBe(DISABLE);
      expect((wire as unknown as Record<number, number>)[8], platform).toBe(ENABLE);
    }
  });

  it('fails the build when the binary has no fuse wire, rather than shipping it unflipped', async () => {
    const appOutDir = join(work, 'broken');
    mkdirSync(appOutDir, { recursive: true });
    writeFileSync(join(appOutDir, 'weft'), 'not electron');
    const packager = { appInfo: { productFilename: 'Weft' }, executableName: 'weft' };
    await expect(afterPack({ appOutDir, electronPlatformName: 'linux', arch: 1, packager })).rejects.toThrow(
      /sentinel/,
    );
  });
});

describe('release workflow', () => {
  const jobs = Object.values(release.jobs);
  const job = jobs[0];
  if (job === undefined) throw new Error('release.yml has no jobs');
  const runs = job.steps.map((s) => s.run ?? '');
  const indexOfRun = (fragment: string) => runs.findIndex((run) => run.includes(fragment));

  it('runs for version tags and on demand', () => {
    expect(release.on.push.tags).toEqual(['v*']);
    expect(release.on).toHaveProperty('workflow_dispatch');
  });

  it('builds on macOS, Windows and Linux, each with its own electron-builder platform flag', () => {
    expect(jobs).toHaveLength(1);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    const flags = Object.fromEntries(job.strategy.matrix.include.map((entry) => [entry.os, entry.platform]));
    expect(flags).toEqual({ 'macos-latest': '--mac', 'windows-latest': '--win', 'ubuntu-latest': '--linux' });
    const packaging = runs.filter((run) => run.includes('electron-builder ${{ matrix.platform }}'));
    expect(packaging).toHaveLength(1);
    expect(packaging[0]).toContain('--publish never');
  });

  it('uses Node 20 with the npm cache and a clean install', () => {
    const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with).toMatchObject({ 'node-version': 20, cache: 'npm' });
    expect(runs).toContain('npm ci');
  });

  it('fetches Electron, builds, rebuilds native modules, then runs the Electron e2e test before packaging', () => {
    const order = [
      indexOfRun('npm ci'),
      indexOfRun('node_modules/electron/install.js'),
      indexOfRun('npm run build'),
      indexOfRun('electron-builder install-app-deps'),
      indexOfRun('vitest run test/e2e/electron.test.ts'),
      indexOfRun('electron-builder ${{ matrix.platform }}'),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('runs the e2e test on every OS, under Xvfb on Linux', () => {
    const e2e = job.steps.filter((s) => s.run?.includes('vitest run test/e2e/electron.test.ts'));
    const linux = e2e.filter((s) => s.if === "runner.os == 'Linux'");
    const others = e2e.filter((s) => s.if === "runner.os != 'Linux'");
    expect(linux).toHaveLength(1);
    expect(others).toHaveLength(1);
    expect(linux[0]?.run).toMatch(/^xvfb-run -a /);
    expect(others[0]?.run).not.toContain('xvfb');
  });

  it('uploads exactly the installer types electron-builder is configured to make', () => {
    const extensionOf: Record<string, string> = { dmg: 'dmg', nsis: 'exe', AppImage: 'AppImage', deb: 'deb' };
    const made = [...config.mac.target, ...config.win.target, ...config.linux.target].map((t) => {
      const extension = extensionOf[t.target];
      if (extension === undefined) throw new Error(`no artifact extension known for target ${t.target}`);
      return `${config.directories.output}/*.${extension}`;
    });
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const paths = z.string().parse(upload?.with?.path).trim().split('\n');
    expect(paths.sort()).toEqual(made.sort());
    expect(upload?.with?.['if-no-files-found']).toBe('error');
  });

  it('leaves code signing off until signing secrets are added', () => {
    expect(job.env.CSC_IDENTITY_AUTO_DISCOVERY).toBe('false');
  });
});
