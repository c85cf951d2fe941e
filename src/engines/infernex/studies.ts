import { HBM_DOLLARS_PER_GB } from './kvPool';
import { percentile, type MetricsSummary } from './metrics';
import type { ScalerEvent } from './scaler';
import type { InferNexConfig, InferNexSim } from './simulator';
import type { TraceRequest } from './trace';

/**
 * What-if studies on one trace slice: the elastic scaler against its HPA-style baseline, the KV
 * cache tiers and their bill, and goodput under an SLO as the arrival rate grows. The runs
 * themselves are the simulator's; this module builds their configurations and shapes what they
 * produce into the series and totals the console draws.
 */

// ---- Arrival rate ---------------------------------------------------------------------------

/** Rate multipliers of the goodput sweep: from half-idle to well past saturation. */
export const RATE_FACTORS: readonly number[] = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/**
 * The same requests arriving `factor` times as fast: gaps from the first arrival shrink by the
 * factor (×2 = twice the rate), lengths and prefixes unchanged.
 */
export function scaleArrivalRate(trace: readonly TraceRequest[], factor: number): TraceRequest[] {
  if (!Number.isFinite(factor) || factor <= 0)
    throw new Error(`arrival-rate factor must be a positive number, got ${factor}`);
  if (trace.length === 0) return [];
  const first = trace[0].arrivalUs;
  return trace.map((r) => ({
    ...r,
    arrivalUs: first + Math.round((r.arrivalUs - first) / factor),
  }));
}

/** Requests per second over the arrival span (0 for fewer than two distinct instants). */
export function offeredRatePerS(trace: readonly TraceRequest[]): number {
  if (trace.length < 2) return 0;
  const spanS = (trace[trace.length - 1].arrivalUs - trace[0].arrivalUs) / 1e6;
  return spanS > 0 ? trace.length / spanS : 0;
}

export interface SweepPoint {
  readonly factor: number;
  /** Offered load, requests/s. */
  readonly ratePerS: number;
  /** Completed requests meeting both the TTFT and the TPOT SLO, per second of the run. */
  readonly goodputRps: number;
  readonly throughputRps: number;
  readonly attainment: number;
  readonly ttftP90S: number;
  readonly tpotMeanS: number;
  readonly completed: number;
  readonly failed: number;
}

export function sweepPoint(factor: number, ratePerS: number, s: MetricsSummary): SweepPoint {
  return {
    factor,
    ratePerS,
    goodputRps: s.goodputRps,
    throughputRps: s.throughputRps,
    attainment: s.sloAttainment,
    ttftP90S: s.ttftS.p90,
    tpotMeanS: s.tpotS.mean,
    completed: s.completed,
    failed: s.failed,
  };
}

/**
 * DistServe's goodput: the highest request rate at which at least `threshold` of the requests
 * meet the SLO (reference §5). From swept points: walking up the rates, the last one before the
 * attainment first falls below the threshold; undefined when even the lowest rate misses it.
 */
export function distServeGoodput(
  points: readonly Pick<SweepPoint, 'ratePerS' | 'attainment'>[],
  threshold = 0.9,
): number | undefined {
  let best: number | undefined;
  for (const p of [...points].sort((a, b) => a.ratePerS - b.ratePerS)) {
    if (p.attainment < threshold) break;
    best = p.ratePerS;
  }
  return best;
}

// ---- Elastic scaler vs HPA --------------------------------------------------------------------

export interface ScalingStudySettings {
  /** Group shape P : D. */
  readonly ratio: readonly [number, number];
  readonly minGroups: number;
  readonly maxGroups: number;
  readonly coldStartS: number;
  readonly tidal: boolean;
}

export interface TidalStep {
  readonly atS: number;
  readonly min: number;
}

/** Groups held through the tidal peak: half the maximum, at least one above the floor. */
export const tidalPeakGroups = (minGroups: number, maxGroups: number): number =>
  Math.min(maxGroups, Math.max(minGroups + 1, Math.ceil(maxGroups / 2)));

