import { LinkKind, parseEntityId, type Cluster } from '../../model';
import { Digest } from '../../sim/digest';
import type { EngineContext, EngineCore, ScheduledEvent } from '../../sim/engine';
import {
  MAX_FRAME_FAULTS,
  type FabricFrame,
  type FaultRecord,
  type FaultStep,
  type HeartbeatStatus,
  type LogEvent,
  type SeriesPoint,
  type TrafficStatus,
} from '../../sim/frame';
import type { IsolationGranularity, Scenario, TimelineEvent } from '../../sim/scenario';
import { isFaultEvent } from '../../sim/scenario';
import { expandCabinetRanges } from '../../sim/scenarioIo';
import { US_PER_S, type SimTimeUs } from '../../sim/time';
import { availabilityEstimate, type AvailabilityEstimate } from './availability';
import { Detector } from './detection';
import { FabricStateStore } from './fabricState';
import { heartbeatSeries, type HeartbeatEstimate } from './heartbeat';
import { compareLatency, type LatencyComparison } from './latency';
import { FaultLifecycle } from './lifecycle';
import { findRoute, type FabricState, type RouteResult } from './routing';
import { scenarioFabricSettings, type FabricSettings } from './settings';
import { generateFlows, TrafficModel } from './traffic';
import {
  computeLoad,
  inCommPhase,
  linkLoadInComm,
  placeWorkloads,
  type WorkloadPlacement,
} from './workloadLoad';

/** Series the fabric publishes, one point per simulated second. */
export const FABRIC_SERIES = {
  meanLoad: 'fabric.meanLoad',
  failedDevices: 'fabric.failedDevices',
  linksDown: 'fabric.linksDown',
  activeFaults: 'fabric.faults.active',
  heartbeatRound: 'fabric.heartbeat.roundSeconds',
  meanLinkLoad: 'fabric.traffic.meanLinkLoad',
  hotLinkFactor: 'fabric.traffic.hotLinkFactor',
  stalledFlows: 'fabric.traffic.stalledFlows',
} as const;

const SERIES_PERIOD_US = US_PER_S;

/**
 * The fabric engine: device and link state of the whole super-node under faults, the heartbeat
 * that detects them, each fault's life cycle (detected → isolated → notified → rerouted →
 * repaired), background traffic and its reroutes, the workloads' duty cycle, and route queries
 * over what is usable. Faults arrive as timeline events; every later step is an internal event at
 * a computed sim time, so the state reached at time t is the same however the clock gets there.
 */
export class FabricEngine implements EngineCore, FabricState {
  readonly name = 'fabric';
  readonly cluster: Cluster;
  readonly settings: FabricSettings;
  readonly state: FabricStateStore;
  private readonly scenario: Scenario;
  private readonly utilisation: Float64Array;
  private readonly placement: WorkloadPlacement;
  private readonly detector: Detector;
  private readonly lifecycle: FaultLifecycle;
  private readonly traffic: TrafficModel | undefined;
  private timeUs: SimTimeUs = 0;
  private nextSeriesUs: SimTimeUs = 0;
  private pendingLog: LogEvent[] = [];
  private pendingSeries: SeriesPoint[] = [];
  /** Heartbeat rounds and probes so far, folded at every change of the round time. */
  private roundsDone = 0;
  private probesDone = 0;
  private accountedUs: SimTimeUs = 0;

  constructor({ scenario, cluster, rng }: EngineContext) {
    this.scenario = scenario;
    this.cluster = cluster;
    this.settings = scenarioFabricSettings(scenario);
    this.state = new FabricStateStore(cluster);
    this.utilisation = Float64Array.from(scenario.workloads, (w) => w.utilisation);
    this.placement = placeWorkloads(
      cluster,
      scenario.workloads,
      (w) => {
        const expanded = expandCabinetRanges(cluster, w.cabinets);
        return 'cabinets' in expanded ? expanded.cabinets : [];
      },
      rng,
    );
    this.detector = new Detector(cluster, this.settings.heartbeat, scenario.seed);
    this.traffic = this.buildTraffic(rng.fork('traffic'));
    this.lifecycle = new FaultLifecycle({
      cluster,
      settings: this.settings,
      state: this.state,
      detector: this.detector,
      traffic: this.traffic,
      granularityAt: (cabinet) => this.granularityAt(cabinet),
      log: (level, targets, message, faultId, step) =>
        this.log(level, targets, message, faultId, step),
    });
  }

