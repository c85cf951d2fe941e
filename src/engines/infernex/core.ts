import { parseEntityId, type Cluster } from '../../model';
import { Digest } from '../../sim/digest';
import type { EngineContext, ScheduledEvent } from '../../sim/engine';
import type { LogEvent, SeriesPoint } from '../../sim/frame';
import type { Rng } from '../../sim/rng';
import type { TimelineEvent } from '../../sim/scenario';
import type { SimTimeUs } from '../../sim/time';
import type { InstanceRole } from './instance';
import { InferNexSim, type InferNexConfig } from './simulator';
import type { TraceRequest } from './trace';

export const INSTANCE_ROLE_CODE: Readonly<Record<InstanceRole, number>> = {
  mixed: 0,
  prefill: 1,
  decode: 2,
};

export const InstanceStatus = {
  Serving: 0,
  /** An accelerator under it failed. */
  Down: 1,
  /** Scaled in (or draining). */
  Off: 2,
  /** Cold-starting. */
  Starting: 3,
} as const;
export type InstanceStatus = (typeof InstanceStatus)[keyof typeof InstanceStatus];

/**
 * What InferNex hands the console after an advance: per-instance state as typed arrays, the
 * accelerators each instance occupies (to colour them in the 3D view and walk from a TTFT spike to
 * its instances and NPUs), per-NPU utilisation, running totals, and the series and log since the
 * previous frame.
 */
export interface InferNexFrame {
  readonly engine: 'infernex';
  readonly timeUs: SimTimeUs;
  readonly instanceCount: number;
  /** Per instance: `INSTANCE_ROLE_CODE`. */
  readonly instanceRole: Uint8Array;
  /** Per instance: `InstanceStatus`. */
  readonly instanceStatus: Uint8Array;
  /** Per instance: requests waiting. */
  readonly instanceQueue: Float32Array;
  /** Per instance: sequences in the step in flight (0 when idle). */
  readonly instanceBatch: Float32Array;
  /** Per instance: requests admitted (prefilling or decoding). */
  readonly instanceRunning: Float32Array;
  /** Per instance: KV in use / capacity, 0…1. */
  readonly instanceKvUtilisation: Float32Array;
  /** Per instance: prompt blocks served from cache / prompt blocks admitted, since the start. */
  readonly instanceHitRate: Float32Array;
  /** Per instance: busy share of the time since the previous frame, 0…1. */
  readonly instanceUtilisation: Float32Array;
  /** Accelerators of instance i: `instanceNpus[instanceNpuOffset[i] … instanceNpuOffset[i + 1])`. */
  readonly instanceNpus: Uint32Array;
  readonly instanceNpuOffset: Uint32Array;
  /** Per cluster accelerator: the instance on it, or −1. */
  readonly npuInstance: Int32Array;
  /** Per cluster accelerator: its instance's busy share since the previous frame. */
  readonly npuUtilisation: Float32Array;
  readonly arrived: number;
  readonly completed: number;
  readonly failed: number;
  readonly inFlight: number;
  readonly series: readonly SeriesPoint[];
  readonly log: readonly LogEvent[];
}

/** The typed arrays of a frame, for `postMessage` transfer lists. */
export function inferNexFrameBuffers(frame: InferNexFrame): ArrayBuffer[] {
  return [
    frame.instanceRole,
    frame.instanceStatus,
    frame.instanceQueue,
    frame.instanceBatch,
    frame.instanceRunning,
    frame.instanceKvUtilisation,
    frame.instanceHitRate,
    frame.instanceUtilisation,
    frame.instanceNpus,
    frame.instanceNpuOffset,
    frame.npuInstance,
    frame.npuUtilisation,
  ].map((a) => a.buffer as ArrayBuffer);
}

/**
 * The InferNex engine core, shaped like `EngineCore` (name, `advance(toUs, events)`, `frame()`,
 * `digest()`) so an orchestrator can advance it in lockstep beside the fabric. Timeline faults
 * (`npu-fail` on an NPU, server or cabinet id; `link-fail`; repairs) reach the instances on them.
 */
export class InferNexCore {
  readonly name = 'infernex';
  readonly sim: InferNexSim;
  private readonly busyAtLastFrame: Float64Array;
  private lastFrameUs = 0;

  constructor(cluster: Cluster, config: InferNexConfig, trace: readonly TraceRequest[], rng: Rng) {
    this.sim = new InferNexSim(cluster, config, trace, rng);
    this.busyAtLastFrame = new Float64Array(this.sim.instances.length);
  }

  get now(): SimTimeUs {
    return this.sim.now;
  }

  advance(toUs: SimTimeUs, events: readonly ScheduledEvent[]): void {
    if (toUs < this.sim.now)
      throw new Error(`infernex cannot go back in time (${toUs} < ${this.sim.now})`);
    for (const scheduled of events) {
      this.sim.runUntil(Math.max(scheduled.timeUs, this.sim.now));
      this.apply(scheduled.event);
    }
    this.sim.runUntil(toUs);
  }

