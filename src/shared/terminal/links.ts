/** Only web addresses may leave a terminal for the browser (never file:, javascript:, custom schemes). */
export function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