/** The third of the arrival span with the most arrivals: [start, end) in µs. */
export function busiestWindow(trace: readonly TraceRequest[]): {
  readonly startUs: number;
  readonly endUs: number;
} {
  if (trace.length === 0) return { startUs: 0, endUs: 0 };
  const first = trace[0].arrivalUs;
  const widthUs = Math.max(1, (trace[trace.length - 1].arrivalUs - first) / 3);
  let bestStart = first;
  let bestCount = 0;
  let hi = 0;
  for (let lo = 0; lo < trace.length; lo++) {
    const start = trace[lo].arrivalUs;
    if (start - first > 2 * widthUs) break;
    while (hi < trace.length && trace[hi].arrivalUs < start + widthUs) hi++;
    if (hi - lo > bestCount) {
      bestCount = hi - lo;
      bestStart = start;
    }
  }
  return { startUs: bestStart, endUs: bestStart + widthUs };
}

/**
 * A tidal floor for the slice: the peak's groups from one cold start before its busiest third
 * (so they are warm when it begins) to the end of it, the ordinary floor otherwise. A production
 * schedule comes from yesterday's curve; the slice's own curve stands in for it.
 */
export function tidalSchedule(
  trace: readonly TraceRequest[],
  settings: ScalingStudySettings,
): TidalStep[] {
  const { startUs, endUs } = busiestWindow(trace);
  const peak = tidalPeakGroups(settings.minGroups, settings.maxGroups);
  return [
    { atS: Math.max(0, startUs / 1e6 - settings.coldStartS), min: peak },
    { atS: endUs / 1e6, min: settings.minGroups },
  ];
}

/**
 * The PD configuration both scalers run: room for `maxGroups` groups, `minGroups` of them warm at
 * the start, the same placement, seed and trace.
 */
export function scalingConfig(
  base: InferNexConfig,
  settings: ScalingStudySettings,
  policy: 'group' | 'hpa',
  tidal: readonly TidalStep[] | undefined,
): InferNexConfig {
  const [p, d] = settings.ratio;
  return {
    ...base,
    mode: 'pd',
    pdPlacement: base.pdPlacement ?? 'same-server',
    instances: settings.maxGroups * (p + d),
    prefillInstances: settings.maxGroups * p,
    scaler: {
      policy,
      ratio: [p, d],
      initial: settings.minGroups,
      min: settings.minGroups,
      coldStartS: settings.coldStartS,
      ...(tidal ? { tidal } : {}),
    },
  };
}

/** One point of a step line: the count holds from `timeUs` until the next point. */
export interface InstanceStep {
  readonly timeUs: number;
  readonly prefill: number;
  readonly decode: number;
}

/**
 * Provisioned (running or starting) instances over time as a step line, from the scaler's
 * decisions: the warm start at 0, every change, and the last count held to `endUs`. Decisions at
 * the same instant collapse to the last one.
 */
export function instanceSteps(
  history: readonly ScalerEvent[],
  initial: { readonly prefill: number; readonly decode: number },
  endUs: number,
): InstanceStep[] {
  const out: InstanceStep[] = [{ timeUs: 0, prefill: initial.prefill, decode: initial.decode }];
  for (const e of history) {
    const last = out[out.length - 1];
    const step = { timeUs: e.timeUs, prefill: e.prefill, decode: e.decode };
    if (last.timeUs === e.timeUs) out[out.length - 1] = step;
    else out.push(step);
  }
  const last = out[out.length - 1];
  if (endUs > last.timeUs) out.push({ ...last, timeUs: endUs });
  return out;
}

/** TTFT of each completed request with its arrival, in completion order. */
export interface TtftLog {
  readonly arrivalUs: number[];
  readonly ttftS: number[];
}

