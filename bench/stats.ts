/** Summary statistics for benchmark samples (milliseconds or any unit). */
export function summarize(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    mean: round(mean),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(at(1)),
  };
}

export const round = (x: number, digits = 3) => Number(x.toFixed(digits));
