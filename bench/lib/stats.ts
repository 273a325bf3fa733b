/** Summaries for repeated benchmark rounds: the machine is noisy, so we report min/median/max. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export function quantile(sortedValues: number[], q: number): number {
  return sortedValues[Math.min(sortedValues.length - 1, Math.floor(q * sortedValues.length))] ?? Number.NaN;
}

/** "min/median/max" with the given number of decimals. */
export function minMedianMax(values: number[], digits = 2): string {
  return [Math.min(...values), median(values), Math.max(...values)].map((v) => v.toFixed(digits)).join('/');
}

export const print = (line = '') => process.stdout.write(`${line}\n`);