/** Records every completion's arrival and TTFT (the summary keeps distributions only). */
export function recordTtfts(sim: InferNexSim): TtftLog {
  const log: TtftLog = { arrivalUs: [], ttftS: [] };
  const metrics = sim.metrics;
  const complete = metrics.completedRequest.bind(metrics);
  metrics.completedRequest = (r) => {
    complete(r);
    log.arrivalUs.push(r.arrivalUs);
    log.ttftS.push((r.firstTokenUs - r.arrivalUs) / 1e6);
  };
  return log;
}

export interface WindowPercentile {
  /** Middle of the window, µs. */
  readonly timeUs: number;
  readonly p90: number;
  readonly count: number;
}

/** p90 TTFT of the requests arriving in each window (empty windows have count 0 and p90 0). */
export function arrivalWindowP90(log: TtftLog, windowUs: number): WindowPercentile[] {
  if (!(windowUs > 0)) throw new Error(`window must be positive, got ${windowUs} µs`);
  const buckets: number[][] = [];
  for (let i = 0; i < log.arrivalUs.length; i++) {
    const k = Math.floor(log.arrivalUs[i] / windowUs);
    (buckets[k] ??= []).push(log.ttftS[i]);
  }
  const out: WindowPercentile[] = [];
  for (let k = 0; k < buckets.length; k++) {
    const values = buckets[k] ?? [];
    const sorted = Float64Array.from(values).sort();
    out.push({
      timeUs: (k + 0.5) * windowUs,
      p90: percentile(sorted, 0.9),
      count: values.length,
    });
  }
  return out;
}

export interface ScalingOutcome {
  readonly policy: 'group' | 'hpa';
  readonly prefillHours: number;
  readonly decodeHours: number;
  readonly instanceHours: number;
  /** Instance-hours × accelerators per instance. */
  readonly acceleratorHours: number;
  readonly coldStarts: number;
  readonly scaleEvents: number;
  readonly steps: readonly InstanceStep[];
  readonly ttftP90: readonly WindowPercentile[];
  readonly summary: MetricsSummary;
}

/** What one scaler run cost and delivered, from its finished simulation. */
export function scalingOutcome(sim: InferNexSim, log: TtftLog, windowUs: number): ScalingOutcome {
  const scaler = sim.scaler;
  if (!scaler) throw new Error('scaling outcome: the run had no scaler');
  const [p, d] = scaler.config.ratio;
  const prefillHours = scaler.prefillInstanceSeconds / 3600;
  const decodeHours = scaler.decodeInstanceSeconds / 3600;
  return {
    policy: scaler.config.policy,
    prefillHours,
    decodeHours,
    instanceHours: prefillHours + decodeHours,
    acceleratorHours: (prefillHours + decodeHours) * sim.config.tp,
    coldStarts: scaler.coldStarts,
    scaleEvents: scaler.history.length,
    steps: instanceSteps(
      scaler.history,
      { prefill: scaler.config.initial * p, decode: scaler.config.initial * d },
      sim.now,
    ),
    ttftP90: arrivalWindowP90(log, windowUs),
    summary: sim.summary(),
  };
}

// ---- KV cache tiers ---------------------------------------------------------------------------

export type PoolScope = 'global' | 'local';

export interface TierRow {
  readonly tier: 'hbm' | 'dram' | 'nvme';
  /** Instances (HBM) or pools (DRAM, NVMe) the capacity is spread over. */
  readonly units: number;
  /** Priced capacity, GB: all HBM of the instances' accelerators, or the pool tier. */
  readonly capacityGB: number;
  /** Of it, what can hold KV (HBM after the weights); equal to capacity for pool tiers. */
  readonly kvCapacityGB: number;
  /** KV held when the replay ends. */
  readonly usedGB: number;
  /** Prompt blocks served from this tier over all prompt blocks admitted. */
  readonly hitShare: number;
  readonly readGB: number;
  /** Transfer time from this tier summed over fetches, s (HBM hits are read in place: 0). */
  readonly readS: number;
  readonly fetches: number;
  readonly evictions: number;
  readonly bandwidthGBps: number | undefined;
  readonly dollarsPerGB: number;
  readonly dollars: number;
}

