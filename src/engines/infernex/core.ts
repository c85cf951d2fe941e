import { cabinetId, nodeId, parseEntityId, serverId, type Cluster } from '../../model';
import { Digest } from '../../sim/digest';
import type { EngineContext, ScheduledEvent } from '../../sim/engine';
import { frameBuffers, type InferNexFrame } from '../../sim/frame';

export type { InferNexFrame } from '../../sim/frame';
import type { Rng } from '../../sim/rng';
import type { SimTimeUs } from '../../sim/time';
import { FABRIC_DEFAULTS } from '../fabric/settings';
import { FaultEffects, type FaultEffect, type FlapTiming } from '../faultEffects';
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

/** The typed arrays of a frame, for `postMessage` transfer lists. */
export function inferNexFrameBuffers(frame: InferNexFrame): ArrayBuffer[] {
  return frameBuffers(frame);
}

/** The fabric timing the fault mirror needs when the scenario states none. */
export const DEFAULT_FLAP_TIMING: FlapTiming = {
  linkDetectUs: FABRIC_DEFAULTS.timing.linkDetectUs,
  isolateLinkUs: FABRIC_DEFAULTS.timing.isolateUs.device,
  flapDampenCount: FABRIC_DEFAULTS.timing.flapDampenCount,
};

/**
 * The InferNex engine core, shaped like `EngineCore` (name, `advance(toUs, events)`, `frame()`,
 * `digest()`) so the orchestrator advances it in lockstep beside the fabric. Every timeline fault
 * reaches the instances through `FaultEffects`, the same physical timeline the fabric follows:
 * an NPU, server or cabinet going down stops the instances on it (their requests re-routed or
 * failed), a switch, link or pod cut changes the KV-transfer routes, and when the fault ends —
 * repair, `durationSeconds`, the end of a flap phase — the instances come back with an empty cache.
 */
export class InferNexCore {
  readonly name = 'infernex';
  readonly sim: InferNexSim;
  readonly faults: FaultEffects;
  private readonly busyAtLastFrame: Float64Array;
  private lastFrameUs = 0;

  constructor(
    cluster: Cluster,
    config: InferNexConfig,
    trace: readonly TraceRequest[],
    rng: Rng,
    timing: FlapTiming = DEFAULT_FLAP_TIMING,
  ) {
    this.sim = new InferNexSim(cluster, config, trace, rng);
    this.faults = new FaultEffects(cluster, timing);
    this.busyAtLastFrame = new Float64Array(this.sim.instances.length);
  }

  get now(): SimTimeUs {
    return this.sim.now;
  }

  advance(toUs: SimTimeUs, events: readonly ScheduledEvent[]): void {
    if (toUs < this.sim.now)
      throw new Error(`infernex cannot go back in time (${toUs} < ${this.sim.now})`);
    for (const scheduled of events) {
      const at = Math.max(scheduled.timeUs, this.sim.now);
      // The fault steps due by then come first (they were due before the event arrived).
      this.runTo(at);
      this.applyEffects(this.faults.apply(scheduled.event, at));
    }
    this.runTo(toUs);
  }

  /** Runs the serving simulation to `toUs`, stopping at each internal fault step on the way. */
  private runTo(toUs: SimTimeUs): void {
    for (let next = this.faults.nextUs(); next <= toUs; next = this.faults.nextUs()) {
      this.sim.runUntil(next);
      this.applyEffects(this.faults.runUntil(next));
    }
    this.sim.runUntil(toUs);
  }

  private applyEffects(effects: readonly FaultEffect[]): void {
    for (const effect of effects) {
      const reason = this.describe(effect);
      if (effect.nodes.length > 0) this.sim.setNodesUp(effect.nodes, !effect.starts, reason);
      if (effect.links.length > 0) this.sim.setLinksUp(effect.links, !effect.starts);
    }
  }

  /** "cabinet cab-012 power loss", "server-down on cab-003/srv-2 ended (repair)" … */
  private describe(effect: FaultEffect): string {
    const target = this.displayTarget(effect.target);
    if (!effect.starts)
      return `${effect.kind} on ${target} ended (${effect.endedBy === 'duration' ? 'its duration ran out' : effect.endedBy === 'flap' ? 'flap up phase' : 'repaired'})`;
    switch (effect.kind) {
      case 'npu-fail':
        return `NPU ${target} failed`;
      case 'server-down':
        return `server ${target} down`;
      case 'cabinet-power-loss':
        return `cabinet ${target} power loss`;
      case 'switch-down':
        return `switch ${target} down`;
      default:
        return `${effect.kind} on ${target}`;
    }
  }

  private displayTarget(target: string): string {
    const cluster = this.sim.cluster;
    const parsed = parseEntityId(cluster, target);
    if (!parsed.ok) return target;
    const ref = parsed.ref;
    switch (ref.kind) {
      case 'cabinet':
        return cabinetId(ref.index);
      case 'server':
        return serverId(cluster, ref.index);
      case 'npu':
      case 'node':
        return nodeId(cluster, ref.index);
      default:
        return target;
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
    let down = 0;
    for (let i = 0; i < n; i++) if (status[i] === InstanceStatus.Down) down++;
    const ttft = m.completed + m.inFlight > 0 ? m.summary().ttftS : undefined;
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
      instancesDown: down,
      reroutedOnFault: sim.reroutedOnFault,
      failedOnFault: sim.failedOnFault,
      ttftMeanS: ttft?.mean ?? 0,
      ttftP99S: ttft?.p99 ?? 0,
      activeFaults: this.faults.activeCount,
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
      sim.reroutedOnFault,
      sim.failedOnFault,
      this.faults.activeCount,
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
  timing?: FlapTiming,
): InferNexCore {
  return new InferNexCore(
    context.cluster,
    { ...config, seed: context.scenario.seed },
    trace,
    context.rng,
    timing,
  );
}
