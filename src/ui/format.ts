import { formatSimTime } from '../sim/time';

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `1 MiB`, `512 B`, `1.5 GiB`: binary units, as transfer sizes are usually quoted. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || Number.isInteger(value) ? 0 : value < 10 ? 2 : 1;
  return `${value.toFixed(digits)} ${BINARY_UNITS[unit]}`;
}

const BYTE_FACTORS: Readonly<Record<string, number>> = {
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

/** Parses `1 MiB`, `64KiB`, `1.5 GB`, `4096` (bytes); undefined when it is not a size. */
export function parseBytes(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const factor = m[2] === '' ? 1 : BYTE_FACTORS[m[2].toLowerCase()];
  if (factor === undefined) return undefined;
  return Math.round(Number(m[1]) * factor);
}

/** Microseconds with precision that suits the size: `1.20 µs`, `19.9 µs`, `1,234 µs`. */
export function formatMicros(us: number): string {
  if (!Number.isFinite(us)) return '—';
  if (Math.abs(us) < 100) return `${us.toFixed(2)} µs`;
  if (Math.abs(us) < 1000) return `${us.toFixed(1)} µs`;
  return `${formatCount(Math.round(us))} µs`;
}

export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)} %`;
}

export function formatGB(gb: number): string {
  if (!Number.isFinite(gb)) return '—';
  if (gb >= 10_000) return `${(gb / 1000).toFixed(1)} TB`;
  return gb >= 1000 ? `${formatCount(Math.round(gb))} GB` : `${gb.toFixed(1)} GB`;
}

export function formatGBps(gbps: number): string {
  if (!Number.isFinite(gbps)) return '—';
  return `${Number.isInteger(gbps) ? formatCount(gbps) : gbps.toFixed(1)} GB/s`;
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** `8,192`: thousands separated (one shared formatter; `toLocaleString` builds one per call). */
export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}

/** The console's clock text: sim time, and the horizon when known. */
export function formatClock(timeUs: number, durationUs?: number): string {
  const now = formatSimTime(timeUs);
  return durationUs === undefined ? now : `${now} / ${formatSimTime(durationUs)}`;
}

/** `×1`, `×1000`. */
export const formatSpeed = (speed: number): string => `×${formatCount(speed)}`;
