/** Simulated time is an integer count of microseconds from the scenario's start. */
export type SimTimeUs = number;

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;

export const secondsToUs = (s: number): SimTimeUs => Math.round(s * US_PER_S);
export const usToSeconds = (us: SimTimeUs): number => us / US_PER_S;

const UNIT_US: Readonly<Record<string, number>> = {
  us: 1,
  ms: US_PER_MS,
  s: US_PER_S,
  m: 60 * US_PER_S,
  h: 3600 * US_PER_S,
};

/** Parses `250ms`, `10s`, `10m`, `1.5h` or a bare number of seconds. */
export function parseDuration(text: string): SimTimeUs | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|m|h)?\s*$/.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (UNIT_US[m[2] ?? 's'] ?? US_PER_S));
}

/** `1h 02m 03.4s`-style label for clocks and logs. */
export function formatSimTime(us: SimTimeUs): string {
  // Round to tenths first so 119.96 s reads 2m 00.0s, not 1m 60.0s.
  const totalS = Math.round(us / (US_PER_S / 10)) / 10;
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  const ss = s.toFixed(1).padStart(4, '0');
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m ${ss}s`;
  if (m > 0) return `${m}m ${ss}s`;
  return `${s.toFixed(1)}s`;
}
