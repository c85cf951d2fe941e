import type { InstanceStep, WindowPercentile } from '../../engines/infernex/studies';

/** Shapes and number formats of the what-if studies (pure, tested). */

/** A role's provisioned instances as step points, x in seconds. */
export const stepPoints = (
  steps: readonly InstanceStep[],
  role: 'prefill' | 'decode',
): [number, number][] => steps.map((s) => [s.timeUs / 1e6, s[role]]);

/** p90 TTFT per arrival window, x in seconds; windows with no arrivals break the line. */
export const p90Points = (windows: readonly WindowPercentile[]): [number, number][] =>
  windows.map((w) => [w.timeUs / 1e6, w.count > 0 ? w.p90 : Number.NaN]);

/** Money: $512, $48.0k, $1.23M. */
export function formatDollars(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 1e6) return `$${(x / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `$${(x / 1e3).toFixed(1)}k`;
  return `$${Math.round(x).toLocaleString('en-US')}`;
}

/** Capacity: 0.52 GB, 41.6 GB, 512 GB, 1.02 TB, 8 TB. */
export function formatGB(gb: number): string {
  if (!Number.isFinite(gb)) return '–';
  const a = Math.abs(gb);
  if (a === 0) return '0 GB';
  if (a >= 1000) return `${Number((gb / 1000).toPrecision(3))} TB`;
  if (a >= 100) return `${Math.round(gb)} GB`;
  return `${Number(gb.toPrecision(3))} GB`;
}

export const formatHours = (h: number): string =>
  Number.isFinite(h) ? `${h < 10 ? h.toFixed(2) : h.toFixed(1)} h` : '–';

export const formatRate = (perS: number): string =>
  Number.isFinite(perS) ? `${perS < 10 ? perS.toFixed(2) : perS.toFixed(1)}/s` : '–';

/** Relative change from `a` to `b`: +8.6 %, −12.0 %; '–' when `a` is 0. */
export function formatChange(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === 0) return '–';
  const pct = ((b - a) / Math.abs(a)) * 100;
  const text = Math.abs(pct).toFixed(1);
  return pct > 0.05 ? `+${text} %` : pct < -0.05 ? `−${text} %` : '0.0 %';
}
