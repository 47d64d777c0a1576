/**
 * US dollars with the precision the amount needs: cents from a dollar up, two significant
 * digits below it, so a budget of a tenth of a cent reads $0.001 rather than $0.00 and what a
 * small run spent reads $0.0014 rather than $0.00.
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return `$${usd}`;
  if (usd < 0) return `-${formatUsd(-usd)}`;
  if (usd === 0) return '$0.00';
  if (usd >= 100) return `$${Math.round(usd).toLocaleString('en-US')}`;
  // Digits after the point to reach the second significant one; at most eight (a millionth of a cent).
  const decimals = Math.min(8, Math.max(2, 1 - Math.floor(Math.log10(usd))));
  const fixed = usd.toFixed(decimals);
  // Trailing zeros past the cents say nothing ($0.0010 is $0.001).
  return `$${fixed.replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}
