/**
 * Frame times of the last `capacity` rendered frames, for benchmarks. A fixed ring plus one scratch
 * array for the percentile, so recording a frame never allocates.
 */
export class FrameStats {
  private readonly ring: Float64Array;
  private readonly scratch: Float64Array;
  private count = 0;
  private next = 0;

  constructor(readonly capacity = 240) {
    this.ring = new Float64Array(capacity);
    this.scratch = new Float64Array(capacity);
  }

  record(ms: number): void {
    this.ring[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
    this.count++;
  }

  /** Frames recorded since construction (not only those still in the window). */
  get frames(): number {
    return this.count;
  }

  summary(): {
    readonly frames: number;
    readonly meanFrameMs: number;
    readonly p95FrameMs: number;
  } {
    const n = Math.min(this.count, this.capacity);
    if (n === 0) return { frames: 0, meanFrameMs: 0, p95FrameMs: 0 };
    let total = 0;
    for (let i = 0; i < n; i++) {
      this.scratch[i] = this.ring[i];
      total += this.ring[i];
    }
    const window = this.scratch.subarray(0, n).sort();
    // Nearest-rank percentile: the smallest value with at least 95 % of the samples at or below it.
    const p95 = window[Math.min(n - 1, Math.ceil(0.95 * n) - 1)];
    return { frames: this.count, meanFrameMs: total / n, p95FrameMs: p95 };
  }

  reset(): void {
    this.count = 0;
    this.next = 0;
  }
}
