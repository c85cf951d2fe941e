import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatDollars,
  formatGB,
  formatHours,
  formatRate,
  p90Points,
  stepPoints,
} from './studyFormat';

describe('study shapes', () => {
  it('turns instance steps and TTFT windows into chart points in seconds', () => {
    const steps = [
      { timeUs: 0, prefill: 1, decode: 2 },
      { timeUs: 30e6, prefill: 2, decode: 4 },
    ];
    expect(stepPoints(steps, 'prefill')).toEqual([
      [0, 1],
      [30, 2],
    ]);
    expect(stepPoints(steps, 'decode')).toEqual([
      [0, 2],
      [30, 4],
    ]);
    const p = p90Points([
      { timeUs: 5e6, p90: 1.5, count: 3 },
      { timeUs: 15e6, p90: 0, count: 0 },
    ]);
    expect(p[0]).toEqual([5, 1.5]);
    expect(p[1][0]).toBe(15);
    expect(p[1][1]).toBeNaN();
  });
});

describe('study number formats', () => {
  it('prints money, capacity, hours, rates and changes', () => {
    expect(formatDollars(512)).toBe('$512');
    expect(formatDollars(48_000)).toBe('$48.0k');
    expect(formatDollars(1_234_567)).toBe('$1.23M');
    expect(formatGB(0)).toBe('0 GB');
    expect(formatGB(41.62)).toBe('41.6 GB');
    expect(formatGB(512)).toBe('512 GB');
    expect(formatGB(2048)).toBe('2.05 TB');
    expect(formatHours(4.481)).toBe('4.48 h');
    expect(formatRate(1.372)).toBe('1.37/s');
    expect(formatChange(4, 5)).toBe('+25.0 %');
    expect(formatChange(5, 4)).toBe('−20.0 %');
    expect(formatChange(0, 4)).toBe('–');
  });
});
