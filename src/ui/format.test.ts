import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatClock,
  formatCount,
  formatGB,
  formatGBps,
  formatMicros,
  formatPercent,
  formatSpeed,
  parseBytes,
} from './format';

describe('byte sizes', () => {
  it('formats in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1 << 20)).toBe('1 MiB');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.50 GiB');
    expect(formatBytes(100 * 2 ** 20 + 1)).toBe('100.0 MiB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('parses what people type, binary and decimal', () => {
    expect(parseBytes('1 MiB')).toBe(1_048_576);
    expect(parseBytes('64KiB')).toBe(65_536);
    expect(parseBytes('4096')).toBe(4096);
    expect(parseBytes('1.5 GB')).toBe(1_500_000_000);
    expect(parseBytes('2m')).toBe(2_097_152);
    expect(parseBytes('1 parsec')).toBeUndefined();
    expect(parseBytes('-5')).toBeUndefined();
    expect(parseBytes('')).toBeUndefined();
  });

  it('round-trips its own output', () => {
    for (const n of [0, 1, 512, 65_536, 1 << 20, 3 * 2 ** 30])
      expect(parseBytes(formatBytes(n))).toBe(n);
  });
});

describe('numbers', () => {
  it('formats latency with precision that suits the size', () => {
    expect(formatMicros(1.2)).toBe('1.20 µs');
    expect(formatMicros(10.7628)).toBe('10.76 µs');
    expect(formatMicros(345.67)).toBe('345.7 µs');
    expect(formatMicros(12_345.6)).toBe('12,346 µs');
  });

  it('formats percentages, capacities, bandwidths, counts, speeds', () => {
    expect(formatPercent(0.6749)).toBe('67.5 %');
    expect(formatPercent(0.5, 0)).toBe('50 %');
    expect(formatGB(118)).toBe('118.0 GB');
    expect(formatGB(9216)).toBe('9,216 GB');
    expect(formatGB(872_448)).toBe('872.4 TB');
    expect(formatGBps(112)).toBe('112 GB/s');
    expect(formatGBps(1792)).toBe('1,792 GB/s');
    expect(formatGBps(48.5)).toBe('48.5 GB/s');
    expect(formatCount(8192)).toBe('8,192');
    expect(formatSpeed(1000)).toBe('×1,000');
  });

  it('shows the sim clock with the horizon', () => {
    expect(formatClock(0)).toBe('0.0s');
    expect(formatClock(360_000_000, 3_600_000_000)).toBe('6m 00.0s / 1h 00m 00.0s');
  });
});
