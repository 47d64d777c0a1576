import type { FuseV1Config } from '@electron/fuses';

export interface PackedTarget {
  platform: string;
  arch: string;
  appOutDir: string;
  productFilename: string;
  executableName: string;
}

export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

export function electronBinaryPath(
  target: Pick<PackedTarget, 'platform' | 'appOutDir' | 'productFilename' | 'executableName'>,
): string;
export function fuseConfig(target: Pick<PackedTarget, 'platform' | 'arch'>): FuseV1Config;
export function packedTarget(context: AfterPackContext): PackedTarget;
export function afterPack(context: AfterPackContext): Promise<void>;
export default afterPack;
