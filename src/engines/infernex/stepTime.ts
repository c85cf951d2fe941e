import { kvBytesPerToken, weightBytes, type AcceleratorSpec, type ModelShape } from './hardware';

/**
 * The work of one engine step (one forward pass of a continuous batch): prefill chunks and decode
 * sequences together.
 */
export interface StepWork {
  /** New prompt tokens computed this step (sum of the prefill chunks). */
  readonly prefillTokens: number;
  /** Σ over prefill chunks of (end² − start²) in tokens: the causal attention work (reference §5 `n² − p²`). */
  readonly prefillAttention: number;
  /** Sequences generating one token this step. */
  readonly decodeSequences: number;
  /** Σ context length of those sequences, tokens (KV read by attention). */
  readonly decodeContext: number;
}

/**
 * The calibrated roofline of reference §5 for one instance (a model on `tp` accelerators):
 *
 *   T = fixed + max(memory, compute) + perSequence · B
 *   memory  = (weights / N + Σc · kvBytes / N) / (HBM bandwidth · η_bw)
 *   compute = 2 · P · (q + B) / (N · F · η_lin) + 2 · L · d · Σ(n² − p²) / (N · F · η_attn)
 *             + 4 · L · d · Σc / (N · F · η_attn)
 *
 * with `fixed` the prefill overhead when the step carries prompt tokens and the decode overhead
 * otherwise. The η, the fixed times and the per-sequence time are fitted per accelerator
 * (`calibration.ts`, constants in `data/accelerators.json`).
 */
export class StepTimeModel {
  readonly tp: number;
  readonly kvBytesPerToken: number;
  /** µs per new prompt token (GEMMs). */
  readonly linearUsPerToken: number;
  /** µs per unit of (n² − p²). */
  readonly attentionUsPerUnit: number;
  /** µs per context token read by a decoding sequence (attention compute side). */
  readonly decodeAttentionUsPerToken: number;
  /** µs to stream the weight shard once. */
  readonly weightReadUs: number;
  /** µs per context token of KV streamed by a decoding sequence. */
  readonly kvReadUsPerToken: number;
  readonly prefillFixedUs: number;
  readonly decodeFixedUs: number;
  readonly perSequenceUs: number;

  constructor(
    readonly accelerator: AcceleratorSpec,
    readonly model: ModelShape,
    tp: number,
  ) {
    if (!Number.isInteger(tp) || tp < 1)
      throw new Error(`tensor-parallel size must be an integer ≥ 1, got ${tp}`);
    this.tp = tp;
    const a = accelerator;
    const flopsPerUs = (tp * a.peakTflops * 1e12) / 1e6;
    const bytesPerUs = (tp * a.hbmTBps * 1e12) / 1e6;
    this.kvBytesPerToken = kvBytesPerToken(model);
    this.linearUsPerToken = (2 * model.params) / (flopsPerUs * a.etaLinear);
    this.attentionUsPerUnit = (2 * model.layers * model.hiddenSize) / (flopsPerUs * a.etaAttention);
    this.decodeAttentionUsPerToken =
      (4 * model.layers * model.hiddenSize) / (flopsPerUs * a.etaAttention);
    this.weightReadUs = weightBytes(model) / (bytesPerUs * a.etaBandwidth);
    this.kvReadUsPerToken = this.kvBytesPerToken / (bytesPerUs * a.etaBandwidth);
    this.prefillFixedUs = a.prefillFixedMs * 1e3;
    this.decodeFixedUs = a.decodeFixedMs * 1e3;
    this.perSequenceUs = a.perSequenceMs * 1e3;
  }

  /** Duration of one step, µs (not rounded). */
  stepUs(work: StepWork): number {
    const { prefillTokens, prefillAttention, decodeSequences, decodeContext } = work;
    if (prefillTokens <= 0 && decodeSequences <= 0) return 0;
    const memory = this.weightReadUs + decodeContext * this.kvReadUsPerToken;
    const compute =
      (prefillTokens + decodeSequences) * this.linearUsPerToken +
      prefillAttention * this.attentionUsPerUnit +
      decodeContext * this.decodeAttentionUsPerToken;
    const fixed = prefillTokens > 0 ? this.prefillFixedUs : this.decodeFixedUs;
    return fixed + Math.max(memory, compute) + decodeSequences * this.perSequenceUs;
  }

  /** One prompt of `inputTokens` with `cachedTokens` already in KV, prefilled in a single step, µs. */
  prefillUs(inputTokens: number, cachedTokens = 0): number {
    const p = Math.min(cachedTokens, inputTokens);
    return this.stepUs({
      prefillTokens: inputTokens - p,
      prefillAttention: inputTokens * inputTokens - p * p,
      decodeSequences: 0,
      decodeContext: 0,
    });
  }

  /** One decode step of `batch` sequences with `meanContext` tokens each, µs. */
  decodeUs(batch: number, meanContext: number): number {
    return this.stepUs({
      prefillTokens: 0,
      prefillAttention: 0,
      decodeSequences: batch,
      decodeContext: batch * meanContext,
    });
  }
}
