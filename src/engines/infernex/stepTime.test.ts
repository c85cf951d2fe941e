import { describe, expect, it } from 'vitest';
import {
  CALIBRATION_CONTEXT_TOKENS,
  fitDecode,
  fitPrefill,
  SPLITWISE_A100_DECODE,
  SPLITWISE_A100_PREFILL,
  SPLITWISE_H100_DECODE,
  SPLITWISE_H100_PREFILL,
  SPLITWISE_TP,
} from './calibration';
import { getAccelerator, getModel, kvBytesPerToken, kvCapacityTokens } from './hardware';
import { StepTimeModel } from './stepTime';

const llama70b = getModel('llama2-70b');
const h100 = new StepTimeModel(getAccelerator('h100-sxm5'), llama70b, SPLITWISE_TP);
const a800 = new StepTimeModel(getAccelerator('a800-sxm4'), llama70b, SPLITWISE_TP);
const ms = (us: number) => us / 1e3;

describe('model shapes', () => {
  it('gives the KV bytes per token of reference §4 (2 · 80 · 8 · 128 · 2 = 320 KiB for 70B)', () => {
    expect(kvBytesPerToken(llama70b)).toBe(327_680);
    expect(kvBytesPerToken(getModel('llama3-8b'))).toBe(131_072);
  });

  it('sizes the KV capacity from HBM left after the weights', () => {
    // 8 × 80 GB × 0.9 − 137.96 GB of weights, over 327,680 B per token.
    expect(kvCapacityTokens(getAccelerator('a800-sxm4'), llama70b, 8)).toBe(
      Math.floor((576e9 - 137.96e9) / 327_680),
    );
    // 70B in BF16 does not fit on two 32 GB 910B4s.
    expect(kvCapacityTokens(getAccelerator('ascend-910b4'), llama70b, 2)).toBeLessThan(0);
  });
});

describe('step time, calibrated to Splitwise Llama2-70B on 8 × H100', () => {
  it.each(SPLITWISE_H100_PREFILL)(
    'prefill of $tokens tokens within 15 % of $ms ms',
    ({ tokens, ms: measured }) => {
      const modelled = ms(h100.prefillUs(tokens));
      expect(Math.abs(modelled / measured - 1)).toBeLessThanOrEqual(0.15);
    },
  );

  it.each(SPLITWISE_H100_DECODE)(
    'decode step at batch $batch within 15 % of $ms ms',
    ({ batch, ms: measured }) => {
      const modelled = ms(h100.decodeUs(batch, CALIBRATION_CONTEXT_TOKENS));
      expect(Math.abs(modelled / measured - 1)).toBeLessThanOrEqual(0.15);
    },
  );

  it('pins the modelled points (fit is deterministic)', () => {
    const points = SPLITWISE_H100_PREFILL.map((p) => Math.round(ms(h100.prefillUs(p.tokens))));
    expect(points).toEqual([47, 81, 156, 336, 809]);
    expect(ms(h100.decodeUs(1, CALIBRATION_CONTEXT_TOKENS))).toBeCloseTo(30.6, 1);
    expect(ms(h100.decodeUs(64, CALIBRATION_CONTEXT_TOKENS))).toBeCloseTo(50.2, 1);
  });

  it('A800 reproduces Splitwise A100 TP8: 8k prompt 1,550 ms, token step 45 → 72 ms', () => {
    expect(ms(a800.prefillUs(SPLITWISE_A100_PREFILL[0].tokens))).toBeCloseTo(1550, 0);
    expect(ms(a800.decodeUs(1, CALIBRATION_CONTEXT_TOKENS))).toBeCloseTo(45, 1);
    expect(ms(a800.decodeUs(64, CALIBRATION_CONTEXT_TOKENS))).toBeCloseTo(72, 1);
  });

  it('the stored constants are what calibration.ts fits from the measurements', () => {
    const acc = getAccelerator('h100-sxm5');
    const decode = fitDecode(acc, llama70b, 8, [
      SPLITWISE_H100_DECODE[0],
      SPLITWISE_H100_DECODE[1],
    ]);
    expect(decode.etaBandwidth).toBeCloseTo(acc.etaBandwidth, 4);
    expect(decode.perSequenceMs).toBeCloseTo(acc.perSequenceMs, 4);
    const prefill = fitPrefill(
      acc,
      llama70b,
      8,
      SPLITWISE_H100_PREFILL,
      acc.etaLinear / acc.etaAttention,
    );
    expect(prefill.prefillFixedMs).toBe(acc.prefillFixedMs);
    expect(prefill.etaLinear).toBeCloseTo(acc.etaLinear, 4);
    expect(prefill.maxRelativeError).toBeCloseTo(0.1396, 3);
    const a800Decode = fitDecode(getAccelerator('a800-sxm4'), llama70b, 8, [
      SPLITWISE_A100_DECODE[0],
      SPLITWISE_A100_DECODE[1],
    ]);
    expect(a800Decode.etaBandwidth).toBeCloseTo(getAccelerator('a800-sxm4').etaBandwidth, 4);
  });

  it('a smooth roofline with attention at GEMM efficiency cannot hold every H100 point within 15 %', () => {
    const fit = fitPrefill(getAccelerator('h100-sxm5'), llama70b, 8, SPLITWISE_H100_PREFILL, 1);
    expect(fit.maxRelativeError).toBeGreaterThan(0.15);
  });
});

describe('step time, shape', () => {
  it('a cached prefix removes its linear and attention work (n² − p²)', () => {
    const full = h100.prefillUs(8192);
    const half = h100.prefillUs(8192, 4096);
    const expected =
      h100.prefillFixedUs +
      4096 * h100.linearUsPerToken +
      (8192 ** 2 - 4096 ** 2) * h100.attentionUsPerUnit;
    expect(half).toBeCloseTo(expected, 6);
    // Half the linear work and a quarter of the attention work are left.
    expect(half / full).toBeGreaterThan(0.5);
    expect(half / full).toBeLessThan(0.65);
  });

  it('decode grows with context (KV read) and batch (per-sequence time)', () => {
    expect(h100.decodeUs(8, 8000)).toBeGreaterThan(h100.decodeUs(8, 1000));
    expect(h100.decodeUs(32, 1000)).toBeGreaterThan(h100.decodeUs(8, 1000));
  });

  it('a mixed step costs more than its decode part and less than prefill + decode apart', () => {
    const mixed = h100.stepUs({
      prefillTokens: 2048,
      prefillAttention: 2048 ** 2,
      decodeSequences: 16,
      decodeContext: 16 * 2000,
    });
    const decode = h100.decodeUs(16, 2000);
    expect(mixed).toBeGreaterThan(decode);
    expect(mixed).toBeLessThan(decode + h100.prefillUs(2048));
  });

  it('smaller models and more accelerators step faster', () => {
    const small = new StepTimeModel(getAccelerator('h100-sxm5'), getModel('llama3-8b'), 8);
    expect(small.prefillUs(4096)).toBeLessThan(h100.prefillUs(4096));
    const tp4 = new StepTimeModel(getAccelerator('h100-sxm5'), llama70b, 4);
    expect(tp4.prefillUs(4096)).toBeGreaterThan(h100.prefillUs(4096));
  });
});
