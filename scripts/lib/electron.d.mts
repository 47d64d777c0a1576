export function electronBinary(root: string): { path: string } | { path: null; reason: string };
export function electronVersion(root: string): string;
export function installElectron(root: string): string | null;