export interface TierOutcome {
  readonly dramGB: number;
  readonly nvmeGB: number;
  readonly scope: PoolScope;
  readonly rows: readonly TierRow[];
  /** Blocks copied from another instance's HBM (global cache-aware routing), share of prompt blocks. */
  readonly remoteHitShare: number;
  readonly totalDollars: number;
  readonly summary: MetricsSummary;
}

/** The run's configuration with a KV pool of `dramGB` + `nvmeGB` per pool. */
export function tierConfig(
  base: InferNexConfig,
  dramGB: number,
  nvmeGB: number,
  scope: PoolScope,
): InferNexConfig {
  if (!(dramGB >= 0) || !(nvmeGB >= 0))
    throw new Error(`pool sizes must be ≥ 0 GB (DRAM ${dramGB}, NVMe ${nvmeGB})`);
  return { ...base, pool: { dramGB, nvmeGB, scope } };
}

/**
 * Each tier's capacity, use, hits, transfers and money after a run, and the total. Pool tiers'
 * shares split the run's pool hit rate in proportion to their hit counts, so the rows add up to
 * the summary's hit rate (a re-admitted request's second read is not a new prompt hit).
 */
export function tierOutcome(sim: InferNexSim): TierOutcome {
  const kvBytes = sim.stepModel.kvBytesPerToken;
  const metrics = sim.metrics;
  const blocks = Math.max(1, metrics.promptBlocks);
  const summary = sim.summary();
  const perInstanceHbm = sim.config.tp * sim.accelerator.hbmGB;
  const hbmGB = sim.instances.length * perInstanceHbm;
  const rows: TierRow[] = [
    {
      tier: 'hbm',
      units: sim.instances.length,
      capacityGB: hbmGB,
      kvCapacityGB: sim.instances.reduce((s, i) => s + i.capacityTokens, 0) * (kvBytes / 1e9),
      usedGB: sim.instances.reduce((s, i) => s + i.usedTokens, 0) * (kvBytes / 1e9),
      hitShare: metrics.hbmHitBlocks / blocks,
      readGB: 0,
      readS: 0,
      fetches: 0,
      evictions: 0,
      bandwidthGBps: undefined,
      dollarsPerGB: HBM_DOLLARS_PER_GB,
      dollars: hbmGB * HBM_DOLLARS_PER_GB,
    },
  ];
  const tiers = sim.poolConfig?.tiers ?? [];
  const stats = sim.pools.map((p) => p.stats());
  const hitsPerTier = tiers.map((_, t) => stats.reduce((s, pool) => s + pool[t].hits, 0));
  const allHits = hitsPerTier.reduce((s, h) => s + h, 0);
  tiers.forEach((tier, t) => {
    const sum = (pick: (x: (typeof stats)[number][number]) => number) =>
      stats.reduce((s, pool) => s + pick(pool[t]), 0);
    const capacityGB = tier.capacityGB * sim.pools.length;
    rows.push({
      tier: tier.name,
      units: sim.pools.length,
      capacityGB,
      kvCapacityGB: capacityGB,
      usedGB: sum((x) => x.usedGB),
      hitShare: allHits > 0 ? (summary.poolHitRate * hitsPerTier[t]) / allHits : 0,
      readGB: sum((x) => x.bytesRead) / 1e9,
      readS: sum((x) => x.readUs) / 1e6,
      fetches: sum((x) => x.fetches),
      evictions: sum((x) => x.evictions),
      bandwidthGBps: tier.bandwidthGBps,
      dollarsPerGB: tier.dollarsPerGB,
      dollars: sum((x) => x.dollars),
    });
  });
  const pool = sim.config.pool;
  return {
    dramGB: pool?.dramGB ?? 0,
    nvmeGB: pool?.nvmeGB ?? 0,
    scope: pool?.scope ?? 'global',
    rows,
    remoteHitShare: summary.remoteHitRate,
    totalDollars: rows.reduce((s, r) => s + r.dollars, 0),
    summary,
  };
}