  private apply(event: TimelineEvent): void {
    switch (event.kind) {
      case 'npu-fail':
      case 'npu-repair': {
        const up = event.kind === 'npu-repair';
        for (const npu of this.acceleratorsOf(event.target)) this.sim.setNodeUp(npu, up);
        return;
      }
      case 'link-fail':
      case 'link-repair': {
        const parsed = parseEntityId(this.sim.cluster, event.target);
        if (parsed.ok && parsed.ref.kind === 'link')
          this.sim.setLinkUp(parsed.ref.index, event.kind === 'link-repair');
        return;
      }
      case 'workload-load':
        return;
    }
  }

  /** Accelerator indices an id names: one NPU, every NPU of a server or cabinet, or a routing node. */
  private acceleratorsOf(target: string): number[] {
    const cluster = this.sim.cluster;
    const parsed = parseEntityId(cluster, target);
    if (!parsed.ok) return [];
    const ref = parsed.ref;
    switch (ref.kind) {
      case 'npu':
      case 'node':
        return [ref.index];
      case 'server':
        return Array.from(
          { length: cluster.perServer },
          (_, k) => ref.index * cluster.perServer + k,
        );
      case 'cabinet':
        return Array.from(
          { length: cluster.perCabinet },
          (_, k) => ref.index * cluster.perCabinet + k,
        );
      case 'supernode':
      case 'pod':
      case 'icabinet':
      case 'link':
        return [];
    }
  }

  frame(): InferNexFrame {
    const sim = this.sim;
    const now = sim.now;
    const n = sim.instances.length;
    const role = new Uint8Array(n);
    const status = new Uint8Array(n);
    const queue = new Float32Array(n);
    const batch = new Float32Array(n);
    const running = new Float32Array(n);
    const kv = new Float32Array(n);
    const hit = new Float32Array(n);
    const util = new Float32Array(n);
    const offsets = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + sim.instances[i].npus.length;
    const npus = new Uint32Array(offsets[n]);
    const npuUtil = new Float32Array(sim.cluster.npuCount);
    const window = now - this.lastFrameUs;
    for (let i = 0; i < n; i++) {
      const inst = sim.instances[i];
      role[i] = INSTANCE_ROLE_CODE[inst.role];
      status[i] = !inst.up
        ? InstanceStatus.Down
        : inst.active
          ? InstanceStatus.Serving
          : inst.starting(now)
            ? InstanceStatus.Starting
            : InstanceStatus.Off;
      queue[i] = inst.waitingCount;
      batch[i] = inst.stepping ? inst.lastBatchSize : 0;
      running[i] = inst.runningCount;
      kv[i] = inst.kvUsage;
      hit[i] = inst.promptBlocks > 0 ? inst.hitBlocks / inst.promptBlocks : 0;
      const busy = inst.busyUs + (inst.stepping ? now - inst.stepStartUs : 0);
      util[i] = window > 0 ? Math.min(1, (busy - this.busyAtLastFrame[i]) / window) : 0;
      this.busyAtLastFrame[i] = busy;
      for (let k = 0; k < inst.npus.length; k++) {
        npus[offsets[i] + k] = inst.npus[k];
        npuUtil[inst.npus[k]] = util[i];
      }
    }
    this.lastFrameUs = now;
    const { series, log } = sim.takeOutput();
    const m = sim.metrics;
    return {
      engine: 'infernex',
      timeUs: now,
      instanceCount: n,
      instanceRole: role,
      instanceStatus: status,
      instanceQueue: queue,
      instanceBatch: batch,
      instanceRunning: running,
      instanceKvUtilisation: kv,
      instanceHitRate: hit,
      instanceUtilisation: util,
      instanceNpus: npus,
      instanceNpuOffset: offsets,
      npuInstance: sim.npuInstance.slice(),
      npuUtilisation: npuUtil,
      arrived: m.arrived,
      completed: m.completed,
      failed: m.failed,
      inFlight: m.inFlight,
      series,
      log,
    };
  }

  digest(): string {
    const sim = this.sim;
    const m = sim.metrics;
    const d = new Digest();
    d.addNumber(sim.now);
    d.addU32([
      m.arrived,
      m.completed,
      m.failed,
      m.good,
      m.promptBlocks,
      m.hbmHitBlocks,
      m.poolHitBlocks,
      sim.decisionsMade,
    ]);
    const s = m.summary();
    d.addNumber(s.ttftS.mean).addNumber(s.e2eS.mean).addNumber(s.tpotS.mean);
    for (const inst of sim.instances) {
      d.addU32([
        inst.up ? 1 : 0,
        inst.active ? 1 : 0,
        inst.waitingCount,
        inst.runningCount,
        inst.cache.size,
        inst.usedTokens,
        inst.steps,
      ]);
      d.addNumber(inst.stepping ? inst.stepEndUs : -1);
    }
    return d.hex();
  }
}

/** Builds the core for an orchestrator: the scenario's cluster and this engine's seeded stream. */
export function createInferNexCore(
  context: EngineContext,
  config: Omit<InferNexConfig, 'seed'>,
  trace: readonly TraceRequest[],
): InferNexCore {
  return new InferNexCore(
    context.cluster,
    { ...config, seed: context.scenario.seed },
    trace,
    context.rng,
  );
}
