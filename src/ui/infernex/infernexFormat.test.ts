import { describe, expect, it } from 'vitest';
import {
  formatAxisSeconds,
  formatImprovement,
  formatReplayClock,
  formatSeconds,
  formatShare,
  formatTerm,
} from './infernexFormat';

describe('InferNex panel formats', () => {
  it('prints seconds at a precision that suits their size', () => {
    expect(formatSeconds(0)).toBe('0 s');
    expect(formatSeconds(0.0042)).toBe('4.2 ms');
    expect(formatSeconds(0.042)).toBe('42 ms');
    expect(formatSeconds(1.274)).toBe('1.27 s');
    expect(formatSeconds(14.34)).toBe('14.3 s');
    expect(formatSeconds(125.6)).toBe('126 s');
    expect(formatAxisSeconds(0.25)).toBe('0.25');
    expect(formatAxisSeconds(12.5)).toBe('12.5');
  });

  it('signs improvements the way the published table reads (positive = lower latency)', () => {
    expect(formatImprovement(23.04)).toBe('+23.0 %');
    expect(formatImprovement(-9.45)).toBe('−9.4 %');
    expect(formatImprovement(0)).toBe('0.0 %');
    expect(formatShare(0.366)).toBe('36.6 %');
  });

  it('prints score terms and the replay clock', () => {
    expect(formatTerm(12)).toBe('12');
    expect(formatTerm(0.047619)).toBe('0.0476');
    expect(formatTerm(Infinity)).toBe('∞');
    expect(formatTerm(1234.56)).toBe('1,235');
    expect(formatReplayClock(685_000_000)).toBe('11:25.0');
    expect(formatReplayClock(3_700_000)).toBe('0:03.7');
  });
});