  get now(): SimTimeUs {
    return this.timeUs;
  }

  get nodeUp(): Uint8Array {
    return this.state.nodeUp;
  }

  get linkUp(): Uint8Array {
    return this.state.linkUp;
  }

  get standIn(): Int32Array {
    return this.state.standIn;
  }

  advance(toUs: SimTimeUs, events: readonly ScheduledEvent[]): void {
    if (toUs < this.timeUs)
      throw new Error(`fabric cannot go back in time (${toUs} < ${this.timeUs})`);
    for (const scheduled of events) {
      const at = Math.max(scheduled.timeUs, this.timeUs);
      // The engine's own steps due by then come first (they were due before the event arrived).
      this.runInternal(at);
      this.moveTo(at);
      this.apply(scheduled.event);
      this.accountRounds(at);
    }
    this.runInternal(toUs);
    this.moveTo(toUs);
  }

  /** The route a flow of `bytes` takes now: never through a failed or isolated element. */
  route(from: number, to: number, bytes: number): RouteResult {
    return findRoute(this.cluster, this, from, to, bytes);
  }

  /** The route on the healthy fabric and the route now, to show how a fault moved a path. */
  rerouteOf(
    from: number,
    to: number,
    bytes: number,
  ): { healthy: RouteResult; current: RouteResult } {
    return {
      healthy: findRoute(this.cluster, undefined, from, to, bytes),
      current: this.route(from, to, bytes),
    };
  }

  /** The route now, timed over URMA and over a TCP/IP path with the same hops. */
  latency(
    from: number,
    to: number,
    bytes: number,
  ): LatencyComparison | { ok: false; reason: string } {
    return compareLatency(this.cluster, this, from, to, bytes);
  }

  /** The configured heartbeat design at cluster sizes 64 … 65,536, for the "how it grows" chart. */
  heartbeatSeries(sizes?: readonly number[]): HeartbeatEstimate[] {
    return heartbeatSeries(this.settings.heartbeat, sizes);
  }

  availability(): AvailabilityEstimate {
    return availabilityEstimate(this.cluster);
  }

  faults(): readonly FaultRecord[] {
    return this.lifecycle.faultRecords;
  }

  frame(): FabricFrame {
    const loads = this.loadsAt(this.timeUs);
    const frame: FabricFrame = {
      engine: 'fabric',
      timeUs: this.timeUs,
      npuHealth: this.state.npuHealth(),
      npuLoad: loads.npuLoad,
      npuHbmUsedGB: this.hbmUsed(),
      linkUp: this.state.linkUp.slice(),
      linkLoad: loads.linkLoad,
      series: this.pendingSeries,
      log: this.pendingLog,
      nodeHealth: this.state.nodeHealth(),
      linkState: this.state.linkStates(),
      faults: this.frameFaults(),
      heartbeat: this.heartbeatStatus(),
      ...(this.traffic ? { traffic: this.trafficStatus() } : {}),
      reroutes: this.lifecycle.rerouteSamples(),
    };
    this.pendingSeries = [];
    this.pendingLog = [];
    return frame;
  }

  digest(): string {
    const loads = this.loadsAt(this.timeUs);
    const digest = new Digest();
    digest.addNumber(this.timeUs);
    digest.addU8(this.state.npuHealth());
    this.state.addToDigest(digest);
    for (const u of this.utilisation) digest.addNumber(u);
    digest.addF32(loads.npuLoad);
    digest.addF32(loads.linkLoad);
    this.lifecycle.addToDigest(digest);
    return digest.hex();
  }

  heartbeatStatus(): HeartbeatStatus {
    const e = this.detector.estimate(this.state.deadEndpoints);
    const p = this.settings.heartbeat;
    const sinceUs = this.timeUs - this.accountedUs;
    const stats = this.lifecycle.stats;
    return {
      design: p.design,
      endpoints: e.endpoints,
      probers: e.probers,
      periodSeconds: p.periodS,
      timeoutSeconds: p.timeoutS,
      roundSeconds: e.roundSeconds,
      detectionMinSeconds: e.detectionMinSeconds,
      detectionTypicalSeconds: e.detectionTypicalSeconds,
      detectionSeconds: e.detectionSeconds,
      targetSeconds: e.targetSeconds,
      meetsTarget: e.meetsTarget,
      roundsCompleted: Math.floor(this.roundsDone + sinceUs / US_PER_S / e.cycleSeconds),
      probesSent: Math.floor(this.probesDone + (sinceUs / US_PER_S) * e.probesPerSecond),
      detections: stats.detections,
      falseSuspicions: stats.falseSuspicions,
      unmonitoredEndpoints: this.state.unmonitoredEndpoints,
      deadEndpoints: this.state.deadEndpoints,
      meanTimeToDetectSeconds: stats.meanTimeToDetectSeconds,
      meanTimeToIsolateSeconds: stats.meanTimeToIsolateSeconds,
    };
  }

