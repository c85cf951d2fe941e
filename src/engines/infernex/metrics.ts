import type { RequestState } from './request';

/** Service-level objective for goodput: both must hold (DistServe's definition, reference §5). */
export interface Slo {
  readonly ttftS: number;
  readonly tpotS: number;
}

export interface Distribution {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface MetricsSummary {
  readonly requests: number;
  readonly completed: number;
  readonly failed: number;
  readonly inFlight: number;
  readonly ttftS: Distribution;
  readonly tpotS: Distribution;
  readonly e2eS: Distribution;
  /** Prompt blocks served from cache (HBM prefix or pool) over all prompt blocks of admitted requests. */
  readonly hitRate: number;
  readonly hbmHitRate: number;
  readonly poolHitRate: number;
  /** Blocks copied from another instance's HBM (global cache-aware) over all prompt blocks. */
  readonly remoteHitRate: number;
  /** Completed requests meeting the SLO, as a share of completed and as a rate over the span. */
  readonly sloAttainment: number;
  readonly goodputRps: number;
  readonly throughputRps: number;
  readonly outputTokensPerS: number;
  readonly preemptions: number;
  readonly reroutes: number;
  readonly spanS: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function distribution(values: Float64Array): Distribution {
  if (values.length === 0) return { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const sorted = values.slice().sort();
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return {
    mean: sum / values.length,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1],
  };
}

/** Growable float64 column. */
class Column {
  private data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Per-request outcomes as they happen, in completion order (deterministic), and the summary the
 * CLI, the comparison table and the console print.
 */
export class MetricsCollector {
  private readonly ttft = new Column();
  private readonly tpot = new Column();
  private readonly e2e = new Column();
  arrived = 0;
  completed = 0;
  failed = 0;
  good = 0;
  outputTokens = 0;
  promptBlocks = 0;
  hbmHitBlocks = 0;
  poolHitBlocks = 0;
  remoteHitBlocks = 0;
  preemptions = 0;
  reroutes = 0;
  firstArrivalUs = -1;
  lastDoneUs = 0;

  constructor(readonly slo: Slo) {}

  arrival(r: RequestState): void {
    this.arrived++;
    if (this.firstArrivalUs < 0) this.firstArrivalUs = r.arrivalUs;
  }

  /** A request admitted to prefill for the first time: its prompt's cache outcome counts. */
  admitted(r: RequestState): void {
    this.promptBlocks += r.blocks.length;
    this.hbmHitBlocks += r.cachedBlocks;
    this.poolHitBlocks += r.poolBlocks;
    this.remoteHitBlocks += r.remoteBlocks;
  }

  completedRequest(r: RequestState): void {
    this.completed++;
    const ttftS = (r.firstTokenUs - r.arrivalUs) / 1e6;
    const e2eS = (r.doneUs - r.arrivalUs) / 1e6;
    this.ttft.push(ttftS);
    this.e2e.push(e2eS);
    let tpotS = 0;
    if (r.outputTokens > 1) {
      tpotS = (e2eS - ttftS) / (r.outputTokens - 1);
      this.tpot.push(tpotS);
    }
    if (ttftS <= this.slo.ttftS && tpotS <= this.slo.tpotS) this.good++;
    this.outputTokens += r.outputTokens;
    this.preemptions += r.preemptions;
    this.reroutes += r.reroutes;
    this.lastDoneUs = Math.max(this.lastDoneUs, r.doneUs);
  }

  failedRequest(r: RequestState): void {
    this.failed++;
    this.reroutes += r.reroutes;
  }

  get inFlight(): number {
    return this.arrived - this.completed - this.failed;
  }

  summary(): MetricsSummary {
    const spanS =
      this.firstArrivalUs < 0 ? 0 : Math.max(1e-6, (this.lastDoneUs - this.firstArrivalUs) / 1e6);
    const blocks = Math.max(1, this.promptBlocks);
    return {
      requests: this.arrived,
      completed: this.completed,
      failed: this.failed,
      inFlight: this.inFlight,
      ttftS: distribution(this.ttft.values()),
      tpotS: distribution(this.tpot.values()),
      e2eS: distribution(this.e2e.values()),
      hitRate: (this.hbmHitBlocks + this.poolHitBlocks + this.remoteHitBlocks) / blocks,
      hbmHitRate: this.hbmHitBlocks / blocks,
      poolHitRate: this.poolHitBlocks / blocks,
      remoteHitRate: this.remoteHitBlocks / blocks,
      sloAttainment: this.completed > 0 ? this.good / this.completed : 0,
      goodputRps: spanS > 0 ? this.good / spanS : 0,
      throughputRps: spanS > 0 ? this.completed / spanS : 0,
      outputTokensPerS: spanS > 0 ? this.outputTokens / spanS : 0,
      preemptions: this.preemptions,
      reroutes: this.reroutes,
      spanS,
    };
  }
}
