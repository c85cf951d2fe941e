/** Number formats of the InferNex panel (pure, tested). */

/** Seconds with precision that suits the size: 0.042 s, 1.27 s, 14.3 s, 125 s. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–';
  const a = Math.abs(s);
  if (a === 0) return '0 s';
  if (a < 0.1) return `${(s * 1000).toFixed(a < 0.01 ? 1 : 0)} ms`;
  if (a < 10) return `${s.toFixed(2)} s`;
  if (a < 100) return `${s.toFixed(1)} s`;
  return `${Math.round(s)} s`;
}

/** Axis labels: as short as the tick allows. */
export function formatAxisSeconds(s: number): string {
  if (s === 0) return '0';
  if (Math.abs(s) < 1) return `${Number(s.toFixed(2))}`;
  return `${Number(s.toFixed(1))}`;
}

export const formatShare = (fraction: number, digits = 1): string =>
  Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)} %` : '–';

/** Signed improvement: +23.0 % (better), −9.4 % (worse). */
export function formatImprovement(pct: number): string {
  if (!Number.isFinite(pct)) return '–';
  const text = Math.abs(pct).toFixed(1);
  return pct > 0 ? `+${text} %` : pct < 0 ? `−${text} %` : '0.0 %';
}

/** A score term: integers as they are, fractions to three significant digits. */
export function formatTerm(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : '–';
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  return Number(x.toPrecision(3)).toString();
}

/** Sim clock for the replay readout: 0:00.0 … 59:59.9. */
export function formatReplayClock(us: number): string {
  const tenths = Math.floor(us / 100_000);
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${minutes}:${seconds < 10 ? '0' : ''}${seconds.toFixed(1)}`;
}