  trafficStatus(): TrafficStatus | undefined {
    if (!this.traffic) return undefined;
    const s = this.traffic.stats(this.state.physical);
    return {
      pattern: this.settings.traffic.pattern,
      policy: this.settings.routing.multipath,
      ...s,
    };
  }

  // -------------------------------------------------------------------------------------------

  private buildTraffic(rng: EngineContext['rng']): TrafficModel | undefined {
    const spec = this.settings.traffic;
    if (spec.pattern === 'none') return undefined;
    let hotSpot = 0;
    if (spec.pattern === 'hot-spot') {
      const parsed =
        spec.hotSpot !== undefined ? parseEntityId(this.cluster, spec.hotSpot) : undefined;
      if (parsed?.ok && parsed.ref.kind === 'npu') hotSpot = parsed.ref.index;
    }
    const flows = generateFlows(
      this.cluster,
      {
        pattern: spec.pattern,
        offeredGBps: spec.offeredGBps,
        hotSpot,
        hotSpotShare: spec.hotSpotShare,
      },
      rng,
    );
    const model = new TrafficModel(this.cluster, flows, this.settings.routing.multipath);
    model.routeAll(this.state.view);
    return model;
  }

  private granularityAt(cabinet: number): IsolationGranularity {
    if (cabinet < 0) return 'device';
    const w = this.placement.npuWorkload[cabinet * this.cluster.perCabinet];
    if (w < 0) return this.settings.isolation.idle;
    const workload = this.scenario.workloads[w];
    return workload.isolation ?? this.settings.isolation[workload.kind];
  }

  private runInternal(toUs: SimTimeUs): void {
    this.lifecycle.runUntil(toUs, (at) => {
      this.moveTo(at);
      this.accountRounds(at);
    });
    this.accountRounds(toUs);
  }

  private moveTo(at: SimTimeUs): void {
    this.emitSeriesThrough(at);
    this.timeUs = Math.max(this.timeUs, at);
  }

  /** Folds the rounds and probes up to `at` at the round time in force (it changes with dead endpoints). */
  private accountRounds(at: SimTimeUs): void {
    if (at <= this.accountedUs) return;
    const e = this.detector.estimate(this.state.deadEndpoints);
    const seconds = (at - this.accountedUs) / US_PER_S;
    this.roundsDone += seconds / e.cycleSeconds;
    this.probesDone += seconds * e.probesPerSecond;
    this.accountedUs = at;
  }

  private apply(event: TimelineEvent): void {
    if (isFaultEvent(event)) return this.lifecycle.inject(event, this.timeUs);
    switch (event.kind) {
      case 'npu-repair':
      case 'link-repair':
      case 'repair':
        return this.lifecycle.repair(event.kind, event.target, event.by, this.timeUs);
      case 'workload-load': {
        const w = this.scenario.workloads.findIndex((x) => x.id === event.target);
        if (w < 0)
          return this.log('warn', [], `no workload "${event.target}": load change ignored`);
        this.utilisation[w] = event.utilisation;
        return this.log(
          'info',
          [],
          `workload ${event.target} utilisation → ${(event.utilisation * 100).toFixed(0)} %${event.by === 'operator' ? ' (operator action)' : ''}`,
        );
      }
    }
  }

  private log(
    level: LogEvent['level'],
    targets: readonly string[],
    message: string,
    faultId?: string,
    step?: FaultStep,
  ): void {
    this.pendingLog.push({
      timeUs: this.timeUs,
      level,
      source: 'fabric',
      targets,
      message,
      ...(faultId !== undefined ? { faultId } : {}),
      ...(step !== undefined ? { step } : {}),
    });
  }

