import { kvBytesPerToken, weightBytes, type AcceleratorSpec, type ModelShape } from './hardware';

/**
 * Measurements the step-time constants are fitted to, and the fit itself, so a recalibration is a
 * rerun of `fitPrefill` / `fitDecode` on new points (reference §5).
 */

export interface PrefillPoint {
  readonly tokens: number;
  readonly ms: number;
}
export interface DecodePoint {
  readonly batch: number;
  readonly ms: number;
}

/** Splitwise-sim data/perf_model.csv, Llama2-70B, DGX-H100 TP8: median prompt time by prompt length (reference §5). */
export const SPLITWISE_H100_PREFILL: readonly PrefillPoint[] = [
  { tokens: 512, ms: 54 },
  { tokens: 1024, ms: 78 },
  { tokens: 2048, ms: 137 },
  { tokens: 4096, ms: 390 },
  { tokens: 8192, ms: 845 },
];
/** Same source: token (decode) step at batch 1 and batch 64. */
export const SPLITWISE_H100_DECODE: readonly DecodePoint[] = [
  { batch: 1, ms: 30.6 },
  { batch: 64, ms: 50.2 },
];
/** Same source, DGX-A100 TP8: 8k prompt 1,550 ms; token step 45 → 72 ms. The A800 is an A100 with NVLink cut to 400 GB/s. */
export const SPLITWISE_A100_PREFILL: readonly PrefillPoint[] = [{ tokens: 8192, ms: 1550 }];
export const SPLITWISE_A100_DECODE: readonly DecodePoint[] = [
  { batch: 1, ms: 45 },
  { batch: 64, ms: 72 },
];
/** Tensor-parallel size of the Splitwise measurements. */
export const SPLITWISE_TP = 8;
/**
 * Context per sequence assumed for Splitwise's token-step profile (assumption: the profile is
 * indexed by batch size only). The fitted η_bw does not depend on it; the per-sequence time does,
 * a little.
 */
export const CALIBRATION_CONTEXT_TOKENS = 1024;

export interface DecodeFit {
  readonly etaBandwidth: number;
  readonly perSequenceMs: number;
}

/**
 * Decode with no fixed overhead (reference §5: "from Splitwise's 30.6 ms at B = 1, η_bw ≈ 0.17"):
 * T(B) = (W + B·c·kv) / (N·BW·η_bw) + B·t_seq. Two points give η_bw and t_seq exactly; the
 * context term cancels out of η_bw.
 */
export function fitDecode(
  accelerator: Pick<AcceleratorSpec, 'hbmTBps'>,
  model: ModelShape,
  tp: number,
  points: readonly [DecodePoint, DecodePoint],
  contextTokens = CALIBRATION_CONTEXT_TOKENS,
): DecodeFit {
  const bytesPerMs = (tp * accelerator.hbmTBps * 1e12) / 1e3;
  const w = weightBytes(model) / bytesPerMs;
  const kv = (contextTokens * kvBytesPerToken(model)) / bytesPerMs;
  const [p, q] = points;
  const m = (b: number) => w + b * kv;
  // T_p = u·m(p) + p·s and T_q = u·m(q) + q·s, solved for u = 1/η and s.
  const det = m(p.batch) * q.batch - m(q.batch) * p.batch;
  const u = (p.ms * q.batch - q.ms * p.batch) / det;
  const s = (m(p.batch) * q.ms - m(q.batch) * p.ms) / det;
  return { etaBandwidth: 1 / u, perSequenceMs: s };
}

export interface PrefillFit {
  readonly prefillFixedMs: number;
  readonly etaLinear: number;
  readonly etaAttention: number;
  /** Largest |model / measured − 1| over the points. */
  readonly maxRelativeError: number;
}

/** Prefill time of `tokens` (no cache) on `tp` accelerators for given constants, ms. */
export function prefillMs(
  accelerator: Pick<AcceleratorSpec, 'peakTflops' | 'hbmTBps' | 'etaBandwidth'>,
  model: ModelShape,
  tp: number,
  tokens: number,
  fit: Omit<PrefillFit, 'maxRelativeError'>,
): number {
  const flopsPerMs = (tp * accelerator.peakTflops * 1e12) / 1e3;
  const compute =
    (2 * model.params * tokens) / (flopsPerMs * fit.etaLinear) +
    (2 * model.layers * model.hiddenSize * tokens * tokens) / (flopsPerMs * fit.etaAttention);
  const memory =
    weightBytes(model) / ((tp * accelerator.hbmTBps * 1e12 * accelerator.etaBandwidth) / 1e3);
  return fit.prefillFixedMs + Math.max(memory, compute);
}

/**
 * Minimax fit of (fixed, η_lin) for a given attention penalty `η_lin / η_attn`: the largest relative
 * error over the points is made as small as possible by a grid over the fixed time and a bisection
 * on η_lin. The penalty is a modelling choice (documented in the README): GEMMs alone (penalty 1)
 * cannot follow Splitwise's jump between 2k and 4k tokens within 15 %.
 */
export function fitPrefill(
  accelerator: Pick<AcceleratorSpec, 'peakTflops' | 'hbmTBps' | 'etaBandwidth'>,
  model: ModelShape,
  tp: number,
  points: readonly PrefillPoint[],
  attentionPenalty: number,
  fixedMsCandidates: readonly number[] = Array.from({ length: 241 }, (_, i) => i * 0.25),
): PrefillFit {
  let best: PrefillFit = {
    prefillFixedMs: 0,
    etaLinear: 1,
    etaAttention: 1,
    maxRelativeError: Infinity,
  };
  const errorOf = (fixedMs: number, etaLinear: number) => {
    const fit = { prefillFixedMs: fixedMs, etaLinear, etaAttention: etaLinear / attentionPenalty };
    let worst = 0;
    let signOfWorst = 0;
    for (const p of points) {
      const e = prefillMs(accelerator, model, tp, p.tokens, fit) / p.ms - 1;
      if (Math.abs(e) > worst) {
        worst = Math.abs(e);
        signOfWorst = Math.sign(e);
      }
    }
    return { worst, signOfWorst };
  };
  for (const fixedMs of fixedMsCandidates) {
    if (points.some((p) => p.ms <= fixedMs)) continue;
    // Larger η_lin lowers every prediction; bisect on the sign of the worst error, then polish.
    let lo = 1e-4;
    let hi = 1;
    for (let i = 0; i < 60; i++) {
      const mid = Math.sqrt(lo * hi);
      if (errorOf(fixedMs, mid).signOfWorst > 0) lo = mid;
      else hi = mid;
    }
    const etaLinear = Math.sqrt(lo * hi);
    const { worst } = errorOf(fixedMs, etaLinear);
    if (worst < best.maxRelativeError)
      best = {
        prefillFixedMs: fixedMs,
        etaLinear,
        etaAttention: etaLinear / attentionPenalty,
        maxRelativeError: worst,
      };
  }
  return best;
}
