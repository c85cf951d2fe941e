import { describe, expect, it } from 'vitest';
import {
  formatSimTime,
  parseDuration,
  secondsToUs,
  US_PER_MS,
  US_PER_S,
  usToSeconds,
} from './time';

describe('secondsToUs / usToSeconds', () => {
  it('converts to integer microseconds, rounding to the nearest', () => {
    expect(US_PER_S).toBe(1_000_000);
    expect(US_PER_MS).toBe(1_000);
    expect(secondsToUs(1.5)).toBe(1_500_000);
    expect(secondsToUs(0.1 + 0.2)).toBe(300_000);
    expect(secondsToUs(0.0000016)).toBe(2);
    expect(usToSeconds(2_500_000)).toBe(2.5);
  });
});

describe('parseDuration', () => {
  it('reads every unit and a bare number of seconds', () => {
    expect(parseDuration('250us')).toBe(250);
    expect(parseDuration('250ms')).toBe(250_000);
    expect(parseDuration('10s')).toBe(10_000_000);
    expect(parseDuration('90s')).toBe(90_000_000);
    expect(parseDuration('10m')).toBe(600_000_000);
    expect(parseDuration('5m')).toBe(300_000_000);
    expect(parseDuration('1.5h')).toBe(5_400_000_000);
    expect(parseDuration('42')).toBe(42_000_000);
    expect(parseDuration('0.25')).toBe(250_000);
    expect(parseDuration(' 5 m ')).toBe(300_000_000);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'abc', '-5s', '5d', '5 sec', '1e3s', '.5s', '5.s', '1h30m', 's'])
      expect({ bad, us: parseDuration(bad) }).toEqual({ bad, us: undefined });
  });
});

describe('formatSimTime', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatSimTime(0)).toBe('0.0s');
    expect(formatSimTime(1_234_567)).toBe('1.2s');
    expect(formatSimTime(59_900_000)).toBe('59.9s');
    expect(formatSimTime(60_000_000)).toBe('1m 00.0s');
    expect(formatSimTime(65_000_000)).toBe('1m 05.0s');
    expect(formatSimTime(600_000_000)).toBe('10m 00.0s');
    expect(formatSimTime(3_600_000_000)).toBe('1h 00m 00.0s');
    expect(formatSimTime(3_723_400_000)).toBe('1h 02m 03.4s');
    expect(formatSimTime(36_000_000_000)).toBe('10h 00m 00.0s');
  });
});

describe('formatSimTime rounding', () => {
  it('carries a rounded 60.0 s into the next minute and hour', () => {
    expect(formatSimTime(119.96e6)).toBe('2m 00.0s');
    expect(formatSimTime(59.97e6)).toBe('1m 00.0s');
    expect(formatSimTime(3599.99e6)).toBe('1h 00m 00.0s');
  });
});