  private frameFaults(): FaultRecord[] {
    const all = this.lifecycle.faultRecords;
    if (all.length <= MAX_FRAME_FAULTS) return [...all];
    // Keep every active fault and the most recent ended ones.
    const active = all.filter((f) => f.active);
    const room = Math.max(0, MAX_FRAME_FAULTS - active.length);
    const ended = all.filter((f) => !f.active).slice(-room);
    const keep = new Set([...active, ...ended]);
    return all.filter((f) => keep.has(f));
  }

  private emitSeriesThrough(toUs: SimTimeUs): void {
    while (this.nextSeriesUs <= toUs) {
      const t = this.nextSeriesUs;
      const { npuLoad } = this.loadsAt(t, false);
      let sum = 0;
      for (let i = 0; i < npuLoad.length; i++) sum += npuLoad[i];
      this.pendingSeries.push(
        { series: FABRIC_SERIES.meanLoad, timeUs: t, value: sum / npuLoad.length },
        { series: FABRIC_SERIES.failedDevices, timeUs: t, value: this.state.unusableEndpoints },
        { series: FABRIC_SERIES.linksDown, timeUs: t, value: this.state.unusableLinks },
        { series: FABRIC_SERIES.activeFaults, timeUs: t, value: this.lifecycle.activeFaults },
        {
          series: FABRIC_SERIES.heartbeatRound,
          timeUs: t,
          value: this.detector.estimate(this.state.deadEndpoints).roundSeconds,
        },
      );
      if (this.traffic) {
        const s = this.traffic.stats(this.state.physical);
        this.pendingSeries.push(
          { series: FABRIC_SERIES.meanLinkLoad, timeUs: t, value: s.meanLinkLoad },
          { series: FABRIC_SERIES.hotLinkFactor, timeUs: t, value: s.hotLinkFactor },
          { series: FABRIC_SERIES.stalledFlows, timeUs: t, value: s.stalledFlows },
        );
      }
      this.nextSeriesUs += SERIES_PERIOD_US;
    }
  }

  private loadsAt(timeUs: SimTimeUs, withLinks = true) {
    const { cluster, placement, scenario } = this;
    const nodeUp = this.state.nodeUp;
    const linkUp = this.state.linkUp;
    const npuLoad = new Float32Array(cluster.npuCount);
    const comm = new Uint8Array(cluster.npuCount);
    for (let npu = 0; npu < cluster.npuCount; npu++) {
      const w = placement.npuWorkload[npu];
      if (w < 0 || nodeUp[npu] === 0) continue;
      const workload = scenario.workloads[w];
      const inComm = inCommPhase(workload, placement.npuSkewUs[npu], timeUs);
      comm[npu] = inComm ? 1 : 0;
      npuLoad[npu] = computeLoad(this.utilisation[w], placement.npuSpeed[npu], inComm);
    }
    const linkLoad = new Float32Array(withLinks ? cluster.linkCount : 0);
    if (withLinks) {
      for (let link = 0; link < cluster.linkCount; link++) {
        if (linkUp[link] === 0) continue;
        const a = cluster.linkA[link];
        if (a >= cluster.npuCount || comm[a] === 0) continue;
        const kind = cluster.linkKind[link];
        const b = cluster.linkB[link];
        const w = placement.npuWorkload[a];
        // Mesh links carry a workload's traffic only when both ends are its NPUs and up.
        if (
          kind !== LinkKind.Uplink &&
          (b >= cluster.npuCount || placement.npuWorkload[b] !== w || nodeUp[b] === 0)
        )
          continue;
        linkLoad[link] = linkLoadInComm(scenario.workloads[w], kind === LinkKind.Uplink);
      }
      if (this.traffic) {
        // Background flows on top of the workloads' own traffic, capped at a full link.
        const background = this.traffic.utilisation(this.state.physical);
        for (let link = 0; link < linkLoad.length; link++) {
          const total = linkLoad[link] + background[link];
          linkLoad[link] = total > 1 ? 1 : total;
        }
      }
    }
    return { npuLoad, linkLoad };
  }

  private hbmUsed(): Float32Array {
    const used = new Float32Array(this.cluster.npuCount);
    const nodeUp = this.state.nodeUp;
    for (let npu = 0; npu < used.length; npu++) {
      const w = this.placement.npuWorkload[npu];
      if (w >= 0 && nodeUp[npu] === 1) used[npu] = this.scenario.workloads[w].hbmGB;
    }
    return used;
  }
}

export const createFabricEngine = (context: EngineContext): FabricEngine =>
  new FabricEngine(context);
