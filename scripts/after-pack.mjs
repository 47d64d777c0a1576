// electron-builder `afterPack` hook (electron-builder.yml): flips Electron's fuses in the packed binary.
// It runs after the app is packed and the ASAR integrity data is written, and before signing, so the
// signature covers the flipped binary. See docs/packaging.md for what each fuse does.
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';

/** electron-builder's Arch enum (builder-util), by value; the hook receives the number. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/**
 * The file @electron/fuses must be given: the .app bundle on macOS (it finds the Electron
 * Framework inside, where the fuse wire lives), the renamed executable elsewhere.
 * @param {{ platform: string, appOutDir: string, productFilename: string, executableName: string }} target
 */
export function electronBinaryPath({ platform, appOutDir, productFilename, executableName }) {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${productFilename}.exe`);
    case 'linux':
      // Linux packages name the binary after executableName (lower-case "weft"), not the product name.
      return join(appOutDir, executableName);
    default:
      throw new Error(`after-pack: no Electron binary known for platform ${platform}`);
  }
}

/**
 * The fuses every package gets. Fuses this version of @electron/fuses does not name are left as
 * Electron ships them (no strictlyRequireAllFuses: Electron 45's wire may be longer than 1.8 knows).
 * @param {{ platform: string, arch: string }} target
 */
export function fuseConfig({ platform, arch }) {
  return {
    version: FuseVersion.V1,
    // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node that runs any script.
    [FuseV1Options.RunAsNode]: false,
    // --inspect and friends would attach a debugger to main, which holds keys and runs agents.
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // NODE_OPTIONS could --require arbitrary code into main.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // app.asar is checked against the hash electron-builder records (Info.plist on macOS, a resource
    // on Windows); Linux has no integrity data and ignores this fuse.
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    // Without it Electron would also load an unchecked resources/app folder placed next to app.asar.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
    // The renderer is served from app://; file:// pages get no more than a browser gives them.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // Changing the binary breaks Electron's ad-hoc signature, and Apple silicon refuses to run
    // unsigned code, so arm64 (and universal, which contains arm64) is re-signed ad hoc; a real
    // identity signs over it afterwards.
    resetAdHocDarwinSignature: platform === 'darwin' && (arch === 'arm64' || arch === 'universal'),
  };
}

/**
 * Describes one packed app from electron-builder's AfterPackContext.
 * @param {{ appOutDir: string, electronPlatformName: string, arch: number, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 */
export function packedTarget(context) {
  const arch = ARCH_NAMES[context.arch];
  if (arch === undefined) throw new Error(`after-pack: unknown electron-builder arch ${context.arch}`);
  const productFilename = context.packager.appInfo.productFilename;
  return {
    platform: context.electronPlatformName,
    arch,
    appOutDir: context.appOutDir,
    productFilename,
    // Only the Linux packager has executableName; the others use productFilename.
    executableName: context.packager.executableName ?? productFilename,
  };
}

/** @param {Parameters<typeof packedTarget>[0]} context */
export async function afterPack(context) {
  const target = packedTarget(context);
  const binary = electronBinaryPath(target);
  const wires = await flipFuses(binary, fuseConfig(target));
  console.log(`  • flipped Electron fuses  binary=${binary} wires=${wires}`);
}

export default afterPack;
