/** The q-quantile (0..1) of the values, nearest rank. */
export const quantile = (values: readonly number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
};

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export const ratio = (value: number, floor: number): string => (floor > 0 ? `${(value / floor).toFixed(2)}×` : 'n/a');

/** "met" or "MISSED" against a target ratio. */
export const verdict = (value: number, floor: number, target: number): string =>
  floor > 0 && value / floor <= target ? `met (≤ ${target}×)` : `MISSED (> ${target}×)`;
